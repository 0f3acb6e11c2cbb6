package io.candor.review;

import io.candor.audit.AuditLog;
import io.candor.common.Jdbc;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sealed seller reviews, as double-blind feedback needs them: whether a transaction has one, revealing it, and
 * which are due. Feedback calls this (its arrow points down); review learns of nothing in return, it only fires
 * {@link ReviewChanged} when a review is sealed.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class SealedReviews {

    private final Jdbc jdbc;
    private final ReviewTransitions transitions;

    public SealedReviews(Jdbc jdbc, ReviewTransitions transitions) {
        this.jdbc = jdbc;
        this.transitions = transitions;
    }

    /** A revealed review, as the {@code feedback.revealed} event names it. */
    public record Revealed(UUID id, int rating) {
    }

    /** A transaction whose sealed seller review is due for reveal. */
    public record Due(long tenantId, UUID transactionId, Instant revealBy) {
    }

    /** The sealed seller review of a transaction, if there is one. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<UUID> of(long tenantId, UUID transactionId) {
        return jdbc.query("SELECT review_id FROM review WHERE tenant_id = ? AND transaction_id = ? AND subject_type = 'seller' AND status = 'sealed'",
                List.of(tenantId, transactionId), rs -> rs.getObject(1, UUID.class)).stream().findFirst();
    }

    /** Publishes the transaction's sealed seller review, if there is one. */
    public Optional<Revealed> reveal(TenantContext tenant, UUID transactionId, String why, Instant now) {
        return of(tenant.id(), transactionId).map(id -> {
            Review review = transitions.lock(tenant.id(), id);
            transitions.move(tenant, review, ReviewStatus.PUBLISHED, AuditLog.Actor.SYSTEM, "review.revealed", Map.of("reason", why), now);
            return new Revealed(review.id(), review.rating());
        });
    }

    /** Sealed reviews whose reveal time has come, earliest first, across tenants (index {@code review_sealed_due}). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Due> due(Instant now, int limit) {
        return jdbc.query("SELECT tenant_id, transaction_id, reveal_by FROM review WHERE status = 'sealed' AND reveal_by <= ? "
                        + "AND transaction_id IS NOT NULL ORDER BY reveal_by LIMIT ?", List.of(now, limit),
                rs -> new Due(rs.getLong(1), rs.getObject(2, UUID.class), Jdbc.instant(rs, 3)));
    }
}
