package io.candor.auth;

import io.candor.common.Hmac;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Seals a {@link BrowserSession} into a cookie value with AES-GCM: the cookie is opaque (no party ref in
 * clear), cannot be altered, and carries its own expiry, so any pod can open it without a session table.
 */
@ApplicationScoped
public class SessionCodec {

    public static final String COOKIE = "candor_session";
    private static final byte[] PURPOSE = "candor-session".getBytes(StandardCharsets.UTF_8);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_COOKIE_LENGTH = 2048;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionKeys keys;
    private final SessionConfig config;
    private final Clock clock;

    public SessionCodec(SessionKeys keys, SessionConfig config, Clock clock) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    /** A session with a fresh id and no one signed in. */
    public BrowserSession anonymous() {
        return new BrowserSession(newId(), null, null, Set.of(), clock.instant().plus(config.sessionLifetime()));
    }

    /** A session for a verified party; always a new id, so a session id known before sign-in is worth nothing after. */
    public BrowserSession signedIn(Caller caller) {
        return new BrowserSession(newId(), caller.tenant(), caller.party(), caller.roles(), clock.instant().plus(config.sessionLifetime()));
    }

    public String seal(BrowserSession session) {
        String plain = String.join("|", "1", session.id(), session.tenantId() == null ? "" : session.tenantId().toString(),
                session.party() == null ? "" : session.party(), String.join(",", session.roles()),
                Long.toString(session.expiresAt().getEpochSecond()));
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get().encryption(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(PURPOSE);
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The session in a cookie value, unless it was altered, sealed with another key, or has expired. */
    public Optional<BrowserSession> open(String cookie) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > MAX_COOKIE_LENGTH) {
            return Optional.empty();
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(cookie);
            if (raw.length <= IV_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, keys.get().encryption(), new GCMParameterSpec(TAG_BITS, raw, 0, IV_BYTES));
            cipher.updateAAD(PURPOSE);
            String[] f = new String(cipher.doFinal(raw, IV_BYTES, raw.length - IV_BYTES), StandardCharsets.UTF_8).split("\\|", -1);
            if (f.length != 6 || !f[0].equals("1")) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(f[5]));
            if (!expires.isAfter(clock.instant())) {
                return Optional.empty();
            }
            Set<String> roles = f[4].isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(f[4].split(",")));
            return Optional.of(new BrowserSession(f[1], f[2].isEmpty() ? null : Long.valueOf(f[2]), f[3].isEmpty() ? null : f[3], roles, expires));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The synchronizer token every form of this session carries: an HMAC of the session id. */
    public String csrfToken(BrowserSession session) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Hmac.sha256(keys.get().csrf(), "csrf:" + session.id()));
    }

    public boolean csrfMatches(BrowserSession session, String token) {
        return token != null && MessageDigest.isEqual(csrfToken(session).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    private static String newId() {
        byte[] id = new byte[18];
        RANDOM.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }
}
