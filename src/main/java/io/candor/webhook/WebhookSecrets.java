package io.candor.webhook;

import io.candor.common.Hmac;
import io.candor.tenant.TenantContext;
import io.candor.common.db.EmbeddedPostgresDriver;
import io.candor.common.db.PrivateFiles;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Encrypts webhook signing secrets at rest with AES-256-GCM, under a key derived per tenant from the operator's
 * key: {@code CANDOR_WEBHOOK_ENCRYPTION_KEY}, or, with the embedded database and no setting, a key generated at
 * first start and kept in {@code <data dir>/webhook.key} (0600), beside the database and never in it. An external
 * database without the setting is refused at start: a key stored in the same database as what it protects would
 * protect nothing. Secrets that an older Candor encrypted under a key derived from the tenant's own secret (in the
 * database) are still read, and re-encrypted under the operator's key at start.
 */
@ApplicationScoped
public class WebhookSecrets {

    private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String OPERATOR = "operator";
    static final String TENANT = "tenant";

    private final Optional<byte[]> operatorKey;

    public WebhookSecrets(WebhookConfig config, @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> jdbcUrl) {
        Optional<byte[]> configured = config.encryptionKey().filter(k -> !k.isBlank()).map(WebhookSecrets::decodeKey);
        if (configured.isPresent()) {
            this.operatorKey = configured;
            return;
        }
        Optional<Path> home = EmbeddedPostgresDriver.dataHome(jdbcUrl.orElse(null));
        if (home.isEmpty()) {
            throw new IllegalStateException("CANDOR_WEBHOOK_ENCRYPTION_KEY must be set when Candor uses an external database "
                    + "(32 random bytes, base64: openssl rand -base64 32); see docs/operations.md");
        }
        this.operatorKey = Optional.of(keyFile(home.get().resolve("webhook.key")));
    }

    /** The key kept in a file of its own, made on first use. */
    static byte[] keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] key = new byte[32];
                RANDOM.nextBytes(key);
                PrivateFiles.createAtomically(file, Base64.getEncoder().encodeToString(key) + "\n");
                LOG.infof("generated the webhook encryption key in %s; keep it with the backups of the data directory", file);
            }
            return decodeKey(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the webhook encryption key " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] decodeKey(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("CANDOR_WEBHOOK_ENCRYPTION_KEY must be base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException("CANDOR_WEBHOOK_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
        }
        return key;
    }

    /** Which key encrypts new secrets: always the operator's; {@link #TENANT} is only read, for secrets of older versions. */
    String currentSource() {
        return OPERATOR;
    }

    byte[] encrypt(TenantContext tenant, String secret) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(tenant, currentSource()), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad(tenant));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The secret, or empty if it was encrypted with a key this instance does not have. */
    Optional<String> decrypt(TenantContext tenant, byte[] stored, String source) {
        if (OPERATOR.equals(source) && operatorKey.isEmpty()) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(tenant, source), new GCMParameterSpec(128, stored, 0, 12));
            cipher.updateAAD(aad(tenant));
            return Optional.of(new String(cipher.doFinal(stored, 12, stored.length - 12), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private SecretKeySpec key(TenantContext tenant, String source) {
        byte[] root = OPERATOR.equals(source) ? operatorKey.orElseThrow() : tenant.secret();
        return new SecretKeySpec(Arrays.copyOf(Hmac.sha256(root, "webhook-secret:" + tenant.id()), 32), "AES");
    }

    private static byte[] aad(TenantContext tenant) {
        return ("tenant:" + tenant.id()).getBytes(StandardCharsets.UTF_8);
    }
}
