package io.candor.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candor.audit.AuditLog;
import io.candor.common.FieldError;
import io.candor.common.ProblemException;
import io.candor.common.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Creating and changing tenants, their signing keys and their API keys (the operator's work). */
@ApplicationScoped
@Transactional
public class TenantService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TenantRepository tenants;
    private final TenantDirectory directory;
    private final AuditLog audit;
    private final ObjectMapper mapper;
    private final Clock clock;

    private final jakarta.enterprise.event.Event<TenantPolicyChanged> policyChanged;

    public TenantService(TenantRepository tenants, TenantDirectory directory, AuditLog audit, ObjectMapper mapper, Clock clock,
                         jakarta.enterprise.event.Event<TenantPolicyChanged> policyChanged) {
        this.policyChanged = policyChanged;
        this.tenants = tenants;
        this.directory = directory;
        this.audit = audit;
        this.mapper = mapper;
        this.clock = clock;
    }

    public TenantView create(CreateTenantRequest request) {
        List<FieldError> errors = new ArrayList<>();
        List<PublicKeyPem> keys = parseKeys(request.publicKeys(), errors);
        TenantPolicy policy = TenantPolicy.DEFAULTS.merge(request.policy());
        errors.addAll(policy.validate());
        String issuer = request.issuer().strip();
        List<String> origins = SignInOrigins.parse(request.signInOrigins(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        if (tenants.slugOrIssuerTaken(request.slug(), issuer)) {
            throw ProblemException.of(ProblemType.ALREADY_EXISTS, "A marketplace with this slug or issuer already exists.");
        }
        Instant now = clock.instant();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        Tenant tenant = new Tenant(request.slug(), request.displayName().strip(), issuer, toJson(policy), secret, now);
        tenant.changeAudience(request.audience(), now);
        tenant.changeSignInOrigins(origins, now);
        tenants.persistAndFlush(tenant);
        tenants.replaceKeys(tenant.id(), keys, now);
        String apiKey = ApiKeys.generate(tenant.slug());
        ApiKeys.Parsed parsed = ApiKeys.parse(apiKey).orElseThrow();
        tenants.insertApiKey(tenant.id(), parsed.prefix(), ApiKeys.hash(apiKey), now);
        audit.append(tenant.id(), AuditLog.Actor.OPERATOR, "tenant.created", "tenant", tenant.slug(),
                Map.of("keys", keys.stream().map(PublicKeyPem::keyId).toList(), "apiKey", parsed.prefix()), now);
        directory.evict(directory.toContext(tenant));
        return view(tenant, policy, apiKey);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public TenantView get(String slug) {
        Tenant tenant = require(slug);
        return view(tenant, directory.readPolicy(tenant.policyJson()), null);
    }

    public TenantView update(String slug, UpdateTenantRequest request) {
        Tenant tenant = require(slug);
        Instant now = clock.instant();
        List<FieldError> errors = new ArrayList<>();
        List<PublicKeyPem> keys = request.publicKeys() == null ? null : parseKeys(request.publicKeys(), errors);
        TenantPolicy before = directory.readPolicy(tenant.policyJson());
        TenantPolicy policy = before.merge(request.policy());
        errors.addAll(policy.validate());
        List<String> origins = request.signInOrigins() == null ? null : SignInOrigins.parse(request.signInOrigins(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        Map<String, Object> changed = new LinkedHashMap<>();
        if (request.audience() != null) {
            tenant.changeAudience(request.audience().strip(), now);
            changed.put("audience", tenant.audience().orElse(null));
        }
        if (origins != null) {
            tenant.changeSignInOrigins(origins, now);
            changed.put("signInOrigins", origins);
        }
        if (request.displayName() != null) {
            tenant.rename(request.displayName().strip(), now);
            changed.put("displayName", true);
        }
        if (request.policy() != null) {
            tenant.changePolicy(toJson(policy), now);
            changed.put("policy", policy);
            policyChanged.fire(new TenantPolicyChanged(tenant.id(), before, policy));
        }
        if (keys != null) {
            tenants.replaceKeys(tenant.id(), keys, now);
            tenant.touch(now);
            changed.put("keys", keys.stream().map(PublicKeyPem::keyId).toList());
        }
        tenants.flush();
        audit.append(tenant.id(), AuditLog.Actor.OPERATOR, "tenant.updated", "tenant", tenant.slug(), changed, now);
        directory.evict(directory.toContext(tenant));
        return view(tenant, policy, null);
    }

    public TenantView.IssuedApiKey issueApiKey(String slug) {
        Tenant tenant = require(slug);
        Instant now = clock.instant();
        String apiKey = ApiKeys.generate(tenant.slug());
        ApiKeys.Parsed parsed = ApiKeys.parse(apiKey).orElseThrow();
        tenants.insertApiKey(tenant.id(), parsed.prefix(), ApiKeys.hash(apiKey), now);
        audit.append(tenant.id(), AuditLog.Actor.OPERATOR, "api-key.issued", "api-key", parsed.prefix(), Map.of(), now);
        return new TenantView.IssuedApiKey(apiKey, parsed.prefix());
    }

    public void revokeApiKey(String slug, String prefix) {
        Tenant tenant = require(slug);
        Instant now = clock.instant();
        if (!tenants.revokeApiKey(tenant.id(), prefix, now)) {
            if (tenants.apiKeyExists(tenant.id(), prefix)) {
                return;
            }
            throw ProblemException.notFound("API key");
        }
        audit.append(tenant.id(), AuditLog.Actor.OPERATOR, "api-key.revoked", "api-key", prefix, Map.of(), now);
        directory.evict(directory.toContext(tenant));
    }

    private Tenant require(String slug) {
        return tenants.findBySlug(slug).orElseThrow(() -> ProblemException.notFound("Marketplace"));
    }

    private static List<PublicKeyPem> parseKeys(List<String> pems, List<FieldError> errors) {
        List<PublicKeyPem> keys = new ArrayList<>();
        if (pems == null) {
            return keys;
        }
        for (int i = 0; i < pems.size(); i++) {
            Optional<PublicKeyPem> key = PublicKeyPem.parse(pems.get(i));
            if (key.isEmpty()) {
                errors.add(new FieldError("publicKeys[" + i + "]",
                        "must be a PEM public key (-----BEGIN PUBLIC KEY-----): RSA of at least 2048 bits or EC P-256"));
            } else {
                keys.add(key.get());
            }
        }
        return keys;
    }

    private TenantView view(Tenant tenant, TenantPolicy policy, String apiKey) {
        return new TenantView(tenant.slug(), tenant.displayName(), tenant.issuer(), policy, tenants.keyPems(tenant.id()),
                tenants.apiKeys(tenant.id()), tenant.createdAt(), apiKey, tenant.audience().orElse(null), tenant.signInOrigins());
    }

    private String toJson(TenantPolicy policy) {
        try {
            return mapper.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
