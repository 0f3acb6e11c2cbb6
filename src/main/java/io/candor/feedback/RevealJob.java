package io.candor.feedback;

import io.candor.review.SealedReviews;
import io.candor.tenant.TenantContext;
import io.candor.transaction.PurchaseRecord;
import io.candor.transaction.TransactionService;
import io.candor.tenant.TenantDirectory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Reveals sealed reviews and feedback whose window has ended, each transaction in its own transaction. */
@ApplicationScoped
public class RevealJob {

    private static final Logger LOG = Logger.getLogger(RevealJob.class);
    private final io.candor.common.ScheduledWork runs = new io.candor.common.ScheduledWork("revealing sealed reviews and feedback", LOG);

    private static final int BATCH = 1000;

    private final FeedbackRepository feedback;
    private final SealedReviews reviews;
    private final TransactionService transactions;
    private final TenantDirectory tenants;
    private final DoubleBlind doubleBlind;
    private final Clock clock;
    private final FeedbackConfig config;
    private final Scheduler scheduler;

    public RevealJob(FeedbackRepository feedback, SealedReviews reviews, TransactionService transactions, TenantDirectory tenants, DoubleBlind doubleBlind, Clock clock,
                     FeedbackConfig config, Scheduler scheduler) {
        this.feedback = feedback;
        this.reviews = reviews;
        this.transactions = transactions;
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
                .setTask(execution -> runs.run(this::run))
                .schedule();
    }

    record Sealed(long tenantId, UUID transactionId) {
    }

    void run() {
        Instant now = clock.instant();
        // Only what is due, earliest first: a thousand sealed pairs whose windows are still open must not keep a due one waiting.
        // Sealed reviews know their reveal time (review/ answers); sealed feedback is due by its transaction and the tenant's policy.
        Set<Sealed> due = new LinkedHashSet<>();
        reviews.due(now, BATCH).forEach(d -> due.add(new Sealed(d.tenantId(), d.transactionId())));
        feedback.dueSealed(now, BATCH).forEach(d -> due.add(new Sealed(d.tenantId(), d.transactionId())));
        int revealed = 0;
        for (Sealed s : due) {
            TenantContext tenant = tenants.byId(s.tenantId());
            Optional<PurchaseRecord> purchase = transactions.byId(s.tenantId(), s.transactionId());
            if (purchase.isEmpty()) {
                continue;
            }
            QuarkusTransaction.requiringNew().run(() -> doubleBlind.reveal(tenant, s.transactionId(), purchase.get().ref(), "window-ended", now));
            revealed++;
        }
        if (revealed > 0) {
            LOG.debugf("revealed the sealed review and feedback of %d transactions", revealed);
        }
    }
}
