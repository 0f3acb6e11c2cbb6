package io.candor.privacy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long moderation records stay linked to the parties they are about; see docs/privacy.md. */
@ConfigMapping(prefix = "candor.retention")
public interface RetentionConfig {

    /** After this, a report on a closed case no longer names its reporter (never while its decision can be appealed). */
    @WithDefault("P365D")
    Duration reportLinks();

    /** After this, a notice no longer names its recipient (never while its decision can be appealed). */
    @WithDefault("P365D")
    Duration noticeLinks();

    /** After this, a decided appeal no longer names its appellant, and a closed case the moderator who claimed it. */
    @WithDefault("P365D")
    Duration appealLinks();
}
