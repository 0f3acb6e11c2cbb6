package io.candor.auth;

import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/** Operator credentials. */
@ConfigMapping(prefix = "candor")
public interface CandorConfig {

    /** The operator's bearer token for {@code /api/v1/admin}; without it the admin API refuses everyone. */
    Optional<String> adminToken();
}
