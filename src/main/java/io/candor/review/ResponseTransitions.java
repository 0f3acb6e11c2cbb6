package io.candor.review;

import io.candor.audit.AuditLog;
import io.candor.common.ProblemException;
import io.candor.tenant.TenantContext;
import io.candor.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place a seller's response changes: written, rewritten, moved by its seller or by moderation, its text
 * redacted or restored, erased. Each change enforces {@link ResponseStatus#TRANSITIONS}, keeps the review's
 * {@code answered} flag, writes the outbox event and appends the audit entry, in the caller's transaction. The
 * answered review is always locked first.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ResponseTransitions {

    private final ResponseRepository responses;
    private final VersionRepository history;
    private final Outbox outbox;
    private final AuditLog audit;

    public ResponseTransitions(ResponseRepository responses, VersionRepository history, Outbox outbox, AuditLog audit) {
        this.responses = responses;
        this.history = history;
        this.outbox = outbox;
        this.audit = audit;
    }

    /** A new response, or a rewrite of an existing one ({@code from} non-null), in the status its checks gave it. */
    void written(TenantContext tenant, Review review, UUID responseId, UUID sellerPartyId, ResponseStatus from, ResponseStatus to, String body,
                 boolean redacted, int version, AuditLog.Actor actor, Instant now) {
        if (from == null) {
            if (!ResponseStatus.canStartAs(to)) {
                throw new IllegalStateException("a response cannot start " + to.code());
            }
            responses.insert(tenant.id(), responseId, review.id(), sellerPartyId, body, to, redacted, now);
        } else {
            check(from, to);
            responses.rewrite(tenant.id(), responseId, body, to, redacted, version, now);
        }
        history.recordResponse(tenant.id(), responseId, version, body, from == null ? "created" : "edited", now);
        review.markAnswered(to == ResponseStatus.PUBLISHED);
        if (to == ResponseStatus.PUBLISHED) {
            announce(tenant, review, responseId, version, now);
        }
        audit.append(tenant.id(), actor, from == null ? "response.created" : "response.edited", "response", responseId.toString(),
                Map.of("review", review.id().toString(), "status", to.code(), "version", version), now);
    }

    /**
     * Moves a response to another status (its seller withdrawing it, or moderation).
     *
     * @param action the audit action, e.g. {@code response.removed}
     */
    void move(TenantContext tenant, Review review, UUID responseId, ResponseStatus from, ResponseStatus to, int version, AuditLog.Actor actor,
              String action, Map<String, ?> details, Instant now) {
        if (from == to) {
            return;
        }
        check(from, to);
        responses.setStatus(tenant.id(), responseId, to);
        review.markAnswered(to == ResponseStatus.PUBLISHED);
        if (to == ResponseStatus.PUBLISHED) {
            announce(tenant, review, responseId, version, now);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("review", review.id().toString());
        data.put("from", from.code());
        data.put("status", to.code());
        data.putAll(details);
        audit.append(tenant.id(), actor, action, "response", responseId.toString(), data, now);
    }

    /** A moderator redacted the text, or an appeal restored it; a new version records it. */
    void textChanged(TenantContext tenant, UUID responseId, String body, boolean redacted, int version, String cause, AuditLog.Actor actor,
                     String action, Map<String, ?> details, Instant now) {
        responses.setText(tenant.id(), responseId, body, redacted, version);
        history.recordResponse(tenant.id(), responseId, version, body, cause, now);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("version", version);
        data.putAll(details);
        audit.append(tenant.id(), actor, action, "response", responseId.toString(), data, now);
    }

    /**
     * Its seller was erased: the response is kept, unlinked and withdrawn, until {@code keepUntil} while someone else
     * can still appeal a decision on it; deleted otherwise.
     */
    void erased(TenantContext tenant, Review answered, UUID responseId, Optional<Instant> keepUntil, AuditLog.Actor actor, Instant now) {
        if (keepUntil.isPresent()) {
            responses.unlink(tenant.id(), responseId, keepUntil.get());
        } else {
            responses.delete(tenant.id(), responseId);
        }
        answered.markAnswered(false);
        audit.append(tenant.id(), actor, keepUntil.isPresent() ? "response.unlinked" : "response.erased", "response", responseId.toString(),
                Map.of("review", answered.id().toString()), now);
    }

    private static void check(ResponseStatus from, ResponseStatus to) {
        if (from != to && !from.canMoveTo(to)) {
            throw ProblemException.conflict("A " + from.code() + " response cannot become " + to.code() + ".");
        }
    }

    private void announce(TenantContext tenant, Review review, UUID responseId, int version, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", responseId.toString());
        data.put("review", review.id().toString());
        data.put("subject", new PublicReview.Subject(review.subjectType(), review.subjectRef()));
        data.put("version", version);
        outbox.enqueue(tenant.id(), "response.published", review.id().toString(), data, now);
    }
}
