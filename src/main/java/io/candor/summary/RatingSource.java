package io.candor.summary;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What a recompute reads to rebuild summaries: the ratings that count (published, by verified buyers), aggregated
 * by the feature that owns them. review/ implements it over its own table; summary never queries it.
 */
public interface RatingSource {

    /** The counted totals of one subject. */
    record Totals(String subjectType, String subjectRef, int count, long sum, int[] histogram, int recentCount, long recentSum,
                  int asDescribedCount, long asDescribedSum, int communicationCount, long communicationSum, int deliveryCount, long deliverySum,
                  int incentivizedCount) {
    }

    /** One calendar month (UTC) of a seller's reviews: how many count, and their stars. */
    record Month(LocalDate month, int count, long sum) {
    }

    /** Subjects with at least one counted rating, in key order after the given one. */
    List<SummaryView.Subject> countedSubjects(long tenantId, String afterType, String afterRef, int limit);

    /**
     * The counted totals of these subjects; a subject without counted ratings is absent. Incentivised reviews are in
     * {@code incentivizedCount} always, and in the rest only when {@code countIncentivized}.
     */
    List<Totals> totals(long tenantId, List<SummaryView.Subject> subjects, Instant recentSince, boolean countIncentivized);

    /** Sellers with at least one counted rating. */
    List<UUID> countedSellers(long tenantId);

    /** Every month in which the seller has a review (counted or not), with what counts. */
    List<Month> sellerMonths(long tenantId, UUID seller, boolean countIncentivized);
}
