package io.candor.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Abuse limits. Each instance counts on its own: with N instances a caller gets up to N times these. */
@ConfigMapping(prefix = "candor.rate-limit")
public interface RateLimitConfig {

    /** Switches every limit off (benchmarks only). */
    @WithDefault("true")
    boolean enabled();

    /** Public reads per minute and client address (a storefront page makes a handful). */
    @WithDefault("600")
    int publicReadsPerMinute();

    /** Writes per minute and party or API key. */
    @WithDefault("60")
    int writesPerMinute();

    /** Writes per minute and marketplace API key (transactions arrive in bulk). */
    @WithDefault("3000")
    int marketplaceWritesPerMinute();

    /** Writes per minute and client address, across callers (a marketplace backend registering transactions needs many). */
    @WithDefault("1200")
    int writesPerMinutePerAddress();

    /** Reports per hour and party. */
    @WithDefault("30")
    int reportsPerHour();

    /** Anonymous reports per hour and client address. */
    @WithDefault("10")
    int publicReportsPerHour();

    /** Sign-in form posts per minute and client address. */
    @WithDefault("20")
    int signInsPerMinutePerAddress();

    /** Data exports per hour and party. */
    @WithDefault("10")
    int exportsPerHour();

    /** Data exports per hour and client address. */
    @WithDefault("60")
    int exportsPerHourPerAddress();
}
