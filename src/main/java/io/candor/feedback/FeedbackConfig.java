package io.candor.feedback;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Double-blind feedback settings. */
@ConfigMapping(prefix = "candor.feedback")
public interface FeedbackConfig {

    /** How often sealed reviews and feedback whose reveal window has ended are revealed. */
    @WithDefault("1m")
    Duration revealInterval();
}
