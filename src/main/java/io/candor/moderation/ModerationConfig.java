package io.candor.moderation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How reports count. */
@ConfigMapping(prefix = "candor.moderation")
public interface ModerationConfig {

    /**
     * The summed weight of personal-information and illegal reports (sellers' own reports left out) at which the
     * content is hidden before a moderator decides. A first-time reporter weighs 1.
     */
    @WithDefault("2.0")
    double hideThreshold();

    /** The weight of a report through the public endpoint, whose reporter has no track record. */
    @WithDefault("0.5")
    double publicReportWeight();
}
