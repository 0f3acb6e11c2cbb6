package io.candor.summary;

import io.candor.common.AfterCompletion;
import io.candor.common.BeforeCommit;
import io.candor.common.ProblemMappers;
import io.candor.tenant.TenantContext;
import io.candor.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Rating summaries. Every change that moves a review in or out of its summary calls {@link #apply} in
 * the same transaction (written as its last statements before commit), so readers never scan reviews; {@link #recompute} rebuilds a summary from the
 * reviews themselves to correct drift and to move old reviews out of the recent window.
 */
@ApplicationScoped
public class SummaryService {

    private final SummaryRepository repository;
    private final Outbox outbox;
    private final Clock clock;
    private final SummaryCache cache;
    private final TransactionSynchronizationRegistry transactions;

    public SummaryService(SummaryRepository repository, Outbox outbox, Clock clock, SummaryCache cache, TransactionSynchronizationRegistry transactions) {
        this.repository = repository;
        this.outbox = outbox;
        this.clock = clock;
        this.cache = cache;
        this.transactions = transactions;
    }

    private static final Object PENDING = new Object();

    private record Change(TenantContext tenant, Contribution before, Contribution after) {
        Contribution any() {
            return after != null ? after : before;
        }

        String key() {
            return tenant.id() + "\u0000" + any().subjectType() + "\u0000" + any().subjectRef();
        }
    }

    /**
     * Moves a subject's summary from one contribution of a review to another; either may be null. The change is
     * written just before the transaction commits, after everything else it does ({@link BeforeCommit.Stage#CONTENDED}):
     * a popular product's row is then locked for the commit alone, not for the whole request. A transaction that
     * changes several summaries locks them in one order (tenant, type, ref), so two such transactions cannot deadlock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(TenantContext tenant, Contribution before, Contribution after) {
        if (Objects.equals(before, after)) {
            return;
        }
        List<Change> pending = BeforeCommit.pending(transactions, PENDING, BeforeCommit.Stage.CONTENDED, this::write);
        if (before != null && after != null && !sameSubject(before, after)) {
            pending.add(new Change(tenant, before, null));
            pending.add(new Change(tenant, null, after));
        } else {
            pending.add(new Change(tenant, before, after));
        }
    }

    private void write(List<Change> changes) {
        changes.stream().sorted(java.util.Comparator.comparing(Change::key)).forEach(c -> write(c.tenant(), c.before(), c.after()));
    }

    private void write(TenantContext tenant, Contribution before, Contribution after) {
        Instant now = clock.instant();
        Contribution any = after != null ? after : before;
        boolean countIncentivized = tenant.policy().countIncentivizedReviews();
        // One statement takes the row's lock and adds the deltas: whether a review falls in the recent window depends
        // on the row's recent_since, which the UPDATE compares itself (the lock used to be taken by a SELECT first, a
        // round trip more while a popular product's row is held).
        Delta delta = new Delta();
        delta.add(after, 1, null, countIncentivized);
        delta.add(before, -1, null, countIncentivized);
        SummaryRow row = repository.add(tenant.id(), any.subjectType(), any.subjectRef(), delta.counters(),
                        recentPart(after, countIncentivized), recentPart(before, countIncentivized), now)
                .orElseGet(() -> {
                    Instant recentSince = now.minus(Duration.ofDays(tenant.policy().recentWindowDays()));
                    Delta first = new Delta();
                    first.add(after, 1, recentSince, countIncentivized);
                    first.add(before, -1, recentSince, countIncentivized);
                    return repository.create(tenant.id(), any.subjectType(), any.subjectRef(), first.counters(), recentSince, now);
                });
        applyMonth(tenant.id(), before, -1, countIncentivized);
        applyMonth(tenant.id(), after, 1, countIncentivized);
        evictAfterCommit(tenant.id(), any.subjectType(), any.subjectRef());
        SummaryView view = row.toView(tenant.policy());
        outbox.enqueue(tenant.id(), "summary.changed", any.subjectType() + ":" + any.subjectRef(), view, now);
    }

    /**
     * Drops this instance's cached row as soon as the change commits, so the writer reads its own write; the
     * other instances hear of it through the {@code candor_summary} notification the same commit sends.
     */
    private void evictAfterCommit(long tenantId, String type, String ref) {
        AfterCompletion.onCommit(transactions, () -> cache.evict(tenantId, type, ref));
    }

    private void applyMonth(long tenantId, Contribution c, int sign, boolean countIncentivized) {
        if (c == null || c.sellerPartyId() == null || (c.incentivized() && !countIncentivized)) {
            return;
        }
        LocalDate month = LocalDate.ofInstant(c.createdAt(), ZoneOffset.UTC).withDayOfMonth(1);
        repository.addToMonth(tenantId, c.sellerPartyId(), month, sign, (long) sign * c.rating());
    }

    /** Erasure of a seller: their monthly trend goes; the summaries of their shop and products stay (the buyers' reviews). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forgetSeller(long tenantId, UUID sellerPartyId) {
        repository.deleteMonthsOf(tenantId, sellerPartyId);
    }

    private static boolean sameSubject(Contribution a, Contribution b) {
        return a.subjectType().equals(b.subjectType()) && a.subjectRef().equals(b.subjectRef());
    }

    public SummaryView view(TenantContext tenant, String type, String ref) {
        return rows(tenant, List.of(new SummaryView.Subject(type, ref))).get(0).toView(tenant.policy());
    }

    /** The cache's entries of these subjects if every one is cached (an answer without a query), else null. */
    List<SummaryCache.Entry> cachedEntries(TenantContext tenant, List<SummaryView.Subject> subjects) {
        return cache.allPresent(tenant.id(), subjects);
    }

    /**
     * The entries of a batch asked for before with exactly this {@code subjects} parameter, while none of them changed
     * or left the cache (no parsing, no lookups), else null.
     */
    List<SummaryCache.Entry> keptBatch(TenantContext tenant, String rawSubjects) {
        return cache.keptBatch(tenant.id(), rawSubjects);
    }

    /** {@link #cachedEntries} for a batch, whose entries are kept under its parameter when every one is cached. */
    List<SummaryCache.Entry> cachedBatch(TenantContext tenant, String rawSubjects, List<SummaryView.Subject> subjects) {
        long clears = cache.clears();
        List<SummaryCache.Entry> found = cache.allPresent(tenant.id(), subjects);
        if (found != null) {
            cache.keepBatch(tenant.id(), rawSubjects, found, clears);
        }
        return found;
    }

    /** Summaries of many subjects in one query, in the order asked; unknown subjects have count 0. */
    public List<SummaryView> views(TenantContext tenant, List<SummaryView.Subject> subjects) {
        return rows(tenant, subjects).stream().map(r -> r.toView(tenant.policy())).toList();
    }

    /**
     * {@link #views} for the public API, as cache entries (which keep their rendered JSON between requests), from
     * this instance's cache where it has them. Misses read the primary, not the replica: a replica that lags behind a
     * notification could otherwise put the old row back in the cache.
     */
    List<SummaryCache.Entry> publicEntries(TenantContext tenant, List<SummaryView.Subject> subjects) {
        try {
            return cache.entries(tenant.id(), subjects, missing -> stored(tenant, missing));
        } catch (RuntimeException e) {
            if (!repository.hasReplica() || !ProblemMappers.isDatabaseUnavailable(e)) {
                throw e;
            }
            // The primary is away (a failover, say): a storefront keeps its stars, read from the replica and not
            // cached, so that nothing the replica has not caught up with stays in the cache afterwards.
            return subjects.isEmpty() ? List.of()
                    : SummaryCache.wrap(SummaryCache.inOrder(subjects, repository.rowsFromReplica(tenant.id(), subjects)));
        }
    }

    List<SummaryRow> rows(TenantContext tenant, List<SummaryView.Subject> subjects) {
        return SummaryCache.inOrder(subjects, stored(tenant, subjects));
    }

    /** The stored rows of these subjects, in one query; subjects without a row are left out. */
    private List<SummaryRow> stored(TenantContext tenant, List<SummaryView.Subject> subjects) {
        if (subjects.isEmpty()) {
            return List.of();
        }
        return repository.rows(tenant.id(), subjects);
    }

    /** Summaries of the products a seller has sold, most reviewed first (at most {@code limit}). */
    public List<SummaryView> productsOfSeller(TenantContext tenant, java.util.UUID sellerPartyId, int limit) {
        List<SummaryView.Subject> subjects = repository.productsOfSeller(tenant.id(), sellerPartyId, limit);
        return views(tenant, subjects);
    }

    /** The 12 months up to this one: count and mean of the seller's counted reviews (its own and its products'). */
    public List<MonthPoint> trend(long tenantId, java.util.UUID sellerPartyId) {
        LocalDate thisMonth = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1);
        LocalDate first = thisMonth.minusMonths(11);
        Map<LocalDate, long[]> byMonth = new LinkedHashMap<>();
        for (LocalDate m = first; !m.isAfter(thisMonth); m = m.plusMonths(1)) {
            byMonth.put(m, new long[2]);
        }
        for (Object[] m : repository.months(tenantId, sellerPartyId, first)) {
            long[] v = byMonth.get((LocalDate) m[0]);
            if (v != null) {
                v[0] = (Long) m[1];
                v[1] = (Long) m[2];
            }
        }
        List<MonthPoint> points = new ArrayList<>();
        byMonth.forEach((month, v) -> points.add(new MonthPoint(month.toString().substring(0, 7), (int) v[0],
                v[0] == 0 ? null : Math.round(v[1] * 100.0 / v[0]) / 100.0)));
        return points;
    }

    /** One month of a seller's trend: {@code 2026-11}, how many reviews arrived, and their mean. */
    public record MonthPoint(String month, int count, Double average) {
    }

    /** What a contribution adds to the recent window if it falls in it: its time and stars; null when it counts nowhere. */
    private static SummaryRepository.Recent recentPart(Contribution c, boolean countIncentivized) {
        if (c == null || (c.incentivized() && !countIncentivized)) {
            return null;
        }
        return new SummaryRepository.Recent(c.createdAt(), c.rating());
    }

    /** Counter changes from adding or removing contributions. */
    private static final class Delta {
        int count;
        long sum;
        final int[] hist = new int[5];
        int recentCount;
        long recentSum;
        final int[] aspectCount = new int[3];
        final long[] aspectSum = new long[3];
        int incentivized;

        List<Object> counters() {
            return List.of(count, sum, hist[0], hist[1], hist[2], hist[3], hist[4], recentCount, recentSum, aspectCount[0], aspectSum[0],
                    aspectCount[1], aspectSum[1], aspectCount[2], aspectSum[2], incentivized);
        }

        /** Adds a contribution; to the recent window only when {@code recentSince} is given and it falls in it. */
        void add(Contribution c, int sign, Instant recentSince, boolean countIncentivized) {
            if (c == null) {
                return;
            }
            if (c.incentivized()) {
                incentivized += sign;
                if (!countIncentivized) {
                    return;
                }
            }
            count += sign;
            sum += (long) sign * c.rating();
            hist[c.rating() - 1] += sign;
            if (recentSince != null && !c.createdAt().isBefore(recentSince)) {
                recentCount += sign;
                recentSum += (long) sign * c.rating();
            }
            Integer[] aspects = {c.asDescribed(), c.communication(), c.delivery()};
            for (int i = 0; i < 3; i++) {
                if (aspects[i] != null) {
                    aspectCount[i] += sign;
                    aspectSum[i] += (long) sign * aspects[i];
                }
            }
        }
    }
}
