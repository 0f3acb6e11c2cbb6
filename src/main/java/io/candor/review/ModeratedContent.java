package io.candor.review;

import io.candor.audit.AuditLog;
import io.candor.common.FieldError;
import io.candor.common.Jdbc;
import io.candor.common.ProblemException;
import io.candor.common.TextNormalizer;
import io.candor.feedback.DoubleBlind;
import io.candor.tenant.TenantContext;
import io.candor.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reviews and seller responses as moderation sees and changes them: what a case shows (the content with
 * its whole history) and what a decision or an appeal does to it (hide, publish, remove, redact, restore),
 * with the summary, the marketplace's events and the audit log following in the same transaction.
 * Locks are always taken review first, then response, then case, so moderation never deadlocks with writes.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ModeratedContent {

    public static final String REVIEW = "review";
    public static final String RESPONSE = "response";
    /** What a moderator's redaction leaves in place of the removed text. */
    public static final String REMOVED_TEXT = "[removed by a moderator]";

    private final EntityManager em;
    private final Jdbc jdbc;
    private final ReviewTransitions transitions;
    private final ReviewHistory history;
    private final DoubleBlind doubleBlind;
    private final Outbox outbox;
    private final AuditLog audit;

    public ModeratedContent(EntityManager em, Jdbc jdbc, ReviewTransitions transitions, ReviewHistory history, DoubleBlind doubleBlind,
                            Outbox outbox, AuditLog audit) {
        this.em = em;
        this.jdbc = jdbc;
        this.transitions = transitions;
        this.history = history;
        this.doubleBlind = doubleBlind;
        this.outbox = outbox;
        this.audit = audit;
    }

    /**
     * A review or response, locked for a change.
     *
     * @param sellerPartyId the seller of the reviewed subject (for a response: its author)
     * @param reviewId      the review itself, or the review a response answers
     * @param rating        the review's stars (for a response: the answered review's)
     */
    public record Target(String type, UUID id, String status, UUID authorPartyId, UUID sellerPartyId, String subjectType, String subjectRef,
                         int rating, UUID reviewId, int version) {

        public boolean isPublic() {
            return "published".equals(status);
        }
    }

    /** One version in a content's history. */
    @Schema(name = "ContentVersion")
    public record Version(int version, Integer rating, String title, String body, String cause, Instant at) {
    }

    /** The content as a moderator sees it, with every earlier version. */
    @Schema(name = "ModeratedContent")
    public record View(String type, String id, String status, PublicReview.Subject subject, Integer rating, String title, String body,
                       Aspects aspects, PublicReview.Author author, boolean verifiedPurchase, Instant createdAt, Instant editedAt,
                       List<String> labels, String review, List<Version> history) {
    }

    /** Text a moderator removes from one field. */
    public record TextRedaction(String field, String text) {
    }

    /** Like {@link #lock}, but empty when the content no longer exists (erased). */
    public Optional<Target> tryLock(long tenantId, String type, UUID id) {
        boolean exists = !jdbc.query(REVIEW.equals(type) ? "SELECT 1 FROM review WHERE tenant_id = ? AND review_id = ?"
                : "SELECT 1 FROM review_response WHERE tenant_id = ? AND response_id = ?", List.of(tenantId, id), rs -> 1).isEmpty();
        return exists ? Optional.of(lock(tenantId, type, id)) : Optional.empty();
    }

    /** Locks and answers a review or response in any status; 404 when it does not exist in the tenant. */
    public Target lock(long tenantId, String type, UUID id) {
        if (REVIEW.equals(type)) {
            return targetOf(transitions.lock(tenantId, id));
        }
        if (!RESPONSE.equals(type)) {
            throw ProblemException.notFound("Target");
        }
        UUID reviewId = jdbc.query("SELECT review_id FROM review_response WHERE tenant_id = ? AND response_id = ?", List.of(tenantId, id),
                rs -> rs.getObject(1, UUID.class)).stream().findFirst().orElseThrow(() -> ProblemException.notFound("Response"));
        Review review = transitions.lock(tenantId, reviewId);
        return jdbc.query("SELECT response_id, status, seller_party_id, version FROM review_response WHERE tenant_id = ? AND response_id = ? FOR UPDATE",
                        List.of(tenantId, id), rs -> new Target(RESPONSE, id, rs.getString("status"), rs.getObject("seller_party_id", UUID.class),
                                rs.getObject("seller_party_id", UUID.class), review.subjectType(), review.subjectRef(), review.rating(), review.id(),
                                rs.getInt("version")))
                .stream().findFirst().orElseThrow(() -> ProblemException.notFound("Response"));
    }

    private static Target targetOf(Review review) {
        return new Target(REVIEW, review.id(), review.status().code(), review.authorPartyId(), review.sellerPartyId(), review.subjectType(),
                review.subjectRef(), review.rating(), review.id(), review.version());
    }

    /**
     * Moves the content to {@code published}, {@code held} or {@code removed}; a withdrawn review stays withdrawn, and
     * a seller review released inside its double-blind window is sealed instead of published.
     *
     * @param action the audit action, e.g. {@code review.removed}
     */
    public Target moveTo(TenantContext tenant, Target target, String status, AuditLog.Actor actor, String action, Map<String, ?> details,
                         Instant now) {
        if (REVIEW.equals(target.type())) {
            Review review = transitions.lock(tenant.id(), target.id());
            if (review.status() == ReviewStatus.WITHDRAWN || review.status().code().equals(status)) {
                return targetOf(review);
            }
            if ("published".equals(status)) {
                // a seller review released inside its reveal window is sealed, not published: double-blind still holds
                doubleBlind.release(tenant, review, actor, action, details, now);
            } else {
                transitions.move(tenant, review, ReviewStatus.of(status), actor, action, details, now);
            }
            return targetOf(review);
        }
        if (target.status().equals(status) || "withdrawn".equals(target.status())) {
            return target;
        }
        jdbc.update("UPDATE review_response SET status = ? WHERE tenant_id = ? AND response_id = ?", List.of(status, tenant.id(), target.id()));
        Review review = transitions.lock(tenant.id(), target.reviewId());
        review.markAnswered("published".equals(status));
        if ("published".equals(status)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", target.id().toString());
            data.put("review", target.reviewId().toString());
            data.put("subject", new PublicReview.Subject(target.subjectType(), target.subjectRef()));
            data.put("version", target.version());
            outbox.enqueue(tenant.id(), "response.published", target.reviewId().toString(), data, now);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("review", target.reviewId().toString());
        data.put("from", target.status());
        data.put("status", status);
        data.putAll(details);
        audit.append(tenant.id(), actor, action, RESPONSE, target.id().toString(), data, now);
        return new Target(RESPONSE, target.id(), status, target.authorPartyId(), target.sellerPartyId(), target.subjectType(),
                target.subjectRef(), target.rating(), target.reviewId(), target.version());
    }

    /**
     * Replaces each quoted text with {@link #REMOVED_TEXT}; the content is labelled and a new version records the change.
     * Answers the version that was redacted, which an overturned appeal restores. A quote that is not in its field is a 422.
     */
    public int redact(TenantContext tenant, Target target, List<TextRedaction> redactions, AuditLog.Actor actor, Map<String, ?> details,
                      Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (REVIEW.equals(target.type())) {
            Review review = transitions.lock(tenant.id(), target.id());
            String title = review.title();
            String body = review.body();
            for (int i = 0; i < redactions.size(); i++) {
                TextRedaction r = redactions.get(i);
                String quote = TextNormalizer.normalize(r.text());
                if ("title".equals(r.field()) && title != null && !quote.isEmpty() && title.contains(quote)) {
                    title = title.replace(quote, REMOVED_TEXT);
                } else if ("body".equals(r.field()) && !quote.isEmpty() && body.contains(quote)) {
                    body = body.replace(quote, REMOVED_TEXT);
                } else {
                    errors.add(new FieldError("redactions[" + i + "].text", "must be text that the review's " + r.field() + " contains"));
                }
            }
            if (!errors.isEmpty()) {
                throw ProblemException.validation(errors);
            }
            int before = review.version();
            review.redact(title, body);
            em.flush();
            history.record(review, "redacted", now);
            outbox.enqueue(tenant.id(), "review.updated", review.id().toString(), ReviewService.eventData(review), now);
            auditChange(tenant, actor, "review.redacted", REVIEW, review.id(), review.version(), details, now);
            return before;
        }
        String body = jdbc.query("SELECT body FROM review_response WHERE tenant_id = ? AND response_id = ?", List.of(tenant.id(), target.id()),
                rs -> rs.getString(1)).get(0);
        for (int i = 0; i < redactions.size(); i++) {
            TextRedaction r = redactions.get(i);
            String quote = TextNormalizer.normalize(r.text());
            if ("body".equals(r.field()) && !quote.isEmpty() && body.contains(quote)) {
                body = body.replace(quote, REMOVED_TEXT);
            } else {
                errors.add(new FieldError("redactions[" + i + "].text", "must be text that the response's body contains"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        int version = target.version() + 1;
        jdbc.update("UPDATE review_response SET body = ?, redacted = true, version = ? WHERE tenant_id = ? AND response_id = ?",
                List.of(body, version, tenant.id(), target.id()));
        history.recordResponse(tenant.id(), target.id(), version, body, "redacted", now);
        auditChange(tenant, actor, "response.redacted", RESPONSE, target.id(), version, details, now);
        return target.version();
    }

    /**
     * Brings back the text of {@code version} after an overturned redaction. Answers false, changing nothing, when
     * the author has rewritten the content since the redaction: their newer words stand.
     */
    public boolean restore(TenantContext tenant, Target target, int version, int redactedVersion, AuditLog.Actor actor, Map<String, ?> details,
                           Instant now) {
        if (target.version() != redactedVersion) {
            return false;
        }
        if (REVIEW.equals(target.type())) {
            Review review = transitions.lock(tenant.id(), target.id());
            Version old = versions(tenant.id(), REVIEW, target.id()).stream().filter(v -> v.version() == version).findFirst().orElseThrow();
            boolean stillRedacted = jdbc.query("SELECT 1 FROM review_version WHERE tenant_id = ? AND review_id = ? AND version <= ? AND cause = 'redacted'",
                    List.of(tenant.id(), target.id(), version), rs -> 1).size() > 0 || wasRedactedOnEntry(tenant.id(), target.id());
            review.restore(old.title(), old.body(), stillRedacted);
            em.flush();
            history.record(review, "restored", now);
            outbox.enqueue(tenant.id(), "review.updated", review.id().toString(), ReviewService.eventData(review), now);
            auditChange(tenant, actor, "review.restored-text", REVIEW, review.id(), review.version(), details, now);
            return true;
        }
        Version old = versions(tenant.id(), RESPONSE, target.id()).stream().filter(v -> v.version() == version).findFirst().orElseThrow();
        int next = target.version() + 1;
        jdbc.update("UPDATE review_response SET body = ?, redacted = ?, version = ? WHERE tenant_id = ? AND response_id = ?",
                List.of(old.body(), false, next, tenant.id(), target.id()));
        history.recordResponse(tenant.id(), target.id(), next, old.body(), "restored", now);
        auditChange(tenant, actor, "response.restored-text", RESPONSE, target.id(), next, details, now);
        return true;
    }

    /** Whether the automated personal-data check redacted the review when it was written or edited. */
    private boolean wasRedactedOnEntry(long tenantId, UUID reviewId) {
        return !jdbc.query("SELECT 1 FROM decision WHERE tenant_id = ? AND target_type = 'review' AND target_id = ? AND automated_decision "
                + "AND action = 'redact'", List.of(tenantId, reviewId), rs -> 1).isEmpty();
    }

    private void auditChange(TenantContext tenant, AuditLog.Actor actor, String action, String type, UUID id, int version, Map<String, ?> details,
                             Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("version", version);
        data.putAll(details);
        audit.append(tenant.id(), actor, action, type, id.toString(), data, now);
    }

    /** The content with its history, for the case view; empty when it no longer exists (erased). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<View> view(long tenantId, String type, UUID id) {
        if (em.isJoinedToTransaction()) {
            em.flush();
        }
        if (REVIEW.equals(type)) {
            return jdbc.query("SELECT r.review_id, r.status, r.subject_type, r.subject_ref, r.rating, r.title, r.body, r.aspect_as_described, "
                            + "r.aspect_communication, r.aspect_delivery, p.handle, r.verified, r.created_at, r.edited_at, r.redacted "
                            + "FROM review r LEFT JOIN party p ON p.tenant_id = r.tenant_id AND p.party_id = r.author_party_id "
                            + "WHERE r.tenant_id = ? AND r.review_id = ?", List.of(tenantId, id),
                    rs -> {
                        String subjectType = rs.getString("subject_type");
                        Aspects aspects = "seller".equals(subjectType) ? new Aspects(Jdbc.integer(rs, "aspect_as_described"),
                                Jdbc.integer(rs, "aspect_communication"), Jdbc.integer(rs, "aspect_delivery")) : null;
                        List<String> labels = new ArrayList<>();
                        if (rs.getBoolean("verified")) {
                            labels.add("verified-purchase");
                        }
                        if (rs.getTimestamp("edited_at") != null) {
                            labels.add("edited");
                        }
                        if (rs.getBoolean("redacted")) {
                            labels.add("redacted");
                        }
                        return new View(REVIEW, id.toString(), rs.getString("status"), new PublicReview.Subject(subjectType, rs.getString("subject_ref")),
                                rs.getInt("rating"), rs.getString("title"), rs.getString("body"), aspects, new PublicReview.Author(rs.getString("handle")),
                                rs.getBoolean("verified"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "edited_at"), labels, null, null);
                    }).stream().findFirst().map(v -> withHistory(v, versions(tenantId, REVIEW, id)));
        }
        return jdbc.query("SELECT rr.response_id, rr.status, rr.body, rr.created_at, rr.edited_at, rr.redacted, rr.review_id, r.subject_type, "
                        + "r.subject_ref, p.handle FROM review_response rr "
                        + "JOIN review r ON r.tenant_id = rr.tenant_id AND r.review_id = rr.review_id "
                        + "LEFT JOIN party p ON p.tenant_id = rr.tenant_id AND p.party_id = rr.seller_party_id "
                        + "WHERE rr.tenant_id = ? AND rr.response_id = ?", List.of(tenantId, id),
                rs -> new View(RESPONSE, id.toString(), rs.getString("status"), new PublicReview.Subject(rs.getString("subject_type"),
                        rs.getString("subject_ref")), null, null, rs.getString("body"), null, new PublicReview.Author(rs.getString("handle")), false,
                        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "edited_at"), rs.getBoolean("redacted") ? List.of("redacted") : List.of(),
                        rs.getObject("review_id", UUID.class).toString(), null)).stream().findFirst().map(v -> withHistory(v, versions(tenantId, RESPONSE, id)));
    }

    private static View withHistory(View v, List<Version> history) {
        return new View(v.type(), v.id(), v.status(), v.subject(), v.rating(), v.title(), v.body(), v.aspects(), v.author(), v.verifiedPurchase(),
                v.createdAt(), v.editedAt(), v.labels(), v.review(), history);
    }

    /** Every version, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Version> versions(long tenantId, String type, UUID id) {
        if (REVIEW.equals(type)) {
            return jdbc.query("SELECT version, rating, title, body, cause, created_at FROM review_version WHERE tenant_id = ? AND review_id = ? "
                            + "ORDER BY version", List.of(tenantId, id),
                    rs -> new Version(rs.getInt("version"), rs.getInt("rating"), rs.getString("title"), rs.getString("body"), rs.getString("cause"),
                            Jdbc.instant(rs, "created_at")));
        }
        return jdbc.query("SELECT version, body, cause, created_at FROM response_version WHERE tenant_id = ? AND response_id = ? ORDER BY version",
                List.of(tenantId, id), rs -> new Version(rs.getInt("version"), null, null, rs.getString("body"), rs.getString("cause"),
                        Jdbc.instant(rs, "created_at")));
    }
}
