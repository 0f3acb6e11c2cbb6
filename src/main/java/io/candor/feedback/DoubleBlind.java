package io.candor.feedback;

import io.candor.audit.AuditLog;
import io.candor.review.ReviewChanged;
import io.candor.review.SealedReviews;
import io.candor.tenant.TenantContext;
import io.candor.transaction.PurchaseRecord;
import io.candor.transaction.TransactionService;
import io.candor.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Double-blind feedback: for {@code mutualRevealDays} after a transaction, the buyer's review of the
 * seller and the seller's feedback on the buyer are sealed, so neither can answer the other in kind.
 * Both are revealed together as soon as both exist, or when the window ends. Review seals its side and says so
 * ({@link ReviewChanged}); this observes it, and reveals through {@link SealedReviews}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DoubleBlind {

    private final FeedbackRepository feedback;
    private final SealedReviews reviews;
    private final TransactionService transactions;
    private final Outbox outbox;
    private final AuditLog audit;

    public DoubleBlind(FeedbackRepository feedback, SealedReviews reviews, TransactionService transactions, Outbox outbox, AuditLog audit) {
        this.feedback = feedback;
        this.reviews = reviews;
        this.transactions = transactions;
        this.outbox = outbox;
        this.audit = audit;
    }

    /** When a transaction's sealed review and feedback are revealed at the latest; empty when double-blind is off. */
    public static Optional<Instant> revealBy(TenantContext tenant, Instant completedAt) {
        return tenant.policy().revealBy(completedAt);
    }

    /** A seller review was sealed (written, or released by a moderator): if the seller's feedback waits sealed, both are revealed now. */
    void reviewSealed(@Observes ReviewChanged change) {
        if (!change.sealed() || change.transactionId() == null) {
            return;
        }
        if (feedbackStatus(change.tenant().id(), change.transactionId()).filter("sealed"::equals).isPresent()) {
            transactions.byId(change.tenant().id(), change.transactionId()).map(PurchaseRecord::ref)
                    .ifPresent(ref -> reveal(change.tenant(), change.transactionId(), ref, "both-written", change.at()));
        }
    }

    /** Sealed feedback was written: if the buyer's sealed review of the seller is there, both are revealed now. */
    void feedbackSealed(TenantContext tenant, UUID transactionId, String transactionRef, Instant now) {
        if (reviews.of(tenant.id(), transactionId).isPresent()) {
            reveal(tenant, transactionId, transactionRef, "both-written", now);
        }
    }

    /** Reveals whatever of a transaction is sealed, together, with one {@code feedback.revealed} event. */
    public void reveal(TenantContext tenant, UUID transactionId, String transactionRef, String why, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("transaction", transactionRef);
        data.put("reason", why);
        data.put("review", null);
        data.put("feedback", null);
        reviews.reveal(tenant, transactionId, why, now)
                .ifPresent(review -> data.put("review", Map.of("id", review.id().toString(), "rating", review.rating())));
        feedback.revealSealed(tenant.id(), transactionId, now).ifPresent(revealed -> {
            data.put("feedback", revealed);
            audit.append(tenant.id(), AuditLog.Actor.SYSTEM, "feedback.revealed", "feedback", revealed.get("id"), Map.of("reason", why), now);
        });
        if (data.get("review") != null || data.get("feedback") != null) {
            outbox.enqueue(tenant.id(), "feedback.revealed", transactionRef, data, now);
        }
    }

    private Optional<String> feedbackStatus(long tenantId, UUID transactionId) {
        return feedback.statusOf(tenantId, transactionId);
    }
}
