package io.candor.summary;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;

/** A subject's rating summary as the public API answers it. */
public record SummaryView(Subject subject, int count, Double average, Double weightedAverage, Map<String, Integer> histogram,
                          Recent recent, Aspects aspects, Inputs inputs, Incentivized incentivized, Instant updatedAt) {

    @Schema(name = "SummarySubject")
    public record Subject(String type, String ref) {
    }

    public record Recent(int days, int count, Double average) {
    }

    @Schema(name = "AspectAverages")
    public record Aspects(Double asDescribed, Double communication, Double delivery) {
    }

    /** How the figures were computed: the tenant's published rules applied to this subject. */
    public record Inputs(double priorWeight, double priorMean, int minReviewsForAverage) {
    }

    /**
     * Published reviews whose authors received something for them (a free product, a discount, a payment), and
     * whether the marketplace's policy counts them in {@code count}, the averages and the histogram.
     */
    @Schema(name = "IncentivizedReviews")
    public record Incentivized(int count, boolean counted) {
    }
}
