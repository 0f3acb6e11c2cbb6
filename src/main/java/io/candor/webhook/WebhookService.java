package io.candor.webhook;

import io.candor.audit.AuditLog;
import io.candor.common.Jdbc;
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

    private final Jdbc jdbc;
    private final TenantDirectory tenants;
    private final WebhookSecrets secrets;
    private final WebhookConfig config;
    private final AuditLog audit;
    private final Clock clock;
    private final ReceiverResolver resolver;

    public WebhookService(Jdbc jdbc, TenantDirectory tenants, WebhookSecrets secrets, WebhookConfig config, AuditLog audit, Clock clock,
                          ReceiverResolver resolver) {
        this.jdbc = jdbc;
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
        jdbc.update("INSERT INTO webhook_endpoint (tenant_id, url, secret_encrypted, key_source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (tenant_id) DO UPDATE SET url = EXCLUDED.url, secret_encrypted = EXCLUDED.secret_encrypted, "
                        + "key_source = EXCLUDED.key_source, updated_at = EXCLUDED.updated_at",
                List.of(tenant.id(), url.toString(), secrets.encrypt(tenant, secret), secrets.currentSource(), now, now));
        audit.append(tenant.id(), AuditLog.Actor.MARKETPLACE, "webhook.configured", "webhook", tenant.slug(), Map.of("host", url.getHost()), now);
        return status(tenantId).orElseThrow();
    }

    public void remove(long tenantId) {
        TenantContext tenant = tenants.byId(tenantId);
        if (jdbc.update("DELETE FROM webhook_endpoint WHERE tenant_id = ?", List.of(tenant.id())) == 1) {
            audit.append(tenant.id(), AuditLog.Actor.MARKETPLACE, "webhook.removed", "webhook", tenant.slug(), Map.of(), clock.instant());
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<WebhookView> status(long tenantId) {
        return jdbc.query("SELECT w.url, w.updated_at, "
                        + "(SELECT count(*) FROM outbox_event e WHERE e.tenant_id = w.tenant_id AND e.status = 'pending') AS pending, "
                        + "(SELECT count(*) FROM outbox_event e WHERE e.tenant_id = w.tenant_id AND e.status = 'dead') AS dead, "
                        + "(SELECT max(delivered_at) FROM outbox_event e WHERE e.tenant_id = w.tenant_id AND e.status = 'delivered') AS last "
                        + "FROM webhook_endpoint w WHERE w.tenant_id = ?",
                List.of(tenantId), rs -> new WebhookView(rs.getString("url"), Jdbc.instant(rs, "updated_at"), rs.getLong("pending"),
                        rs.getLong("dead"), Jdbc.instant(rs, "last"))).stream().findFirst();
    }

    /** The tenant's endpoint, if one is configured and its secret can be read with the keys this instance has. */
    @Transactional(Transactional.TxType.SUPPORTS)
    Optional<Endpoint> endpoint(TenantContext tenant) {
        return jdbc.query("SELECT url, secret_encrypted, key_source FROM webhook_endpoint WHERE tenant_id = ?", List.of(tenant.id()),
                        rs -> {
                            String url = rs.getString("url");
                            return secrets.decrypt(tenant, rs.getBytes("secret_encrypted"), rs.getString("key_source"))
                                    .map(secret -> new Endpoint(URI.create(url), secret));
                        })
                .stream().flatMap(Optional::stream).findFirst();
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
        List<Object[]> legacy = jdbc.query("SELECT tenant_id, secret_encrypted FROM webhook_endpoint WHERE key_source = ?",
                List.of(WebhookSecrets.TENANT), rs -> new Object[]{rs.getLong(1), rs.getBytes(2)});
        for (Object[] row : legacy) {
            TenantContext tenant = tenants.byId((Long) row[0]);
            secrets.decrypt(tenant, (byte[]) row[1], WebhookSecrets.TENANT).ifPresent(secret ->
                    jdbc.update("UPDATE webhook_endpoint SET secret_encrypted = ?, key_source = ? WHERE tenant_id = ? AND key_source = ?",
                            List.of(secrets.encrypt(tenant, secret), secrets.currentSource(), tenant.id(), WebhookSecrets.TENANT)));
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
