package io.candor.summary;

import io.candor.tenant.TenantContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rebuilds summaries and seller trends from the reviews themselves. Each batch first makes sure the
 * rows exist, locks them, and only then aggregates, so a review written concurrently is either in
 * the aggregate or applies its own delta afterwards, never both and never neither.
 */
@ApplicationScoped
public class SummaryRecompute {

    private static final int BATCH = 200;

    private final SummaryRepository repository;
    private final RatingSource ratings;
    private final Clock clock;

    public SummaryRecompute(SummaryRepository repository, RatingSource ratings, Clock clock) {
        this.repository = repository;
        this.ratings = ratings;
        this.clock = clock;
    }

    /** What a recompute found: subjects looked at, and how many had counters that disagreed with their reviews. */
    @Schema(name = "RecomputeResult")
    public record Result(int subjects, int drifted, int sellers) {
    }

    public Result recomputeTenant(TenantContext tenant) {
        int subjects = 0;
        int drifted = 0;
        String lastType = "";
        String lastRef = "";
        while (true) {
            List<SummaryView.Subject> batch = nextSubjects(tenant.id(), lastType, lastRef);
            if (batch.isEmpty()) {
                break;
            }
            drifted += QuarkusTransaction.requiringNew().call(() -> recompute(tenant, batch));
            subjects += batch.size();
            SummaryView.Subject last = batch.get(batch.size() - 1);
            lastType = last.type();
            lastRef = last.ref();
        }
        int sellers = 0;
        for (UUID seller : sellers(tenant.id())) {
            QuarkusTransaction.requiringNew().run(() -> recomputeSellerTrend(tenant.id(), seller, tenant.policy().countIncentivizedReviews()));
            sellers++;
        }
        return new Result(subjects, drifted, sellers);
    }

    /** Every subject that has a summary row or a counted review, in key order after the given one. */
    private List<SummaryView.Subject> nextSubjects(long tenantId, String afterType, String afterRef) {
        java.util.TreeSet<SummaryView.Subject> next = new java.util.TreeSet<>(
                java.util.Comparator.comparing(SummaryView.Subject::type).thenComparing(SummaryView.Subject::ref));
        next.addAll(repository.subjectsAfter(tenantId, afterType, afterRef, BATCH));
        next.addAll(ratings.countedSubjects(tenantId, afterType, afterRef, BATCH));
        return next.stream().limit(BATCH).toList();
    }

    /** Recomputes these subjects in the current transaction; answers how many had drifted. */
    public int recompute(TenantContext tenant, List<SummaryView.Subject> subjects) {
        Instant now = clock.instant();
        Instant recentSince = now.minus(Duration.ofDays(tenant.policy().recentWindowDays()));
        List<SummaryRow> stored = repository.ensureAndLock(tenant.id(), subjects, recentSince, now);
        Map<String, SummaryRow> actual = new HashMap<>();
        for (RatingSource.Totals t : ratings.totals(tenant.id(), subjects, recentSince, tenant.policy().countIncentivizedReviews())) {
            actual.put(t.subjectType() + ":" + t.subjectRef(), new SummaryRow(t.subjectType(), t.subjectRef(), t.count(), t.sum(), t.histogram(),
                    t.recentCount(), t.recentSum(), t.asDescribedCount(), t.asDescribedSum(), t.communicationCount(), t.communicationSum(),
                    t.deliveryCount(), t.deliverySum(), t.incentivizedCount(), recentSince, now));
        }
        int drifted = 0;
        List<Object> params = new ArrayList<>();
        for (SummaryRow old : stored) {
            SummaryRow fresh = actual.getOrDefault(old.subjectType() + ":" + old.subjectRef(), SummaryRow.empty(old.subjectType(), old.subjectRef()));
            if (!sameTotals(old, fresh)) {
                drifted++;
            }
            if (!old.sameCounters(fresh) || !recentSince.equals(old.recentSince())) {
                repository.overwrite(tenant.id(), new SummaryRow(old.subjectType(), old.subjectRef(), fresh.count(), fresh.sum(), fresh.histogram(),
                        fresh.recentCount(), fresh.recentSum(), fresh.asDescribedCount(), fresh.asDescribedSum(), fresh.communicationCount(),
                        fresh.communicationSum(), fresh.deliveryCount(), fresh.deliverySum(), fresh.incentivizedCount(), recentSince, null), recentSince,
                        old.sameCounters(fresh) ? old.updatedAt() : now);
            }
        }
        return drifted;
    }

    /** Drift is a disagreement about which reviews count; the recent window moving on is not. */
    private static boolean sameTotals(SummaryRow a, SummaryRow b) {
        return a.count() == b.count() && a.sum() == b.sum() && java.util.Arrays.equals(a.histogram(), b.histogram())
                && a.asDescribedCount() == b.asDescribedCount() && a.asDescribedSum() == b.asDescribedSum()
                && a.communicationCount() == b.communicationCount() && a.communicationSum() == b.communicationSum()
                && a.deliveryCount() == b.deliveryCount() && a.deliverySum() == b.deliverySum()
                && a.incentivizedCount() == b.incentivizedCount();
    }

    private List<UUID> sellers(long tenantId) {
        java.util.Set<UUID> sellers = new java.util.LinkedHashSet<>(repository.sellersWithMonths(tenantId));
        sellers.addAll(ratings.countedSellers(tenantId));
        return List.copyOf(sellers);
    }

    /** Same protocol as the summaries: make the month rows exist, lock them, aggregate, overwrite. */
    void recomputeSellerTrend(long tenantId, UUID seller, boolean countIncentivized) {
        List<SummaryRepository.Month> stored = repository.ensureAndLockMonths(tenantId, seller,
                ratings.sellerMonths(tenantId, seller, countIncentivized).stream().map(RatingSource.Month::month).toList());
        Map<java.time.LocalDate, RatingSource.Month> fresh = new HashMap<>();
        ratings.sellerMonths(tenantId, seller, countIncentivized).forEach(m -> fresh.put(m.month(), m));
        for (SummaryRepository.Month row : stored) {
            RatingSource.Month now = fresh.getOrDefault(row.month(), new RatingSource.Month(row.month(), 0, 0));
            if (now.count() != row.count() || now.sum() != row.sum()) {
                repository.overwriteMonth(tenantId, seller, row.month(), now.count(), now.sum());
            }
        }
    }
}
