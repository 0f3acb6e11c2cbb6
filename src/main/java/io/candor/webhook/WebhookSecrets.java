package io.candor.webhook;

import io.candor.tenant.TenantContext;
import io.candor.common.db.OperatorKey;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Encrypts webhook signing secrets at rest with AES-256-GCM, under a key derived per tenant from the operator's
 * key ({@link OperatorKey}): {@code CANDOR_WEBHOOK_ENCRYPTION_KEY}, or, with the embedded database and no setting, a key generated at
 * first start and kept in {@code <data dir>/webhook.key} (0600), beside the database and never in it. An external
 * database without the setting is refused at start: a key stored in the same database as what it protects would
 * protect nothing. Secrets that an older Candor encrypted under a key derived from the tenant's own secret (in the
 * database) are still read, and re-encrypted under the operator's key at start.
 */
@ApplicationScoped
public class WebhookSecrets {

    static final String OPERATOR = "operator";
    static final String TENANT = "tenant";

    private final Optional<byte[]> operatorKey;

    public WebhookSecrets(WebhookConfig config, @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> jdbcUrl) {
        this.operatorKey = Optional.of(OperatorKey.load(config.encryptionKey(), jdbcUrl));
    }

    /** Which key encrypts new secrets: always the operator's; {@link #TENANT} is only read, for secrets of older versions. */
    String currentSource() {
        return OPERATOR;
    }

    byte[] encrypt(TenantContext tenant, String secret) {
        return OperatorKey.seal(root(tenant, currentSource()), purpose(tenant), aad(tenant), secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The secret, or empty if it was encrypted with a key this instance does not have. */
    Optional<String> decrypt(TenantContext tenant, byte[] stored, String source) {
        if (OPERATOR.equals(source) && operatorKey.isEmpty()) {
            return Optional.empty();
        }
        return OperatorKey.open(root(tenant, source), purpose(tenant), aad(tenant), stored).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    private byte[] root(TenantContext tenant, String source) {
        return OPERATOR.equals(source) ? operatorKey.orElseThrow() : tenant.secret();
    }

    private static String purpose(TenantContext tenant) {
        return "webhook-secret:" + tenant.id();
    }

    private static byte[] aad(TenantContext tenant) {
        return ("tenant:" + tenant.id()).getBytes(StandardCharsets.UTF_8);
    }
}
