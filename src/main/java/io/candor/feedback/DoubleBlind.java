package io.candor.feedback;

import io.candor.audit.AuditLog;
import io.candor.common.Jdbc;
import io.candor.review.Review;
import io.candor.review.ReviewStatus;
import io.candor.review.ReviewTransitions;
import io.candor.tenant.TenantContext;
import io.candor.transaction.PurchaseRecord;
import io.candor.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Double-blind feedback: for {@code mutualRevealDays} after a transaction, the buyer's review of the
 * seller and the seller's feedback on the buyer are sealed, so neither can answer the other in kind.
 * Both are revealed together as soon as both exist, or when the window ends.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DoubleBlind {

    private final Jdbc jdbc;
    private final ReviewTransitions reviews;
    private final Outbox outbox;
    private final AuditLog audit;

    public DoubleBlind(Jdbc jdbc, ReviewTransitions reviews, Outbox outbox, AuditLog audit) {
        this.jdbc = jdbc;
        this.reviews = reviews;
        this.outbox = outbox;
        this.audit = audit;
    }

    /** When a transaction's sealed review and feedback are revealed at the latest; empty when double-blind is off. */
    public static Optional<Instant> revealBy(TenantContext tenant, Instant completedAt) {
        int days = tenant.policy().mutualRevealDays();
        return days == 0 ? Optional.empty() : Optional.of(completedAt.plus(Duration.ofDays(days)));
    }

    /** Whether a new review of this subject starts sealed: a seller review inside the reveal window. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean seals(TenantContext tenant, PurchaseRecord purchase, String subjectType, Instant now) {
        return purchase != null && "seller".equals(subjectType)
                && revealBy(tenant, purchase.completedAt()).map(now::isBefore).orElse(false);
    }

    /** A sealed seller review was written: if the seller's feedback is already there, both are revealed now. */
    public void reviewSealed(TenantContext tenant, PurchaseRecord purchase, Review review, Instant now) {
        if (feedbackStatus(tenant.id(), purchase.id()).filter("sealed"::equals).isPresent()) {
            reveal(tenant, purchase.id(), purchase.ref(), "both-written", now);
        }
    }

    /** Sealed feedback was written: if the buyer's sealed review of the seller is there, both are revealed now. */
    void feedbackSealed(TenantContext tenant, UUID transactionId, String transactionRef, Instant now) {
        if (sealedReview(tenant.id(), transactionId).isPresent()) {
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
        Optional<UUID> reviewId = sealedReview(tenant.id(), transactionId);
        if (reviewId.isPresent()) {
            Review review = reviews.lock(tenant.id(), reviewId.get());
            reviews.move(tenant, review, ReviewStatus.PUBLISHED, AuditLog.Actor.SYSTEM, "review.revealed", Map.of("reason", why), now);
            data.put("review", Map.of("id", review.id().toString(), "rating", review.rating()));
        }
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

    /**
     * Where a review goes when a moderator releases it (keeps it after a hold, or an appeal restores it): a seller
     * review inside its transaction's reveal window is sealed, or revealed at once with the seller's feedback if that
     * is sealed and waiting; anything else is published.
     */
    public void release(TenantContext tenant, Review review, AuditLog.Actor actor, String action, Map<String, ?> details, Instant now) {
        Optional<Object[]> purchase = review.transactionId() == null || !"seller".equals(review.subjectType()) ? Optional.empty()
                : jdbc.query("SELECT ref, completed_at FROM completed_transaction WHERE tenant_id = ? AND transaction_id = ?",
                        List.of(tenant.id(), review.transactionId()), rs -> new Object[]{rs.getString(1), Jdbc.instant(rs, 2)}).stream().findFirst();
        boolean inWindow = purchase.flatMap(p -> revealBy(tenant, (Instant) p[1])).map(now::isBefore).orElse(false);
        if (!inWindow) {
            reviews.move(tenant, review, ReviewStatus.PUBLISHED, actor, action, details, now);
            return;
        }
        reviews.move(tenant, review, ReviewStatus.SEALED, actor, action, details, now);
        if (feedbackStatus(tenant.id(), review.transactionId()).filter("sealed"::equals).isPresent()) {
            reveal(tenant, review.transactionId(), (String) purchase.get()[0], "both-written", now);
        }
    }

    private Optional<String> feedbackStatus(long tenantId, UUID transactionId) {
        return jdbc.query("SELECT status FROM buyer_feedback WHERE tenant_id = ? AND transaction_id = ?", List.of(tenantId, transactionId),
                rs -> rs.getString(1)).stream().findFirst();
    }

    private Optional<UUID> sealedReview(long tenantId, UUID transactionId) {
        return jdbc.query("SELECT review_id FROM review WHERE tenant_id = ? AND transaction_id = ? AND subject_type = 'seller' AND status = 'sealed'",
                List.of(tenantId, transactionId), rs -> rs.getObject(1, UUID.class)).stream().findFirst();
    }
}
