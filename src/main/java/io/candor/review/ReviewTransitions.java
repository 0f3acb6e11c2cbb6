package io.candor.review;

import io.candor.audit.AuditLog;
import io.candor.common.ProblemException;
import io.candor.summary.Contribution;
import io.candor.summary.SummaryService;
import io.candor.tenant.TenantContext;
import io.candor.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Status changes of a review made by others than its author (the double-blind reveal, moderation,
 * appeals): the summary moves, the marketplace hears of it and the audit log records it, together.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ReviewTransitions {

    private final EntityManager em;
    private final SummaryService summaries;
    private final Outbox outbox;
    private final AuditLog audit;

    public ReviewTransitions(EntityManager em, SummaryService summaries, Outbox outbox, AuditLog audit) {
        this.em = em;
        this.summaries = summaries;
        this.outbox = outbox;
        this.audit = audit;
    }

    /** The review, locked for a change. */
    public Review lock(long tenantId, UUID id) {
        Review review = Review.lock(em, tenantId, id);
        if (review == null || review.tenantId() != tenantId) {
            throw ProblemException.notFound("Review");
        }
        return review;
    }

    /**
     * Moves a review to another status.
     *
     * @param action the audit action, e.g. {@code review.revealed}
     */
    public void move(TenantContext tenant, Review review, ReviewStatus next, AuditLog.Actor actor, String action, Map<String, ?> details,
                     Instant now) {
        ReviewStatus previous = review.status();
        if (previous == next) {
            return;
        }
        Contribution before = review.contribution();
        review.moveTo(next, now);
        em.flush();
        summaries.apply(tenant, before, review.contribution());
        String event = eventFor(previous, next);
        if (event != null) {
            outbox.enqueue(tenant.id(), event, review.id().toString(), ReviewService.eventData(review), now);
        }
        Map<String, Object> data = new LinkedHashMap<>(ReviewService.auditData(review));
        data.put("from", previous.code());
        data.putAll(details);
        audit.append(tenant.id(), actor, action, "review", review.id().toString(), data, now);
    }

    /** What the marketplace is told: a review became public, came back, or went away. */
    static String eventFor(ReviewStatus from, ReviewStatus to) {
        if (to == ReviewStatus.PUBLISHED) {
            return from == ReviewStatus.REMOVED ? "review.restored" : "review.published";
        }
        if (from == ReviewStatus.PUBLISHED) {
            return to == ReviewStatus.WITHDRAWN ? "review.withdrawn" : "review.removed";
        }
        return null;
    }
}
