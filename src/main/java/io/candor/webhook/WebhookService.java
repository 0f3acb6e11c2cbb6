package io.candor.webhook;

import io.candor.audit.AuditLog;
import io.candor.common.ProblemException;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A marketplace's webhook: where events go, and the secret they are signed with. */
@ApplicationScoped
@Transactional
public class WebhookService {

    static final int SECRET_MIN = 16;
    static final int SECRET_MAX = 256;

    private final WebhookRepository repository;
    private final TenantDirectory tenants;
    private final WebhookSecrets secrets;
    private final WebhookConfig config;
    private final AuditLog audit;
    private final Clock clock;
    private final ReceiverResolver resolver;

    public WebhookService(WebhookRepository repository, TenantDirectory tenants, WebhookSecrets secrets, WebhookConfig config, AuditLog audit, Clock clock,
                          ReceiverResolver resolver) {
        this.repository = repository;
        this.resolver = resolver;
        this.tenants = tenants;
        this.secrets = secrets;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
    }

    /** The webhook as its marketplace sees it: never the secret. */
    public record WebhookView(String url, Instant updatedAt, long pending, long dead, Instant lastDeliveredAt) {
    }

    /** A configured endpoint with its decrypted secret, for the sender. */
    record Endpoint(URI url, String secret) {
    }

    public WebhookView configure(long tenantId, WebhookRequest request) {
        TenantContext tenant = tenants.byId(tenantId);
        URI url = checkUrl(request.url());
        String secret = request.secret();
        if (secret.length() < SECRET_MIN || secret.length() > SECRET_MAX || secret.isBlank()) {
            throw ProblemException.invalid("secret", "must be " + SECRET_MIN + ".." + SECRET_MAX + " characters; use a random value");
        }
        Instant now = clock.instant();
        repository.save(tenant.id(), url.toString(), secrets.encrypt(tenant, secret), secrets.currentSource(), now);
        audit.append(tenant.id(), AuditLog.Actor.MARKETPLACE, "webhook.configured", "webhook", tenant.slug(), Map.of("host", url.getHost()), now);
        return status(tenantId).orElseThrow();
    }

    public void remove(long tenantId) {
        TenantContext tenant = tenants.byId(tenantId);
        if (repository.delete(tenant.id())) {
            audit.append(tenant.id(), AuditLog.Actor.MARKETPLACE, "webhook.removed", "webhook", tenant.slug(), Map.of(), clock.instant());
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<WebhookView> status(long tenantId) {
        return repository.status(tenantId);
    }

    /** The tenant's endpoint, if one is configured and its secret can be read with the keys this instance has. */
    @Transactional(Transactional.TxType.SUPPORTS)
    Optional<Endpoint> endpoint(TenantContext tenant) {
        return repository.of(tenant.id()).flatMap(stored -> secrets.decrypt(tenant, stored.secretEncrypted(), stored.keySource())
                .map(secret -> new Endpoint(URI.create(stored.url()), secret)));
    }

    /**
     * The receiver's addresses, resolved once, when every one of them is public; empty when the name does not
     * resolve or any address is private (a name that mixes both is refused: the next lookup could pick either).
     */
    List<java.net.InetAddress> publicAddresses(String host) {
        Optional<java.net.InetAddress> literal = ReceiverAddresses.literal(host);
        List<java.net.InetAddress> addresses;
        if (literal.isPresent()) {
            addresses = List.of(literal.get());
        } else {
            try {
                addresses = resolver.resolve(ReceiverAddresses.normalise(host));
            } catch (java.net.UnknownHostException | RuntimeException e) {
                return List.of();
            }
        }
        return addresses.stream().allMatch(ReceiverAddresses::isPublic) ? addresses : List.of();
    }

    /** Where a delivery connects: the receiver's addresses as resolved now, checked unless local receivers are allowed. */
    List<java.net.InetAddress> deliveryAddresses(URI url) throws java.net.UnknownHostException {
        if (config.allowLocalReceivers()) {
            Optional<java.net.InetAddress> literal = ReceiverAddresses.literal(url.getHost());
            return literal.isPresent() ? List.of(literal.get()) : resolver.resolve(ReceiverAddresses.normalise(url.getHost()));
        }
        if (ReceiverAddresses.refuseName(url.getHost()).isPresent()) {
            return List.of();
        }
        return publicAddresses(url.getHost());
    }

    /**
     * Secrets that an older version encrypted under a key derived from the tenant's own secret (stored in the same
     * database) are re-encrypted under the operator's key at start. Each pod may do it; the update only takes rows
     * still marked with the old source.
     */
    void reencryptLegacySecrets(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent started) {
        for (WebhookRepository.Stored row : repository.encryptedUnder(WebhookSecrets.TENANT)) {
            TenantContext tenant = tenants.byId(row.tenantId());
            secrets.decrypt(tenant, row.secretEncrypted(), WebhookSecrets.TENANT).ifPresent(secret ->
                    repository.reencrypt(tenant.id(), secrets.encrypt(tenant, secret), secrets.currentSource(), WebhookSecrets.TENANT));
        }
    }

    URI checkUrl(String raw) {
        URI url;
        try {
            url = new URI(raw);
        } catch (URISyntaxException e) {
            throw ProblemException.invalid("url", "must be an absolute https URL");
        }
        boolean https = "https".equals(url.getScheme());
        boolean http = "http".equals(url.getScheme());
        if (url.getHost() == null || !(https || (http && config.allowLocalReceivers())) || raw.length() > 2000) {
            throw ProblemException.invalid("url", "must be an absolute https URL");
        }
        if (url.getUserInfo() != null) {
            throw ProblemException.invalid("url", "must not carry credentials; Candor signs every request instead");
        }
        if (url.getPort() == 0 || url.getPort() > 65535 || url.getRawFragment() != null) {
            throw ProblemException.invalid("url", "must be an absolute https URL without a fragment");
        }
        if (!config.allowLocalReceivers()) {
            Optional<String> refusal = ReceiverAddresses.refuseName(url.getHost());
            if (refusal.isEmpty() && ReceiverAddresses.literal(url.getHost()).isEmpty()) {
                refusal = publicAddresses(url.getHost()).isEmpty() ? Optional.of("must resolve to public internet addresses only") : Optional.empty();
            }
            if (refusal.isPresent()) {
                throw ProblemException.invalid("url", "must be reachable on the internet: the host " + refusal.get());
            }
        }
        return url;
    }
}
