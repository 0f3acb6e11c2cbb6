package io.candor.summary;

import io.candor.common.db.AdvisoryLocks;
import io.candor.tenant.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Recomputes every tenant's summaries on a schedule (default nightly): fixes drift, if there ever is
 * any, and moves reviews out of the recent window. One instance runs it at a time, by advisory lock.
 */
@ApplicationScoped
public class SummaryRecomputeJob {

    private static final Logger LOG = Logger.getLogger(SummaryRecomputeJob.class);
    private static final long LOCK_KEY = 0x43616e646f72_01L;

    private final SummaryRecompute recompute;
    private final TenantDirectory tenants;
    private final AdvisoryLocks locks;
    private final MeterRegistry metrics;

    public SummaryRecomputeJob(SummaryRecompute recompute, TenantDirectory tenants, AdvisoryLocks locks, MeterRegistry metrics) {
        this.recompute = recompute;
        this.tenants = tenants;
        this.locks = locks;
        this.metrics = metrics;
    }

    @Scheduled(cron = "{candor.summary.recompute-cron:0 30 3 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "summary-recompute")
    void run() {
        runs.run(this::recomputeAll);
    }

    private final io.candor.common.ScheduledWork runs = new io.candor.common.ScheduledWork("the nightly summary recompute", LOG);

    void recomputeAll() {
        QuarkusTransaction.requiringNew().run(() -> {
            boolean mine = locks.tryForTransaction(LOCK_KEY);
            if (!mine) {
                LOG.info("summary recompute skipped: another instance is running it");
                return;
            }
            List<Long> ids = tenants.allIds();
            for (long id : ids) {
                SummaryRecompute.Result result = recompute.recomputeTenant(tenants.byId(id));
                metrics.counter("candor.summary.drift", "tenant", Long.toString(id)).increment(result.drifted());
                if (result.drifted() > 0) {
                    LOG.warnf("summary recompute of tenant %d fixed %d of %d subjects", id, result.drifted(), result.subjects());
                } else {
                    LOG.debugf("summary recompute of tenant %d: %d subjects, no drift", id, result.subjects());
                }
            }
        });
    }
}
