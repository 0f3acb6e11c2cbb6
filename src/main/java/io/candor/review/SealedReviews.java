package io.candor.review;

import io.candor.audit.AuditLog;
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

    private final ReviewQueries queries;
    private final ReviewTransitions transitions;

    public SealedReviews(ReviewQueries queries, ReviewTransitions transitions) {
        this.queries = queries;
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
        return queries.sealedSellerReview(tenantId, transactionId);
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
        return queries.dueSealed(now, limit);
    }
}
