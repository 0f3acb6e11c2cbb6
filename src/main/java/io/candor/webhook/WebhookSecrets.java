package io.candor.webhook;

import io.candor.common.Hmac;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Encrypts webhook signing secrets at rest with AES-256-GCM. The key is derived per tenant from the
 * operator's key ({@code CANDOR_WEBHOOK_ENCRYPTION_KEY}); without one, from the tenant's own secret,
 * which only protects a leaked dump of the webhook table, and the startup log says so.
 */
@ApplicationScoped
public class WebhookSecrets {

    private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String OPERATOR = "operator";
    static final String TENANT = "tenant";

    private final Optional<byte[]> operatorKey;

    public WebhookSecrets(WebhookConfig config) {
        this.operatorKey = config.encryptionKey().filter(k -> !k.isBlank()).map(WebhookSecrets::decodeKey);
        if (operatorKey.isEmpty()) {
            LOG.warn("CANDOR_WEBHOOK_ENCRYPTION_KEY is not set: webhook secrets are encrypted with keys derived from data in the database");
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

    /** Which key encrypts new secrets. */
    String currentSource() {
        return operatorKey.isPresent() ? OPERATOR : TENANT;
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
