package io.candor.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Demo mode: a sample marketplace to try Candor with. */
@ConfigMapping(prefix = "candor")
public interface DemoConfig {

    /** {@code CANDOR_DEMO}: seeds the "demo" marketplace and serves demo tokens and the demo storefront. Never in production. */
    @WithName("demo")
    @WithDefault("false")
    boolean enabled();
}
