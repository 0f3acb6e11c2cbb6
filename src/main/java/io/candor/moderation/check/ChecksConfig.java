package io.candor.moderation.check;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the automated checks that are the operator's, not the tenant's. */
@ConfigMapping(prefix = "candor.checks")
public interface ChecksConfig {

    /** How far back the duplicate-text check looks for the same text in another review. */
    @WithDefault("P30D")
    Duration duplicateWindow();
}
