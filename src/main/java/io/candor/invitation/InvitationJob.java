package io.candor.invitation;

import io.candor.review.ReviewService;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.candor.transaction.PurchaseRecord;
import io.candor.transaction.TransactionService;
import io.candor.webhook.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sends the invitations and reminders that are due, as {@code review.invitation} webhook events through the outbox,
 * in the transaction that marks them sent: each is sent exactly once. Any number of instances may run it: rows are
 * taken with {@code FOR UPDATE SKIP LOCKED}.
 */
@ApplicationScoped
public class InvitationJob {

    private static final Logger LOG = Logger.getLogger(InvitationJob.class);
    static final int BATCH = 500;

    private final InvitationRepository repository;
    private final InvitationLinks links;
    private final TenantDirectory tenants;
    private final TransactionService transactions;
    private final ReviewService reviews;
    private final Outbox outbox;
    private final Clock clock;
    private final InvitationConfig config;

    public InvitationJob(InvitationRepository repository, InvitationLinks links, TenantDirectory tenants, TransactionService transactions,
                         ReviewService reviews, Outbox outbox, Clock clock, InvitationConfig config) {
        this.config = config;
        this.repository = repository;
        this.links = links;
        this.tenants = tenants;
        this.transactions = transactions;
        this.reviews = reviews;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Scheduled(every = "{candor.invitations.interval:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "review-invitations")
    void run() {
        runs.run(this::sendDue);
    }

    private final io.candor.common.ScheduledWork runs = new io.candor.common.ScheduledWork("sending review invitations", LOG);

    /**
     * Sends what is due, tenant by tenant and batch by batch (a transaction each, at most 100 batches of a tenant per
     * run); answers how many invitations it looked at.
     */
    public int sendDue() {
        int seen = 0;
        for (long tenantId : repository.tenantsWithDue(clock.instant())) {
            for (int i = 0; i < 100; i++) {
                int batch = QuarkusTransaction.requiringNew().call(() -> batch(tenantId));
                seen += batch;
                if (batch < BATCH) {
                    break;
                }
            }
        }
        return seen;
    }

    private int batch(long tenantId) {
        Instant now = clock.instant();
        List<InvitationRepository.Due> due = repository.lockDue(tenantId, now, BATCH);
        Map<String, Set<String>> reviewed = new HashMap<>();
        for (InvitationRepository.Due d : due) {
            TenantContext tenant = tenants.byId(d.tenantId());
            Optional<PurchaseRecord> purchase = transactions.byId(d.tenantId(), d.transactionId());
            if (purchase.isEmpty() || !now.isBefore(d.expiresAt()) || !tenant.policy().invitationsOn()) {
                repository.close(d, "expired"); // window closed, or the marketplace switched invitations off
                continue;
            }
            Set<String> done = reviewed.computeIfAbsent(d.tenantId() + ":" + d.transactionId(),
                    k -> reviews.reviewedLines(d.tenantId(), d.buyerPartyId(), d.transactionId(), purchase.get().products()));
            if (done.contains(d.subjectType() + ":" + d.subjectRef())) {
                repository.close(d, "reviewed");
                continue;
            }
            if (repository.optedOut(d.tenantId(), d.buyerPartyId())) {
                repository.close(d, "opted_out");
                continue;
            }
            outbox.enqueue(d.tenantId(), "review.invitation", purchase.get().ref() + "|" + d.subjectType() + ":" + d.subjectRef(),
                    payload(tenant, purchase.get().ref(), d), now);
            if (d.reminder()) {
                repository.reminded(d, now);
            } else {
                int reminderDays = tenant.policy().invitationReminderDays();
                Instant reminder = now.plus(Duration.ofDays(reminderDays));
                repository.invited(d, now, reminderDays > 0 && reminder.isBefore(d.expiresAt()) ? reminder : null);
            }
        }
        return due.size();
    }

    private Map<String, Object> payload(TenantContext tenant, String transactionRef, InvitationRepository.Due d) {
        String token = links.token(new InvitationLinks.Line(d.tenantId(), transactionRef, d.subjectType(), d.subjectRef(), d.expiresAt()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", d.reminder() ? "reminder" : "invitation");
        data.put("transaction", transactionRef);
        data.put("subject", Map.of("type", d.subjectType(), "ref", d.subjectRef()));
        data.put("token", token);
        String base = tenant.policy().invitationLink();
        if (base != null && !base.isEmpty()) {
            data.put("link", base + "?candor_invitation=" + token);
        }
        data.put("expiresAt", d.expiresAt().toString());
        return data;
    }
}
