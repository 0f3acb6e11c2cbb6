package io.candor.tenant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.candor.common.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwk.PublicJsonWebKey;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Cached, read-only view of tenants for request handling: by slug (public paths), by issuer (tokens),
 * by id, and which API keys are live. Entries expire after a short time so that changes made through
 * another instance reach this one; changes made here evict at once.
 */
@ApplicationScoped
public class TenantDirectory {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final TenantRepository tenants;
    private final ObjectMapper mapper;
    private final Cache<String, Optional<TenantContext>> bySlug = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(TTL).build();
    private final Cache<String, Optional<TenantContext>> byIssuer = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(TTL).build();
    private final Cache<Long, TenantContext> byId = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(TTL).build();
    private final Cache<String, Long> liveApiKeys = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(TTL).build();

    public TenantDirectory(TenantRepository tenants, ObjectMapper mapper) {
        this.tenants = tenants;
        this.mapper = mapper;
    }

    /** Every tenant's id, in order, for jobs that go through them all. */
    public List<Long> allIds() {
        return tenants.allIds();
    }

    public Optional<TenantContext> bySlug(String slug) {
        return bySlug.get(slug, s -> load(() -> tenants.findBySlug(s)));
    }

    /** Whether {@link #bySlug} would answer without a query (an unknown slug, once looked up, counts too). */
    public boolean knowsSlug(String slug) {
        return bySlug.getIfPresent(slug) != null;
    }

    /** The tenant of a public path; an unknown slug is a 404. */
    public TenantContext requireSlug(String slug) {
        return bySlug(slug).orElseThrow(() -> ProblemException.notFound("Marketplace '" + abbreviate(slug) + "'"));
    }

    public Optional<TenantContext> byIssuer(String issuer) {
        return byIssuer.get(issuer, i -> load(() -> tenants.findByIssuer(i)));
    }

    public TenantContext byId(long id) {
        TenantContext context = byId.get(id, i -> load(() -> Optional.ofNullable(tenants.findById(i))).orElse(null));
        if (context == null) {
            throw ProblemException.notFound("Marketplace");
        }
        return context;
    }

    /** The tenant an API key belongs to, if the key is live. */
    public Optional<Long> tenantOfApiKey(String key) {
        Optional<ApiKeys.Parsed> parsed = ApiKeys.parse(key);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = ApiKeys.hash(key);
        String cacheKey = HexFormat.of().formatHex(hash);
        Long cached = liveApiKeys.getIfPresent(cacheKey);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<TenantContext> tenant = bySlug(parsed.get().slug());
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        long tenantId = tenant.get().id();
        boolean live = QuarkusTransaction.joiningExisting().call(() -> tenants.liveApiKeyHash(tenantId, parsed.get().prefix()))
                .map(stored -> MessageDigest.isEqual(stored, hash))
                .orElse(false);
        if (!live) {
            return Optional.empty();
        }
        liveApiKeys.put(cacheKey, tenantId);
        return Optional.of(tenantId);
    }

    /** Forgets everything cached about a tenant after a change made through this instance. */
    public void evict(TenantContext context) {
        bySlug.invalidate(context.slug());
        byIssuer.invalidate(context.issuer());
        byId.invalidate(context.id());
        liveApiKeys.asMap().values().removeIf(id -> id == context.id());
    }

    private Optional<TenantContext> load(java.util.function.Supplier<Optional<Tenant>> finder) {
        return QuarkusTransaction.joiningExisting().call(() -> finder.get().map(this::toContext));
    }

    TenantContext toContext(Tenant tenant) {
        List<PublicJsonWebKey> keys = tenants.keyPems(tenant.id()).stream()
                .map(PublicKeyPem::parse)
                .flatMap(Optional::stream)
                .map(PublicKeyPem::jwk)
                .toList();
        return new TenantContext(tenant.id(), tenant.slug(), tenant.displayName(), tenant.issuer(), readPolicy(tenant.policyJson()),
                tenant.secret(), keys, tenant.audience(), tenant.signInOrigins());
    }

    TenantPolicy readPolicy(String json) {
        try {
            return TenantPolicy.DEFAULTS.merge(mapper.readValue(json, TenantPolicy.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored policy is not readable", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
