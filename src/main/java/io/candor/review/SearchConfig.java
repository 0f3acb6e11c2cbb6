package io.candor.review;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tuning of the search within a subject's reviews (see {@link ReviewQueries}). */
@ConfigMapping(prefix = "candor")
public interface SearchConfig {

    /** Reviews a search first reads in list order before it asks the full-text index. */
    @WithDefault("1000")
    int searchWindow();
}
