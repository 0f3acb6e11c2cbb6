package io.candor.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Marketplace API keys: {@code cnd_<tenant slug>_<8-character prefix><32 random characters>}, base32.
 * 160 random bits make a plain SHA-256 a safe way to store them; the prefix names a key for revocation.
 */
public final class ApiKeys {

    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PREFIX_LENGTH = 8;
    private static final int SECRET_LENGTH = 32;

    private ApiKeys() {
    }

    public record Parsed(String slug, String prefix) {
    }

    public static String generate(String slug) {
        return "cnd_" + slug + "_" + random(PREFIX_LENGTH + SECRET_LENGTH);
    }

    public static Optional<Parsed> parse(String key) {
        if (key == null || !key.startsWith("cnd_") || key.length() > 100) {
            return Optional.empty();
        }
        int split = key.lastIndexOf('_');
        if (split <= 4) {
            return Optional.empty();
        }
        String slug = key.substring(4, split);
        String rest = key.substring(split + 1);
        if (rest.length() != PREFIX_LENGTH + SECRET_LENGTH || !rest.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(slug, rest.substring(0, PREFIX_LENGTH)));
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE32[RANDOM.nextInt(32)];
        }
        return new String(out);
    }
}
