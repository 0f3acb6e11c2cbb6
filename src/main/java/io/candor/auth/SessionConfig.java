package io.candor.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Browser sessions of the pages (the API never reads them). */
@ConfigMapping(prefix = "candor")
public interface SessionConfig {

    /** {@code CANDOR_SESSION_KEY}: at least 32 characters; unset, a key is generated once and kept in the database for every pod. */
    Optional<String> sessionKey();

    /** How long a sign-in lasts before the user has to come through the marketplace again. */
    @WithDefault("PT8H")
    Duration sessionLifetime();

    /** The Secure flag on the session cookie; only dev and test, which serve plain http, turn it off. */
    @WithDefault("true")
    boolean sessionCookieSecure();
}
