package io.candor.feedback;

import io.candor.common.Jdbc;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.candor.tenant.TenantPolicy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Reveals sealed reviews and feedback whose window has ended, each transaction in its own transaction. */
@ApplicationScoped
public class RevealJob {

    private static final Logger LOG = Logger.getLogger(RevealJob.class);

    private final Jdbc jdbc;
    private final TenantDirectory tenants;
    private final DoubleBlind doubleBlind;
    private final Clock clock;
    private final FeedbackConfig config;
    private final Scheduler scheduler;

    public RevealJob(Jdbc jdbc, TenantDirectory tenants, DoubleBlind doubleBlind, Clock clock, FeedbackConfig config, Scheduler scheduler) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.doubleBlind = doubleBlind;
        this.clock = clock;
        this.config = config;
        this.scheduler = scheduler;
    }

    void schedule(@Observes StartupEvent event) {
        scheduler.newJob("reveal")
                .setInterval(config.revealInterval().toMillis() + "ms")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setTask(execution -> run())
                .schedule();
    }

    record Sealed(long tenantId, UUID transactionId, String ref, Instant completedAt) {
    }

    void run() {
        Instant now = clock.instant();
        // Only what is due: a thousand sealed pairs whose windows are still open must not keep a due one waiting.
        List<Sealed> sealed = jdbc.query("SELECT t.tenant_id, t.transaction_id, t.ref, t.completed_at FROM completed_transaction t "
                        + "JOIN (SELECT tenant_id, transaction_id FROM review WHERE status = 'sealed' AND transaction_id IS NOT NULL "
                        + "UNION SELECT tenant_id, transaction_id FROM buyer_feedback WHERE status = 'sealed') s "
                        + "ON s.tenant_id = t.tenant_id AND s.transaction_id = t.transaction_id "
                        + "JOIN tenant tn ON tn.tenant_id = t.tenant_id "
                        + "WHERE t.completed_at + make_interval(days => coalesce((tn.policy ->> 'mutualRevealDays')::int, ?)) <= ? "
                        + "ORDER BY t.completed_at LIMIT 1000",
                List.of(TenantPolicy.DEFAULTS.mutualRevealDays(), now), rs -> new Sealed(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), Jdbc.instant(rs, "completed_at")));
        int revealed = 0;
        for (Sealed s : sealed) {
            TenantContext tenant = tenants.byId(s.tenantId());
            boolean due = DoubleBlind.revealBy(tenant, s.completedAt()).map(by -> !now.isBefore(by)).orElse(true);
            if (due) {
                QuarkusTransaction.requiringNew().run(() -> doubleBlind.reveal(tenant, s.transactionId(), s.ref(), "window-ended", now));
                revealed++;
            }
        }
        if (revealed > 0) {
            LOG.debugf("revealed the sealed review and feedback of %d transactions", revealed);
        }
    }
}
