package io.candor.auth;

import io.candor.common.Hmac;
import io.candor.common.db.ServerSecretRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The keys behind session cookies and CSRF tokens, derived from one secret: {@code candor.session-key}
 * when set, otherwise a random secret stored once in {@code server_secret} so that every pod opens every
 * pod's cookies. Separate keys per purpose, so a CSRF token never helps with a cookie.
 */
@ApplicationScoped
public class SessionKeys {

    static final int MIN_SECRET_LENGTH = 32;
    private static final String SECRET_NAME = "session";

    private final SessionConfig config;
    private final ServerSecretRepository secrets;
    private volatile Keys keys;

    public SessionKeys(SessionConfig config, ServerSecretRepository secrets) {
        this.config = config;
        this.secrets = secrets;
    }

    /** AES-256-GCM for the cookie, HMAC-SHA256 for CSRF tokens. */
    record Keys(SecretKeySpec encryption, byte[] csrf) {
    }

    /** Loaded at start: cookies are opened on the event loop, which must not wait for the database. */
    void load(@Observes StartupEvent event) {
        get();
    }

    Keys get() {
        Keys k = keys;
        if (k == null) {
            byte[] secret = secret();
            k = new Keys(new SecretKeySpec(Hmac.sha256(secret, "candor session cookie v1"), "AES"), Hmac.sha256(secret, "candor csrf v1"));
            keys = k;
        }
        return k;
    }

    private byte[] secret() {
        if (config.sessionKey().isPresent()) {
            String configured = config.sessionKey().get();
            if (configured.length() < MIN_SECRET_LENGTH) {
                throw new IllegalStateException("candor.session-key must be at least " + MIN_SECRET_LENGTH + " characters");
            }
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        byte[] fresh = new byte[MIN_SECRET_LENGTH];
        new SecureRandom().nextBytes(fresh);
        // the first pod to get here stores its secret; every other pod, now or later, reads that one
        return secrets.getOrCreate(SECRET_NAME, fresh);
    }
}
