package io.candor.moderation;

import io.candor.audit.AuditLog;
import io.candor.tenant.TenantContext;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One kind of content under moderation, in the shape of Discourse's Reviewable: moderation decides, the feature
 * that owns the content carries it out. review/ implements it for reviews and seller responses; a new kind of
 * content (photos, anonymous reviews) plugs in the same way. Moderation never imports the features that implement it.
 *
 * <p>Every method runs inside the caller's transaction. {@link #lock} takes the owner's row locks in the owner's
 * order (for responses: the review first), so moderation never deadlocks with the owner's own writes.
 */
public interface ModeratedKind {

    /** The target type as the API and the tables name it, e.g. {@code review}. */
    String type();

    /** How a "not found" problem names it, e.g. {@code Review}. */
    String noun();

    /** Where it is listed among the kinds a report may target ("must be review or response"). */
    int order();

    /** Whether taking it down changes a public rating (for the statement of reasons). */
    boolean countsTowardsRating();

    /** Locks it for a change; 404 problem when it does not exist in the tenant. */
    ModeratedContent.Target lock(long tenantId, UUID id);

    /** Like {@link #lock}, but empty when it no longer exists (erased). */
    Optional<ModeratedContent.Target> tryLock(long tenantId, UUID id);

    /**
     * Moves it to {@code published}, {@code held} or {@code removed}. Withdrawn content stays withdrawn; the owner
     * may apply its own rules on the way (a seller review released inside its double-blind window is sealed).
     *
     * @param action the audit action, e.g. {@code review.removed}
     */
    ModeratedContent.Target moveTo(TenantContext tenant, ModeratedContent.Target target, String status, AuditLog.Actor actor, String action,
                                   Map<String, ?> details, Instant now);

    /** Replaces each quoted text; answers the version that was redacted. A quote that is not there is a 422 problem. */
    int redact(TenantContext tenant, ModeratedContent.Target target, List<ModeratedContent.TextRedaction> redactions, AuditLog.Actor actor,
               Map<String, ?> details, Instant now);

    /** Brings back the text of {@code version}; false, changing nothing, when the author has rewritten it since. */
    boolean restore(TenantContext tenant, ModeratedContent.Target target, int version, int redactedVersion, AuditLog.Actor actor,
                    Map<String, ?> details, Instant now);

    /** The content with its whole history, for the case view; empty when it no longer exists. */
    Optional<ModeratedContent.View> view(long tenantId, UUID id);

    /** What a queue entry shows of each of these, by id; absent ids no longer exist. */
    Map<UUID, CaseView.Preview> previews(long tenantId, Collection<UUID> ids, int excerpt);
}
