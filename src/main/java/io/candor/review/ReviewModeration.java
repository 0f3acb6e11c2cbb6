package io.candor.review;

import io.candor.audit.AuditLog;
import io.candor.common.FieldError;
import io.candor.common.ProblemException;
import io.candor.common.TextNormalizer;
import io.candor.moderation.CaseView;
import io.candor.moderation.DecisionService;
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
 * Reviews as moderation sees and changes them: what a case shows (the review with its whole history) and what a
 * decision or an appeal does to it. Every change goes through {@link ReviewTransitions}.
 */
@ApplicationScoped
public class ReviewModeration implements ModeratedKind {

    public static final String TYPE = "review";

    private final ReviewRepository repository;
    private final ReviewQueries queries;
    private final ReviewTransitions transitions;
    private final VersionRepository history;
    private final DecisionService decisions;
    private final PhotoRepository photos;

    public ReviewModeration(ReviewRepository repository, ReviewQueries queries, ReviewTransitions transitions, VersionRepository history,
                            DecisionService decisions, PhotoRepository photos) {
        this.photos = photos;
        this.repository = repository;
        this.queries = queries;
        this.decisions = decisions;
        this.transitions = transitions;
        this.history = history;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String noun() {
        return "Review";
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public boolean countsTowardsRating() {
        return true;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public ModeratedContent.Target lock(long tenantId, UUID id) {
        return targetOf(transitions.lock(tenantId, id));
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<ModeratedContent.Target> tryLock(long tenantId, UUID id) {
        return transitions.tryLock(tenantId, id).map(ReviewModeration::targetOf);
    }

    static ModeratedContent.Target targetOf(Review review) {
        return new ModeratedContent.Target(TYPE, review.id(), review.status().code(), review.authorPartyId(), review.sellerPartyId(),
                review.subjectType(), review.subjectRef(), review.rating(), review.id(), review.version());
    }

    /** A release ({@code published}) of a seller review inside its double-blind window seals it instead. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public ModeratedContent.Target moveTo(TenantContext tenant, ModeratedContent.Target target, String status, AuditLog.Actor actor, String action,
                                          Map<String, ?> details, Instant now) {
        Review review = transitions.lock(tenant.id(), target.id());
        if (review.status() == ReviewStatus.WITHDRAWN || review.status().code().equals(status)) {
            return targetOf(review);
        }
        if (ReviewStatus.of(status) == ReviewStatus.PUBLISHED) {
            transitions.release(tenant, review, actor, action, details, now);
        } else {
            transitions.move(tenant, review, ReviewStatus.of(status), actor, action, details, now);
        }
        return targetOf(review);
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public int redact(TenantContext tenant, ModeratedContent.Target target, List<ModeratedContent.TextRedaction> redactions, AuditLog.Actor actor,
                      Map<String, ?> details, Instant now) {
        Review review = transitions.lock(tenant.id(), target.id());
        String title = review.title();
        String body = review.body();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < redactions.size(); i++) {
            ModeratedContent.TextRedaction r = redactions.get(i);
            String quote = TextNormalizer.normalize(r.text());
            if ("title".equals(r.field()) && title != null && !quote.isEmpty() && title.contains(quote)) {
                title = title.replace(quote, ModeratedContent.REMOVED_TEXT);
            } else if ("body".equals(r.field()) && !quote.isEmpty() && body.contains(quote)) {
                body = body.replace(quote, ModeratedContent.REMOVED_TEXT);
            } else {
                errors.add(new FieldError("redactions[" + i + "].text", "must be text that the review's " + r.field() + " contains"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        int before = review.version();
        review.redact(title, body);
        repository.flush();
        history.record(review, "redacted", now);
        transitions.textChanged(tenant, review, actor, "review.redacted", details, now);
        return before;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean restore(TenantContext tenant, ModeratedContent.Target target, int version, int redactedVersion, AuditLog.Actor actor,
                           Map<String, ?> details, Instant now) {
        if (target.version() != redactedVersion) {
            return false;
        }
        Review review = transitions.lock(tenant.id(), target.id());
        ModeratedContent.Version old = history.versions(tenant.id(), target.id()).stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow();
        boolean stillRedacted = history.redactedBy(tenant.id(), target.id(), version) || wasRedactedOnEntry(tenant.id(), target.id());
        review.restore(old.title(), old.body(), stillRedacted);
        repository.flush();
        history.record(review, "restored", now);
        transitions.textChanged(tenant, review, actor, "review.restored-text", details, now);
        return true;
    }

    /** Whether the automated personal-data check redacted the review when it was written or edited. */
    private boolean wasRedactedOnEntry(long tenantId, UUID reviewId) {
        return decisions.redactedAutomatically(tenantId, TYPE, reviewId);
    }

    @Override
    public Optional<ModeratedContent.View> view(long tenantId, UUID id) {
        repository.flushPending();
        return queries.moderationView(tenantId, id).map(v -> v.withHistory(history.versions(tenantId, id)).withPhotos(photos.forModeration(tenantId, id)));
    }

    @Override
    public Map<UUID, CaseView.Preview> previews(long tenantId, Collection<UUID> ids, int excerpt) {
        return queries.previews(tenantId, ids, excerpt);
    }
}
