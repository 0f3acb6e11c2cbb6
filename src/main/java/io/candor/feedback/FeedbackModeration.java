package io.candor.feedback;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A seller's feedback on a buyer as moderation sees and changes it: the buyer can report unfair feedback, a moderator
 * keeps, removes or redacts it, the seller gets a statement of reasons and can appeal, like any other content.
 * Removed or held feedback leaves the buyer's view and the counts the marketplace sees. Sealed feedback is nobody's
 * to report yet.
 */
@ApplicationScoped
public class FeedbackModeration implements ModeratedKind {

    public static final String TYPE = "feedback";

    /** The moves moderation may make, from → to; {@code sealed → published} is the double-blind reveal's alone. */
    static final Map<String, Set<String>> MOVES = Map.of(
            "published", Set.of("held", "removed"),
            "held", Set.of("published", "removed"),
            "removed", Set.of("published"));

    private final FeedbackRepository repository;
    private final AuditLog audit;

    public FeedbackModeration(FeedbackRepository repository, AuditLog audit) {
        this.repository = repository;
        this.audit = audit;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String noun() {
        return "Feedback";
    }

    @Override
    public int order() {
        return 3;
    }

    @Override
    public boolean countsTowardsRating() {
        return true;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public ModeratedContent.Target lock(long tenantId, UUID id) {
        return tryLock(tenantId, id).orElseThrow(() -> ProblemException.notFound("Feedback"));
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<ModeratedContent.Target> tryLock(long tenantId, UUID id) {
        return repository.lock(tenantId, id).map(FeedbackModeration::targetOf);
    }

    /** The seller wrote it and is its author; its subject is the transaction it is about. */
    private static ModeratedContent.Target targetOf(FeedbackRepository.Moderated f) {
        return new ModeratedContent.Target(TYPE, f.id(), f.status(), f.sellerPartyId(), f.sellerPartyId(), "transaction", f.transactionRef(), null,
                f.id(), f.version());
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public ModeratedContent.Target moveTo(TenantContext tenant, ModeratedContent.Target target, String status, AuditLog.Actor actor, String action,
                                          Map<String, ?> details, Instant now) {
        if (target.status().equals(status)) {
            return target;
        }
        if (!MOVES.getOrDefault(target.status(), Set.of()).contains(status)) {
            throw ProblemException.conflict("Feedback that is " + target.status() + " cannot become " + status + ".");
        }
        repository.setStatus(tenant.id(), target.id(), status);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", target.status());
        data.put("status", status);
        data.putAll(details);
        audit.append(tenant.id(), actor, action, TYPE, target.id().toString(), data, now);
        return new ModeratedContent.Target(TYPE, target.id(), status, target.authorPartyId(), target.sellerPartyId(), target.subjectType(),
                target.subjectRef(), null, target.parentId(), target.version());
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public int redact(TenantContext tenant, ModeratedContent.Target target, List<ModeratedContent.TextRedaction> redactions, AuditLog.Actor actor,
                      Map<String, ?> details, Instant now) {
        FeedbackRepository.Moderated feedback = repository.lock(tenant.id(), target.id()).orElseThrow(() -> ProblemException.notFound("Feedback"));
        String comment = feedback.comment();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < redactions.size(); i++) {
            ModeratedContent.TextRedaction r = redactions.get(i);
            String quote = TextNormalizer.normalize(r.text());
            if ("body".equals(r.field()) && comment != null && !quote.isEmpty() && comment.contains(quote)) {
                comment = comment.replace(quote, ModeratedContent.REMOVED_TEXT);
            } else {
                errors.add(new FieldError("redactions[" + i + "].text", "must be text that the feedback's comment (body) contains"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        int version = feedback.version() + 1;
        changeText(tenant, feedback, comment, true, version, "redacted", actor, "feedback.redacted", details, now);
        return feedback.version();
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean restore(TenantContext tenant, ModeratedContent.Target target, int version, int redactedVersion, AuditLog.Actor actor,
                           Map<String, ?> details, Instant now) {
        if (target.version() != redactedVersion) {
            return false;
        }
        FeedbackRepository.Moderated feedback = repository.lock(tenant.id(), target.id()).orElseThrow(() -> ProblemException.notFound("Feedback"));
        ModeratedContent.Version old = repository.versions(tenant.id(), target.id()).stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow();
        changeText(tenant, feedback, old.body(), false, feedback.version() + 1, "restored", actor, "feedback.restored-text", details, now);
        return true;
    }

    private void changeText(TenantContext tenant, FeedbackRepository.Moderated feedback, String comment, boolean redacted, int version, String cause,
                            AuditLog.Actor actor, String action, Map<String, ?> details, Instant now) {
        repository.setComment(tenant.id(), feedback.id(), comment, redacted, version);
        repository.recordVersion(tenant.id(), feedback.id(), version, feedback.rating(), comment, cause, now);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("version", version);
        data.putAll(details);
        audit.append(tenant.id(), actor, action, TYPE, feedback.id().toString(), data, now);
    }

    @Override
    public Optional<ModeratedContent.View> view(long tenantId, UUID id) {
        return repository.find(tenantId, id).map(f -> new ModeratedContent.View(TYPE, id.toString(), f.status(),
                new ModeratedContent.Subject("transaction", f.transactionRef()), null, f.rating(), f.comment() == null ? "" : f.comment(), null,
                new ModeratedContent.Author(f.sellerHandle()), false, f.createdAt(), f.editedAt(), f.redacted() ? List.of("redacted") : List.of(), null,
                repository.versions(tenantId, id)));
    }

    @Override
    public Map<UUID, CaseView.Preview> previews(long tenantId, Collection<UUID> ids, int excerpt) {
        Map<UUID, CaseView.Preview> previews = new LinkedHashMap<>();
        for (FeedbackRepository.Moderated f : repository.findAll(tenantId, ids)) {
            String text = f.comment() == null ? f.rating() : f.rating() + ": " + f.comment();
            previews.put(f.id(), new CaseView.Preview("transaction " + f.transactionRef(), null, CaseView.excerpt(text, excerpt)));
        }
        return previews;
    }
}
