package io.candor.feedback;

import io.candor.audit.AuditLog;
import io.candor.common.Jdbc;
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
import java.util.List;
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

    private final Jdbc jdbc;
    private final SealedReviews reviews;
    private final TransactionService transactions;
    private final Outbox outbox;
    private final AuditLog audit;

    public DoubleBlind(Jdbc jdbc, SealedReviews reviews, TransactionService transactions, Outbox outbox, AuditLog audit) {
        this.jdbc = jdbc;
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
        jdbc.query("UPDATE buyer_feedback SET status = 'published', revealed_at = ? WHERE tenant_id = ? AND transaction_id = ? "
                        + "AND status = 'sealed' RETURNING feedback_id, rating", List.of(now, tenant.id(), transactionId),
                rs -> Map.of("id", rs.getObject(1, UUID.class).toString(), "rating", rs.getString(2)))
                .stream().findFirst().ifPresent(feedback -> {
                    data.put("feedback", feedback);
                    audit.append(tenant.id(), AuditLog.Actor.SYSTEM, "feedback.revealed", "feedback", feedback.get("id"),
                            Map.of("reason", why), now);
                });
        if (data.get("review") != null || data.get("feedback") != null) {
            outbox.enqueue(tenant.id(), "feedback.revealed", transactionRef, data, now);
        }
    }

    private Optional<String> feedbackStatus(long tenantId, UUID transactionId) {
        return jdbc.query("SELECT status FROM buyer_feedback WHERE tenant_id = ? AND transaction_id = ?", List.of(tenantId, transactionId),
                rs -> rs.getString(1)).stream().findFirst();
    }
}
