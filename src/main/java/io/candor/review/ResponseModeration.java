package io.candor.review;

import io.candor.audit.AuditLog;
import io.candor.common.FieldError;
import io.candor.common.Jdbc;
import io.candor.common.ProblemException;
import io.candor.common.TextNormalizer;
import io.candor.moderation.CaseView;
import io.candor.moderation.ModeratedContent;
import io.candor.moderation.ModeratedKind;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sellers' public responses as moderation sees and changes them. A response is locked after the review it answers
 * (review first, then response), the order every write takes, so moderation never deadlocks with writes.
 * Every change goes through {@link ResponseTransitions}.
 */
@ApplicationScoped
public class ResponseModeration implements ModeratedKind {

    public static final String TYPE = "response";

    private final Jdbc jdbc;
    private final ReviewTransitions reviews;
    private final ResponseTransitions responses;
    private final ReviewHistory history;

    public ResponseModeration(Jdbc jdbc, ReviewTransitions reviews, ResponseTransitions responses, ReviewHistory history) {
        this.jdbc = jdbc;
        this.reviews = reviews;
        this.responses = responses;
        this.history = history;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String noun() {
        return "Response";
    }

    @Override
    public int order() {
        return 2;
    }

    @Override
    public boolean countsTowardsRating() {
        return false;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<ModeratedContent.Target> tryLock(long tenantId, UUID id) {
        boolean exists = !jdbc.query("SELECT 1 FROM review_response WHERE tenant_id = ? AND response_id = ?", List.of(tenantId, id), rs -> 1).isEmpty();
        return exists ? Optional.of(lock(tenantId, id)) : Optional.empty();
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public ModeratedContent.Target lock(long tenantId, UUID id) {
        UUID reviewId = jdbc.query("SELECT review_id FROM review_response WHERE tenant_id = ? AND response_id = ?", List.of(tenantId, id),
                rs -> rs.getObject(1, UUID.class)).stream().findFirst().orElseThrow(() -> ProblemException.notFound("Response"));
        Review review = reviews.lock(tenantId, reviewId);
        return jdbc.query("SELECT response_id, status, seller_party_id, version FROM review_response WHERE tenant_id = ? AND response_id = ? FOR UPDATE",
                        List.of(tenantId, id), rs -> new ModeratedContent.Target(TYPE, id, rs.getString("status"), rs.getObject("seller_party_id", UUID.class),
                                rs.getObject("seller_party_id", UUID.class), review.subjectType(), review.subjectRef(), null, review.id(),
                                rs.getInt("version")))
                .stream().findFirst().orElseThrow(() -> ProblemException.notFound("Response"));
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public ModeratedContent.Target moveTo(TenantContext tenant, ModeratedContent.Target target, String status, AuditLog.Actor actor, String action,
                                          Map<String, ?> details, Instant now) {
        if (target.status().equals(status) || "withdrawn".equals(target.status())) {
            return target;
        }
        Review review = reviews.lock(tenant.id(), target.parentId());
        responses.move(tenant, review, target.id(), ResponseStatus.of(target.status()), ResponseStatus.of(status), target.version(), actor, action,
                details, now);
        return new ModeratedContent.Target(TYPE, target.id(), status, target.authorPartyId(), target.sellerPartyId(), target.subjectType(),
                target.subjectRef(), target.rating(), target.parentId(), target.version());
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public int redact(TenantContext tenant, ModeratedContent.Target target, List<ModeratedContent.TextRedaction> redactions, AuditLog.Actor actor,
                      Map<String, ?> details, Instant now) {
        String body = jdbc.query("SELECT body FROM review_response WHERE tenant_id = ? AND response_id = ?", List.of(tenant.id(), target.id()),
                rs -> rs.getString(1)).get(0);
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < redactions.size(); i++) {
            ModeratedContent.TextRedaction r = redactions.get(i);
            String quote = TextNormalizer.normalize(r.text());
            if ("body".equals(r.field()) && !quote.isEmpty() && body.contains(quote)) {
                body = body.replace(quote, ModeratedContent.REMOVED_TEXT);
            } else {
                errors.add(new FieldError("redactions[" + i + "].text", "must be text that the response's body contains"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        responses.textChanged(tenant, target.id(), body, true, target.version() + 1, "redacted", actor, "response.redacted", details, now);
        return target.version();
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean restore(TenantContext tenant, ModeratedContent.Target target, int version, int redactedVersion, AuditLog.Actor actor,
                           Map<String, ?> details, Instant now) {
        if (target.version() != redactedVersion) {
            return false;
        }
        ModeratedContent.Version old = history.responseVersions(tenant.id(), target.id()).stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow();
        responses.textChanged(tenant, target.id(), old.body(), false, target.version() + 1, "restored", actor, "response.restored-text", details, now);
        return true;
    }

    @Override
    public Optional<ModeratedContent.View> view(long tenantId, UUID id) {
        return jdbc.query("SELECT rr.response_id, rr.status, rr.body, rr.created_at, rr.edited_at, rr.redacted, rr.review_id, r.subject_type, "
                        + "r.subject_ref, p.handle FROM review_response rr "
                        + "JOIN review r ON r.tenant_id = rr.tenant_id AND r.review_id = rr.review_id "
                        + "LEFT JOIN party p ON p.tenant_id = rr.tenant_id AND p.party_id = rr.seller_party_id "
                        + "WHERE rr.tenant_id = ? AND rr.response_id = ?", List.of(tenantId, id),
                rs -> new ModeratedContent.View(TYPE, id.toString(), rs.getString("status"), new ModeratedContent.Subject(rs.getString("subject_type"),
                        rs.getString("subject_ref")), null, null, rs.getString("body"), null, new ModeratedContent.Author(rs.getString("handle")), false,
                        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "edited_at"), rs.getBoolean("redacted") ? List.of("redacted") : List.of(),
                        rs.getObject("review_id", UUID.class).toString(), null))
                .stream().findFirst().map(v -> v.withHistory(history.responseVersions(tenantId, id)));
    }

    @Override
    public Map<UUID, CaseView.Preview> previews(long tenantId, Collection<UUID> ids, int excerpt) {
        Map<UUID, CaseView.Preview> previews = new LinkedHashMap<>();
        jdbc.query("SELECT rr.response_id, r.subject_type, r.subject_ref, left(rr.body, ?) FROM review_response rr "
                        + "JOIN review r ON r.tenant_id = rr.tenant_id AND r.review_id = rr.review_id WHERE rr.tenant_id = ? AND rr.response_id = ANY (?)",
                List.of(excerpt + 1, tenantId, ids.toArray(UUID[]::new)), rs -> previews.put(rs.getObject(1, UUID.class),
                        new CaseView.Preview(rs.getString(2) + " " + rs.getString(3), null, CaseView.excerpt(rs.getString(4), excerpt))));
        return previews;
    }
}
