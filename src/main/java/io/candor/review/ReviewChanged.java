package io.candor.review;

import io.candor.tenant.TenantContext;

import java.time.Instant;
import java.util.UUID;

/**
 * A review's domain event, fired synchronously inside the transaction that moved it, after its summary, outbox
 * event and audit entry: other features observe it ({@code @Observes ReviewChanged}) instead of being called by
 * review. {@code from} is null for a new review.
 */
public record ReviewChanged(TenantContext tenant, UUID reviewId, UUID transactionId, String subjectType, String subjectRef, int rating,
                            ReviewStatus from, ReviewStatus to, Instant at) {

    /** The review was sealed: written, or released by a moderator, inside its double-blind window. */
    public boolean sealed() {
        return to == ReviewStatus.SEALED && from != ReviewStatus.SEALED;
    }

    /** The review left the sealed state (revealed, held, removed or withdrawn). */
    public boolean released() {
        return from == ReviewStatus.SEALED && to != ReviewStatus.SEALED;
    }

    public boolean published() {
        return to == ReviewStatus.PUBLISHED && from != ReviewStatus.PUBLISHED;
    }

    public boolean removed() {
        return from == ReviewStatus.PUBLISHED && to != ReviewStatus.PUBLISHED;
    }
}
