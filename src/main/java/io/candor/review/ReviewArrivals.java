package io.candor.review;

import io.candor.common.BeforeCommit;
import io.candor.common.ScheduledWork;
import io.candor.tenant.TenantDirectory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many reviews of each subject arrived in each hour ({@code review_arrival}), for the burst check: it reads a
 * bounded number of these rows (25 for a day, 745 for 31) where it would otherwise count a busy subject's reviews
 * one by one ({@link ReviewStatisticsQueries#arrivals}).
 * <p>
 * Every review written counts once, in the hour of its {@code created_at}, in the transaction that writes it: the
 * increments are the transaction's last statements but the summary's ({@link BeforeCommit.Stage#TALLY}), so a popular
 * subject's row for the hour is locked only for the summary's writes and the commit, and a transaction that rolls back
 * counts nothing.
 * Later changes of the review (held, removed, erased) do not uncount it: an arrival is an arrival. Hours the check can
 * no longer reach are deleted daily.
 */
@ApplicationScoped
public class ReviewArrivals {

    private static final Logger LOG = Logger.getLogger(ReviewArrivals.class);
    private static final Object PENDING = new Object();
    /** How far back the burst check reads: a day and the 30 before it, and the hour at the far edge. */
    static final Duration KEPT = Duration.ofDays(32);

    private final ArrivalRepository repository;
    private final TransactionSynchronizationRegistry transactions;
    private final TenantDirectory tenants;
    private final Clock clock;

    public ReviewArrivals(ArrivalRepository repository, TransactionSynchronizationRegistry transactions, TenantDirectory tenants, Clock clock) {
        this.repository = repository;
        this.transactions = transactions;
        this.tenants = tenants;
        this.clock = clock;
    }

    private record Arrival(long tenantId, String subjectType, String subjectRef, Instant hour) {
        static final Comparator<Arrival> ORDER = Comparator.comparingLong(Arrival::tenantId).thenComparing(Arrival::subjectType)
                .thenComparing(Arrival::subjectRef).thenComparing(Arrival::hour);
    }

    /** Counts a review that this transaction writes, arrived at {@code createdAt}. */
    @Transactional(Transactional.TxType.MANDATORY)
    void count(long tenantId, String subjectType, String subjectRef, Instant createdAt) {
        List<Arrival> pending = BeforeCommit.pending(transactions, PENDING, BeforeCommit.Stage.TALLY, this::write);
        pending.add(new Arrival(tenantId, subjectType, subjectRef, createdAt.truncatedTo(ChronoUnit.HOURS)));
    }

    /** One upsert per subject and hour, in one order (tenant, type, ref, hour): two transactions cannot deadlock. */
    private void write(List<Arrival> arrivals) {
        Map<Arrival, Integer> counted = new TreeMap<>(Arrival.ORDER);
        arrivals.forEach(a -> counted.merge(a, 1, Integer::sum));
        counted.forEach((a, n) -> repository.add(a.tenantId(), a.subjectType(), a.subjectRef(), a.hour(), n));
    }

    @Scheduled(cron = "{candor.reviews.arrivals-cleanup-cron:0 20 3 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "review-arrivals-cleanup")
    void scheduled() {
        runs.run(() -> {
            int deleted = deleteOld(clock.instant());
            if (deleted > 0) {
                LOG.infof("review arrivals: %d hourly counts older than %d days deleted", deleted, KEPT.toDays());
            }
        });
    }

    private final ScheduledWork runs = new ScheduledWork("review arrivals cleanup", LOG);

    /** Deletes the hours older than {@link #KEPT} before {@code now}, tenant by tenant (a transaction each); answers how many. */
    public int deleteOld(Instant now) {
        Instant before = now.minus(KEPT).truncatedTo(ChronoUnit.HOURS);
        int deleted = 0;
        for (long tenantId : tenants.allIds()) {
            deleted += QuarkusTransaction.requiringNew().call(() -> repository.deleteBefore(tenantId, before));
        }
        return deleted;
    }
}
