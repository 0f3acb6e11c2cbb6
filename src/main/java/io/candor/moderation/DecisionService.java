package io.candor.moderation;

import io.candor.audit.AuditLog;
import io.candor.auth.Caller;
import io.candor.common.FieldError;
import io.candor.common.Ids;
import io.candor.common.ProblemException;
import io.candor.common.TextNormalizer;
import io.candor.moderation.check.Finding;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Decisions on cases and what they do: {@code keep} publishes held content, {@code remove} hides it (never
 * deletes it), {@code redact} replaces quoted text. Each decision closes its case, settles its reports, moves
 * the summary, and sends a statement of reasons to the author and to every reporter. Appeals reverse them
 * through {@link #reverse}.
 */
@ApplicationScoped
@Transactional
public class DecisionService {

    static final int STATEMENT_MAX = 5000;
    private static final Set<String> ACTIONS = Set.of("keep", "remove", "redact");

    private final DecisionRepository repository;
    private final CaseRepository caseRows;
    private final ReportRepository reportRows;
    private final TenantDirectory tenants;
    private final PartyService parties;
    private final ModeratedContent content;
    private final CaseService cases;
    private final NoticeService notices;
    private final DecisionStatements statements;
    private final AuditLog audit;
    private final Clock clock;

    public DecisionService(DecisionRepository repository, CaseRepository caseRows, ReportRepository reportRows, TenantDirectory tenants, PartyService parties, ModeratedContent content, CaseService cases,
                           NoticeService notices, DecisionStatements statements, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.caseRows = caseRows;
        this.reportRows = reportRows;
        this.tenants = tenants;
        this.parties = parties;
        this.content = content;
        this.cases = cases;
        this.notices = notices;
        this.statements = statements;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Decides an open case. A surge case (target {@code subject}) is decided for every review of the surge that is
     * still held, one decision each; answers the decisions made.
     */
    public List<DecisionRecord> decide(Caller caller, UUID caseId, DecisionRequest request) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Instant now = clock.instant();
        String statement = TextNormalizer.normalize(request.statement());
        PolicyCatalog.Policy policy = validate(request, statement);
        PartyRef moderator = parties.findOrCreate(tenant, caller.party(), PartyService.Kind.MODERATOR);
        CaseRepository.CaseRow found = caseRows.find(tenant.id(), caseId).orElseThrow(() -> ProblemException.notFound("Case"));
        boolean surge = "subject".equals(found.targetType());
        if (surge && "redact".equals(request.action())) {
            throw ProblemException.invalid("action", "a surge is kept or removed as a whole; open a case on one review to redact it");
        }
        List<ModeratedContent.Target> targets = new ArrayList<>();
        if (surge) {
            for (Notice.Target item : caseRows.surgeItems(tenant.id(), caseId)) {
                targets.add(content.lock(tenant.id(), item.type(), UUID.fromString(item.id())));
            }
        } else {
            targets.add(content.lock(tenant.id(), found.targetType(), UUID.fromString(found.targetId())));
        }
        String status = caseRows.lockStatus(tenant.id(), caseId).orElseThrow(() -> ProblemException.notFound("Case"));
        if (!"open".equals(status)) {
            throw ProblemException.conflict("This case has already been decided.");
        }
        for (ModeratedContent.Target target : targets) {
            if (moderator.id().equals(target.authorPartyId()) || moderator.id().equals(target.sellerPartyId())) {
                throw ProblemException.forbidden("You cannot decide on content you wrote or that is about your own shop or product.");
            }
        }
        List<ReportRepository.Pending> reports = reportRows.pending(tenant.id(), caseId);
        List<String> checks = caseRows.checksOf(tenant.id(), caseId);
        String source = !reports.isEmpty() ? "report" : !checks.isEmpty() ? "automated-check" : "own-initiative";
        Instant appealUntil = now.plus(Duration.ofDays(tenant.policy().appealWindowDays()));
        AuditLog.Actor actor = new AuditLog.Actor(caller.primaryRole(), moderator.handle());

        List<DecisionRecord> decided = new ArrayList<>();
        for (ModeratedContent.Target target : targets) {
            if ("withdrawn".equals(target.status()) || (surge && !"held".equals(target.status()))) {
                continue;
            }
            UUID decisionId = Ids.newId(now);
            Map<String, Object> details = Map.of("decision", decisionId.toString(), "policy", policy.code());
            Integer redactedVersion = apply(tenant, target, request, actor, details, now);
            DecisionRecord decision = new DecisionRecord(decisionId, caseId, target.type(), target.id(), request.action(), policy, statement, source,
                    !checks.isEmpty(), false, moderator.id(), moderator.handle(), target.status(), redactedVersion,
                    target.rating(), now, appealUntil, null);
            insert(tenant.id(), decision);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("case", caseId.toString());
            data.put("action", decision.action());
            data.put("policy", policy.code() + "@" + policy.version());
            data.put("target", target.type() + ":" + target.id());
            audit.append(tenant.id(), actor, "decision.made", "decision", decisionId.toString(), data, now);
            statements.issue(tenant, decision, target, reports, checks, now);
            decided.add(decision);
        }
        reportRows.settle(tenant.id(), caseId, "keep".equals(request.action()) ? "disagreed" : "agreed");
        caseRows.close(tenant.id(), caseId, now);
        audit.append(tenant.id(), actor, "case.closed", "case", caseId.toString(), Map.of("decisions", decided.size(), "action", request.action()), now);
        return decided;
    }

    private PolicyCatalog.Policy validate(DecisionRequest request, String statement) {
        List<FieldError> errors = new ArrayList<>();
        if (request.action() == null || !ACTIONS.contains(request.action())) {
            errors.add(new FieldError("action", "must be keep, remove or redact"));
        }
        Optional<PolicyCatalog.Policy> policy = PolicyCatalog.find(request.policy());
        if (policy.isEmpty()) {
            errors.add(new FieldError("policy", "must be one of " + String.join(", ", PolicyCatalog.codes())));
        }
        int length = TextNormalizer.length(statement);
        if (length < 1 || length > STATEMENT_MAX) {
            errors.add(new FieldError("statement", "must be 1.." + STATEMENT_MAX + " characters: the reasons the affected parties will read"));
        }
        List<DecisionRequest.Redaction> redactions = request.redactions() == null ? List.of() : request.redactions();
        if ("redact".equals(request.action()) && redactions.isEmpty()) {
            errors.add(new FieldError("redactions", "a redaction names the text to remove"));
        }
        if (!"redact".equals(request.action()) && !redactions.isEmpty()) {
            errors.add(new FieldError("redactions", "only a redact decision removes text"));
        }
        for (int i = 0; i < redactions.size(); i++) {
            DecisionRequest.Redaction r = redactions.get(i);
            if (r == null || !("title".equals(r.field()) || "body".equals(r.field()))) {
                errors.add(new FieldError("redactions[" + i + "].field", "must be title or body"));
            }
            if (r == null || r.text() == null || TextNormalizer.normalize(r.text()).isEmpty()) {
                errors.add(new FieldError("redactions[" + i + "].text", "must quote the text to remove"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return policy.orElseThrow();
    }

    /** Applies the decision to the content; answers the version a redaction replaced. */
    private Integer apply(TenantContext tenant, ModeratedContent.Target target, DecisionRequest request, AuditLog.Actor actor,
                          Map<String, ?> details, Instant now) {
        String type = target.type();
        switch (request.action()) {
            case "keep" -> {
                if (!target.isPublic()) {
                    content.moveTo(tenant, target, "published", actor, type + ".kept", details, now);
                }
                return null;
            }
            case "remove" -> {
                content.moveTo(tenant, target, "removed", actor, type + ".removed", details, now);
                return null;
            }
            default -> {
                List<ModeratedContent.TextRedaction> redactions = request.redactions().stream()
                        .map(r -> new ModeratedContent.TextRedaction(r.field(), r.text())).toList();
                int replaced = content.redact(tenant, target, redactions, actor, details, now);
                if (!target.isPublic()) {
                    content.moveTo(tenant, content.lock(tenant.id(), type, target.id()), "published", actor, type + ".kept", details, now);
                }
                return replaced;
            }
        }
    }

    /**
     * The automated check's redaction of personal data, recorded as a decision of its own with a closed case, so the
     * author gets a statement of reasons and the transparency report counts it. The original text was never stored,
     * so there is nothing an appeal could restore; the author may rephrase by editing instead.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAutomatedRedaction(TenantContext tenant, TextSubmission submission, Finding finding, Instant now) {
        UUID caseId = cases.closedCase(tenant.id(), submission.kind(), submission.targetId().toString(), now);
        cases.signal(tenant.id(), caseId, submission.kind(), submission.targetId(), "check:" + finding.check(), finding.weight(), finding.detail(),
                null, now);
        PolicyCatalog.Policy policy = PolicyCatalog.find("personal-information").orElseThrow();
        NoticeWording words = NoticeWording.of(tenant);
        String found = finding.detail().replace("removed: ", "");
        String statement = words.text("automated.statement", Map.of("found", found));
        DecisionRecord decision = new DecisionRecord(Ids.newId(now), caseId, submission.kind(), submission.targetId(), "redact", policy, statement,
                "automated-check", true, true, null, null, submission.isEdit() ? "edited" : "submitted", null, null, now, now, null);
        insert(tenant.id(), decision);
        audit.append(tenant.id(), AuditLog.Actor.SYSTEM, "decision.made", "decision", decision.id().toString(),
                Map.of("case", caseId.toString(), "action", "redact", "policy", policy.code() + "@" + policy.version(), "automated", true,
                        "target", submission.kind() + ":" + submission.targetId()), now);
        notices.issue(tenant, decision, submission.authorPartyId(), "author", new NoticeService.Wording("redact",
                words.text("automated.scope", Map.of("what", words.kind(submission.kind()))), words.text("automated.duration"),
                words.text("automated.facts", Map.of("found", found))), false, null, now);
    }

    private void insert(long tenantId, DecisionRecord d) {
        repository.insert(tenantId, d);
    }

    /**
     * Reverses a decision after an overturned appeal: removed content comes back, kept content is removed, redacted
     * text is restored. Answers what the reversal did, for the notices.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String reverse(TenantContext tenant, DecisionRecord decision, AuditLog.Actor actor, UUID appealId, Instant now) {
        ModeratedContent.Target target = content.lock(tenant.id(), decision.targetType(), decision.targetId());
        repository.overturn(tenant.id(), decision.id(), now);
        Map<String, Object> details = Map.of("decision", decision.id().toString(), "appeal", appealId.toString());
        NoticeWording words = NoticeWording.of(tenant);
        if ("withdrawn".equals(target.status())) {
            return words.text("reversal.withdrawn");
        }
        String what = decision.targetType();
        Map<String, Object> about = Map.of("what", words.kind(what));
        switch (decision.action()) {
            case "remove" -> {
                content.moveTo(tenant, target, "published", actor, what + ".restored", details, now);
                return words.text("reversal.published", DecisionStatements.with(about, "rating",
                        words.text(content.kind(what).countsTowardsRating() ? "reversal.published.rating" : "reversal.published.plain")));
            }
            case "keep" -> {
                content.moveTo(tenant, target, "removed", actor, what + ".removed", details, now);
                return words.text("reversal.removed", about);
            }
            default -> {
                boolean restored = decision.previousVersion() != null
                        && content.restore(tenant, target, decision.previousVersion(), decision.previousVersion() + 1, actor, details, now);
                return words.text(restored ? "reversal.restored-text" : "reversal.rewritten", about);
            }
        }
    }

    /** Until when a reporter can still appeal a decision to keep this content (a keep not overturned, inside its window). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Instant> keepAppealableUntil(long tenantId, String type, UUID id, Instant now) {
        return repository.keepAppealableUntil(tenantId, type, id, now);
    }

    /** Until when anyone (author or reporter) can still appeal a decision on this content that was not overturned. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Instant> appealableUntil(long tenantId, String type, UUID id, Instant now) {
        return repository.appealableUntil(tenantId, type, id, now);
    }

    /** Whether Candor's automated check redacted this content when it was written or edited (such text cannot be restored). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean redactedAutomatically(long tenantId, String type, UUID id) {
        return repository.redactedAutomatically(tenantId, type, id);
    }

    /** One decision of the tenant. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<DecisionRecord> find(long tenantId, UUID decisionId) {
        return repository.find(tenantId, decisionId);
    }

    /** Several decisions by id, in no particular order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DecisionRecord> byIds(long tenantId, List<UUID> ids) {
        return repository.byIds(tenantId, ids);
    }

    /** The decisions ever made on these pieces of content, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DecisionRecord> onTargets(long tenantId, String type, List<UUID> ids) {
        // decision_target index
        return repository.onTargets(tenantId, type, ids);
    }

    /** The decisions of one case. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DecisionRecord> ofCase(long tenantId, UUID caseId) {
        return repository.ofCase(tenantId, caseId);
    }

    /** As moderators and the API see it: the decider by handle. */
    public static DecisionView view(DecisionRecord d, List<String> related) {
        return new DecisionView(d.id().toString(), d.caseId().toString(), new Notice.Target(d.targetType(), d.targetId().toString()), d.action(),
                new Notice.PolicyRef(d.policy().code(), d.policy().version(), d.policy().title()), d.statement(), d.source(), d.automatedDetection(),
                d.automatedDecision(), d.deciderHandle(), d.decidedAt(), d.appealUntil().isAfter(d.decidedAt()) ? d.appealUntil() : null,
                d.overturnedAt() != null, related);
    }
}
