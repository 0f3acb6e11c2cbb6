package io.candor.review;

import io.candor.audit.AuditLog;
import io.candor.common.FieldError;
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

    private final ResponseRepository repository;
    private final ReviewTransitions reviews;
    private final ResponseTransitions responses;
    private final VersionRepository history;

    public ResponseModeration(ResponseRepository repository, ReviewTransitions reviews, ResponseTransitions responses, VersionRepository history) {
        this.repository = repository;
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
        return repository.reviewOf(tenantId, id).isPresent() ? Optional.of(lock(tenantId, id)) : Optional.empty();
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public ModeratedContent.Target lock(long tenantId, UUID id) {
        UUID reviewId = repository.reviewOf(tenantId, id).orElseThrow(() -> ProblemException.notFound("Response"));
        Review review = reviews.lock(tenantId, reviewId);
        ResponseRepository.Current response = repository.lock(tenantId, id).orElseThrow(() -> ProblemException.notFound("Response"));
        return new ModeratedContent.Target(TYPE, id, response.status().code(), response.sellerPartyId(), response.sellerPartyId(), review.subjectType(),
                review.subjectRef(), null, review.id(), response.version());
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
        String body = repository.body(tenant.id(), target.id()).orElseThrow(() -> ProblemException.notFound("Response"));
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
        return repository.moderationView(tenantId, id).map(v -> v.withHistory(history.responseVersions(tenantId, id)));
    }

    @Override
    public Map<UUID, CaseView.Preview> previews(long tenantId, Collection<UUID> ids, int excerpt) {
        return repository.previews(tenantId, ids, excerpt);
    }
}
