package io.candor.common.db;

import io.candor.common.Hmac;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The operator's key, which seals secrets stored in the database (webhook signing secrets, the transparency log's
 * signing keys) and is never stored in it: {@code CANDOR_WEBHOOK_ENCRYPTION_KEY}, or, with the embedded database and
 * no setting, a key generated at first start and kept in {@code <data dir>/webhook.key} (0600), beside the database
 * files. An external database without the setting is refused at start: a key stored in the same database as what it
 * protects would protect nothing.
 * <p>
 * Each use derives its own AES-256-GCM key, {@code HMAC-SHA256(operator key, purpose)}, and binds what it seals to
 * its owner through the associated data, so a sealed value copied to another row or tenant does not open.
 */
@ApplicationScoped
public class OperatorKey {

    private static final Logger LOG = Logger.getLogger(OperatorKey.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    public OperatorKey(@ConfigProperty(name = "candor.webhook.encryption-key") Optional<String> configured,
                       @ConfigProperty(name = "quarkus.datasource.jdbc.url") Optional<String> jdbcUrl) {
        this.key = load(configured, jdbcUrl);
    }

    /** The key from the setting, or from the embedded database's key file; refused for an external database without the setting. */
    public static byte[] load(Optional<String> configured, Optional<String> jdbcUrl) {
        Optional<String> set = configured.filter(k -> !k.isBlank());
        if (set.isPresent()) {
            return decode(set.get());
        }
        Optional<Path> home = EmbeddedPostgresDriver.dataHome(jdbcUrl.orElse(null));
        if (home.isEmpty()) {
            throw new IllegalStateException("CANDOR_WEBHOOK_ENCRYPTION_KEY must be set when Candor uses an external database "
                    + "(32 random bytes, base64: openssl rand -base64 32); see docs/operations.md");
        }
        return keyFile(home.get().resolve("webhook.key"));
    }

    /** The key kept in a file of its own, made on first use. */
    static byte[] keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] generated = new byte[32];
                RANDOM.nextBytes(generated);
                PrivateFiles.createAtomically(file, Base64.getEncoder().encodeToString(generated) + "\n");
                LOG.infof("generated the operator encryption key in %s; keep it with the backups of the data directory", file);
            }
            return decode(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the operator encryption key " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] decode(String base64) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("CANDOR_WEBHOOK_ENCRYPTION_KEY must be base64");
        }
        if (decoded.length != 32) {
            throw new IllegalStateException("CANDOR_WEBHOOK_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
        }
        return decoded;
    }

    /** AES-256-GCM under the key for {@code purpose}: a random 12-byte nonce, then the ciphertext and tag. */
    public static byte[] seal(byte[] root, String purpose, byte[] associated, byte[] plain) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, derive(root, purpose), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(associated);
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@link #seal} sealed, or empty when it was sealed under another key, purpose or associated data, or altered. */
    public static Optional<byte[]> open(byte[] root, String purpose, byte[] associated, byte[] sealed) {
        if (sealed == null || sealed.length < 12 + 16) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, derive(root, purpose), new GCMParameterSpec(128, sealed, 0, 12));
            cipher.updateAAD(associated);
            return Optional.of(cipher.doFinal(sealed, 12, sealed.length - 12));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static SecretKeySpec derive(byte[] root, String purpose) {
        return new SecretKeySpec(Arrays.copyOf(Hmac.sha256(root, purpose), 32), "AES");
    }

    public byte[] seal(String purpose, byte[] associated, byte[] plain) {
        return seal(key, purpose, associated, plain);
    }

    public Optional<byte[]> open(String purpose, byte[] associated, byte[] sealed) {
        return open(key, purpose, associated, sealed);
    }

    /**
     * An HMAC-SHA256 of {@code data} under a key derived from the operator's key for this purpose: a signature (of a
     * link, say) that neither the data it covers nor a copy of the database lets anyone forge.
     */
    public byte[] mac(String purpose, byte[] data) {
        return Hmac.sha256(Hmac.sha256(key, "mac:" + purpose), data);
    }
}
