package io.candor.summary;

import io.candor.common.Jdbc;
import io.candor.tenant.TenantPolicy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The stored counters of one subject's summary; everything shown is derived from them with the tenant's policy. */
record SummaryRow(String subjectType, String subjectRef, int count, long sum, int[] histogram, int recentCount, long recentSum,
                  int asDescribedCount, long asDescribedSum, int communicationCount, long communicationSum,
                  int deliveryCount, long deliverySum, int incentivizedCount, Instant recentSince, Instant updatedAt) {

    static final String COLUMNS = "subject_type, subject_ref, review_count, rating_sum, hist_1, hist_2, hist_3, hist_4, hist_5, "
            + "recent_count, recent_sum, as_described_count, as_described_sum, communication_count, communication_sum, "
            + "delivery_count, delivery_sum, incentivized_count, recent_since, updated_at";

    static SummaryRow read(ResultSet rs) throws SQLException {
        return new SummaryRow(rs.getString("subject_type"), rs.getString("subject_ref"), rs.getInt("review_count"), rs.getLong("rating_sum"),
                new int[]{rs.getInt("hist_1"), rs.getInt("hist_2"), rs.getInt("hist_3"), rs.getInt("hist_4"), rs.getInt("hist_5")},
                rs.getInt("recent_count"), rs.getLong("recent_sum"),
                rs.getInt("as_described_count"), rs.getLong("as_described_sum"),
                rs.getInt("communication_count"), rs.getLong("communication_sum"),
                rs.getInt("delivery_count"), rs.getLong("delivery_sum"), rs.getInt("incentivized_count"),
                Jdbc.instant(rs, "recent_since"), Jdbc.instant(rs, "updated_at"));
    }

    static SummaryRow empty(String type, String ref) {
        return new SummaryRow(type, ref, 0, 0, new int[5], 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null);
    }

    /** The same counters, compared field by field (arrays included): drift detection. */
    boolean sameCounters(SummaryRow other) {
        return count == other.count && sum == other.sum && java.util.Arrays.equals(histogram, other.histogram)
                && recentCount == other.recentCount && recentSum == other.recentSum
                && asDescribedCount == other.asDescribedCount && asDescribedSum == other.asDescribedSum
                && communicationCount == other.communicationCount && communicationSum == other.communicationSum
                && deliveryCount == other.deliveryCount && deliverySum == other.deliverySum
                && incentivizedCount == other.incentivizedCount;
    }

    /**
     * The parts of a tenant's policy that a summary's view depends on: two policies with equal inputs render a row alike.
     * {@link #of} answers one instance for equal inputs, so that a cached rendering is checked by identity (a batch
     * checks 48 of them; a record's generated {@code equals} runs through method handles and was 5 % of a batch's
     * samples), and {@code equals} is written out for the rest.
     */
    record ViewInputs(int minReviewsForAverage, double priorWeight, double priorMean, int recentWindowDays, boolean countIncentivized) {

        /** Distinct inputs seen: one per distinct policy, a handful in practice; bounded all the same. */
        private static final java.util.concurrent.ConcurrentHashMap<ViewInputs, ViewInputs> CANONICAL = new java.util.concurrent.ConcurrentHashMap<>();
        private static final int MAX_CANONICAL = 10_000;

        static ViewInputs of(TenantPolicy policy) {
            ViewInputs inputs = new ViewInputs(policy.minReviewsForAverage(), policy.priorWeight(), policy.priorMean(),
                    policy.recentWindowDays(), policy.countIncentivizedReviews());
            ViewInputs known = CANONICAL.get(inputs);
            if (known != null) {
                return known;
            }
            if (CANONICAL.size() >= MAX_CANONICAL) {
                return inputs;
            }
            known = CANONICAL.putIfAbsent(inputs, inputs);
            return known != null ? known : inputs;
        }

        @Override
        public boolean equals(Object other) {
            return other == this || other instanceof ViewInputs v && v.minReviewsForAverage == minReviewsForAverage
                    && Double.compare(v.priorWeight, priorWeight) == 0 && Double.compare(v.priorMean, priorMean) == 0
                    && v.recentWindowDays == recentWindowDays && v.countIncentivized == countIncentivized;
        }

        @Override
        public int hashCode() {
            int h = Integer.hashCode(minReviewsForAverage);
            h = 31 * h + Double.hashCode(priorWeight);
            h = 31 * h + Double.hashCode(priorMean);
            h = 31 * h + Integer.hashCode(recentWindowDays);
            return 31 * h + Boolean.hashCode(countIncentivized);
        }
    }

    SummaryView toView(TenantPolicy policy) {
        Map<String, Integer> hist = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            hist.put(Integer.toString(i + 1), histogram[i]);
        }
        int min = policy.minReviewsForAverage();
        Double average = count > 0 && count >= min ? round((double) sum / count) : null;
        Double weighted = count > 0 ? round((policy.priorWeight() * policy.priorMean() + sum) / (policy.priorWeight() + count)) : null;
        Double recentAverage = recentCount > 0 && recentCount >= min ? round((double) recentSum / recentCount) : null;
        SummaryView.Aspects aspects = "seller".equals(subjectType)
                ? new SummaryView.Aspects(mean(asDescribedSum, asDescribedCount), mean(communicationSum, communicationCount), mean(deliverySum, deliveryCount))
                : null;
        return new SummaryView(new SummaryView.Subject(subjectType, subjectRef), count, average, weighted, hist,
                new SummaryView.Recent(policy.recentWindowDays(), recentCount, recentAverage), aspects,
                new SummaryView.Inputs(policy.priorWeight(), policy.priorMean(), min),
                new SummaryView.Incentivized(incentivizedCount, policy.countIncentivizedReviews()), updatedAt);
    }

    private static Double mean(long sum, int count) {
        return count == 0 ? null : round((double) sum / count);
    }

    private static double round(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
