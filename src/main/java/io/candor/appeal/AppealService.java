package io.candor.appeal;

import io.candor.appeal.AppealRepository.AppealRow;

import io.candor.audit.AuditLog;
import io.candor.auth.Caller;
import io.candor.common.FieldError;
import io.candor.common.Ids;
import io.candor.common.Page;
import io.candor.common.ProblemException;
import io.candor.common.ProblemType;
import io.candor.common.TextNormalizer;
import io.candor.common.TimeKeyset;
import io.candor.moderation.DecisionRecord;
import io.candor.moderation.DecisionService;
import io.candor.moderation.Notice;
import io.candor.moderation.NoticeService;
import io.candor.moderation.NoticeWording;
import io.candor.moderation.ReportService;
import io.candor.moderation.check.PersonalDataDetector;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.moderation.ModeratedContent;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.candor.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Appeals (EU DSA Art. 20): the author of content that was removed or redacted, and each reporter of content
 * that was kept, may appeal a decision once within the tenant's appeal window. A moderator other than the one
 * who decided decides the appeal; an overturned decision is reversed and both outcomes send a notice. No
 * automated rule ever decides an appeal: the only way to decide one is a moderator's request.
 */
@ApplicationScoped
@Transactional
public class AppealService {

    static final int TEXT_MAX = 5000;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneOffset.UTC);

    private final AppealRepository repository;
    private final ReportService reports;
    private final TenantDirectory tenants;
    private final PartyService parties;
    private final ModeratedContent content;
    private final DecisionService decisions;
    private final NoticeService notices;
    private final Outbox outbox;
    private final AuditLog audit;
    private final Clock clock;

    public AppealService(AppealRepository repository, ReportService reports, TenantDirectory tenants, PartyService parties, ModeratedContent content, DecisionService decisions,
                         NoticeService notices, Outbox outbox, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.reports = reports;
        this.tenants = tenants;
        this.parties = parties;
        this.content = content;
        this.decisions = decisions;
        this.notices = notices;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    /** Files the caller's appeal against a decision. */
    public AppealView file(Caller caller, AppealRequest request) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Instant now = clock.instant();
        String grounds = TextNormalizer.normalize(request.grounds());
        int length = TextNormalizer.length(grounds);
        if (length < 1 || length > TEXT_MAX) {
            throw ProblemException.invalid("grounds", "must be 1.." + TEXT_MAX + " characters: why the decision was wrong");
        }
        UUID decisionId = Ids.parse(request.decision(), "Decision");
        DecisionRecord decision = decisions.find(tenant.id(), decisionId).orElseThrow(() -> ProblemException.notFound("Decision"));
        PartyRef appellant = parties.find(tenant.id(), caller.party())
                .orElseThrow(() -> ProblemException.forbidden("Only the author of the content or a reporter of it may appeal this decision."));
        ModeratedContent.Target target = content.lock(tenant.id(), decision.targetType(), decision.targetId());
        String role;
        if (appellant.id().equals(target.authorPartyId())) {
            if ("keep".equals(decision.action())) {
                throw ProblemException.forbidden("Your content was kept; there is nothing to appeal.");
            }
            if (decision.automatedDecision()) {
                throw ProblemException.forbidden("The personal information that was removed was never stored, so nothing can be restored; "
                        + "edit your text to say it another way.");
            }
            role = "author";
        } else if (reported(tenant.id(), decision.caseId(), appellant.id())) {
            if (!"keep".equals(decision.action())) {
                throw ProblemException.forbidden("The content you reported was " + ("remove".equals(decision.action()) ? "removed" : "redacted")
                        + "; there is nothing to appeal.");
            }
            role = "reporter";
        } else {
            throw ProblemException.forbidden("Only the author of the content or a reporter of it may appeal this decision.");
        }
        if (!decision.appealOpen(now)) {
            throw ProblemException.of(ProblemType.WINDOW_CLOSED, "Decisions can be appealed for " + tenant.policy().appealWindowDays()
                    + " days; the window for this one closed on " + DAY.format(decision.appealUntil()) + ".");
        }
        if (repository.exists(tenant.id(), decisionId, appellant.id())) {
            throw ProblemException.of(ProblemType.ALREADY_EXISTS, "You have already appealed this decision.");
        }
        UUID id = Ids.newId(now);
        repository.insert(tenant.id(), id, decisionId, appellant.id(), role, PersonalDataDetector.redact(grounds).text(), now);
        audit.append(tenant.id(), new AuditLog.Actor(caller.primaryRole(), appellant.handle()), "appeal.filed", "appeal", id.toString(),
                Map.of("decision", decisionId.toString(), "role", role), now);
        return view(one(tenant.id(), id).orElseThrow(), null);
    }

    private boolean reported(long tenantId, UUID caseId, UUID party) {
        return reports.reportedIn(tenantId, caseId, party);
    }

    /** A moderator other than the decider upholds or overturns the decision under appeal. */
    public AppealView decide(Caller caller, UUID appealId, AppealDecisionRequest request) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Instant now = clock.instant();
        List<FieldError> errors = new ArrayList<>();
        if (!"upheld".equals(request.outcome()) && !"overturned".equals(request.outcome())) {
            errors.add(new FieldError("outcome", "must be upheld or overturned"));
        }
        String statement = TextNormalizer.normalize(request.statement());
        int length = TextNormalizer.length(statement);
        if (length < 1 || length > TEXT_MAX) {
            errors.add(new FieldError("statement", "must be 1.." + TEXT_MAX + " characters: the reasons the appellant will read"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        PartyRef moderator = parties.findOrCreate(tenant, caller.party(), PartyService.Kind.MODERATOR);
        AppealRow appeal = one(tenant.id(), appealId).orElseThrow(() -> ProblemException.notFound("Appeal"));
        DecisionRecord decision = decisions.find(tenant.id(), appeal.decisionId()).orElseThrow();
        Optional<ModeratedContent.Target> content = this.content.tryLock(tenant.id(), decision.targetType(), decision.targetId());
        String status = repository.lockStatus(tenant.id(), appealId);
        if (!"pending".equals(status)) {
            throw ProblemException.conflict("This appeal has already been decided.");
        }
        if (moderator.id().equals(decision.decidedBy())) {
            throw ProblemException.forbidden("You made the decision under appeal; a different moderator must decide the appeal.");
        }
        if (moderator.id().equals(appeal.appellant()) || content.map(c -> moderator.id().equals(c.authorPartyId()) || moderator.id().equals(c.sellerPartyId()))
                .orElse(false)) {
            throw ProblemException.forbidden("You cannot decide an appeal about your own content or your own report.");
        }
        repository.decide(tenant.id(), appealId, request.outcome(), statement, moderator.id(), now);
        AuditLog.Actor actor = new AuditLog.Actor(caller.primaryRole(), moderator.handle());
        boolean overturned = "overturned".equals(request.outcome());
        NoticeWording words = NoticeWording.of(tenant);
        String effect = content.isEmpty() ? words.text("appeal.erased")
                : overturned ? decisions.reverse(tenant, decision, actor, appealId, now) : words.text("appeal.stands");
        Notice.AppealOutcome outcome = new Notice.AppealOutcome(appealId.toString(), request.outcome(), statement);
        String facts = words.text("appeal.facts", Map.of("date", words.date(appeal.createdAt()),
                "outcome", words.text(overturned ? "appeal.overturned" : "appeal.upheld")));
        String what = words.kind(decision.targetType());
        if (appeal.appellant() != null) {
            notices.issue(tenant, decision, appeal.appellant(), appeal.role(), new NoticeService.Wording(
                            overturned ? reversedAction(decision.action()) : decision.action(), effect,
                            words.text(overturned ? "appeal.duration.overturned" : "appeal.duration.upheld"), facts, statement),
                    false, outcome, now);
        }
        ModeratedContent.Target target = content.orElse(null);
        if (overturned && "keep".equals(decision.action()) && target != null && target.authorPartyId() != null
                && !"withdrawn".equals(target.status())) {
            // The author's content is now removed: they get a statement of reasons of their own.
            notices.issue(tenant, decision, target.authorPartyId(), "author", new NoticeService.Wording("remove",
                            words.text("appeal.removed", Map.of("what", what, "subject", words.subject(target.subjectType(), target.subjectRef()))),
                            words.text("appeal.removed.duration"), words.text("appeal.removed.facts", Map.of("what", what)), statement),
                    false, outcome, now);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", appealId.toString());
        data.put("decision", decision.id().toString());
        data.put("outcome", request.outcome());
        data.put("target", new Notice.Target(decision.targetType(), decision.targetId().toString()));
        outbox.enqueue(tenant.id(), "appeal.decided", decision.targetId().toString(), data, now);
        audit.append(tenant.id(), actor, "appeal.decided", "appeal", appealId.toString(),
                Map.of("decision", decision.id().toString(), "outcome", request.outcome()), now);
        return view(one(tenant.id(), appealId).orElseThrow(), decision);
    }

    /** Whether an appeal waits on a decision about this content, other than one by {@code exceptAppellant} (null: any). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean pendingOn(long tenantId, String type, UUID id, UUID exceptAppellant) {
        UUID[] decided = decisions.onTargets(tenantId, type, List.of(id)).stream().map(DecisionRecord::id).toArray(UUID[]::new);
        if (decided.length == 0) {
            return false;
        }
        return repository.pendingOn(tenantId, decided, exceptAppellant);
    }

    /** Erasure: the party's appeals, and those they decided, keep what happened but no longer say who. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void unlink(long tenantId, UUID partyId) {
        repository.unlink(tenantId, partyId);
    }

    /** Retention: decided appeals older than {@code before} lose their link to the appellant. Every tenant at once. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int unlinkDecidedBefore(long tenantId, Instant before) {
        return repository.unlinkDecidedBefore(tenantId, before);
    }

    /** Every appeal of the party, for an export. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AppealView> allOf(long tenantId, UUID partyId) {
        return repository.allOf(tenantId, partyId).stream().map(row -> view(row, null)).toList();
    }

    private static String reversedAction(String action) {
        return "keep".equals(action) ? "remove" : "restore";
    }

    /** The caller's own appeals, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<AppealView> mine(Caller caller, int limit, String cursor) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Optional<PartyRef> me = parties.find(tenant.id(), caller.party());
        if (me.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        String scope = "my-appeals|" + me.get().id();
        List<Object> params = new ArrayList<>(List.of(tenant.id(), me.get().id()));
        Optional<TimeKeyset.Key> after = TimeKeyset.after(tenant.secret(), scope, cursor);
        after.ifPresent(key -> params.addAll(List.of(key.at(), key.id())));
        params.add(limit + 1);
        // appeal_appellant index
        List<AppealRow> rows = repository.ofAppellant(params, after.isPresent());
        return page(tenant, scope, rows, limit, false);
    }

    /** The moderators' appeal queue: pending appeals oldest first, or decided ones. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<AppealView> queue(Caller caller, String status, int limit, String cursor) {
        TenantContext tenant = tenants.byId(caller.tenant());
        String s = status == null || status.isEmpty() ? "pending" : status;
        if (!s.equals("pending") && !s.equals("decided")) {
            throw ProblemException.invalid("status", "must be pending or decided");
        }
        String scope = "appeals|" + s;
        List<Object> params = new ArrayList<>(List.of(tenant.id(), s));
        Optional<TimeKeyset.Key> after = TimeKeyset.after(tenant.secret(), scope, cursor);
        after.ifPresent(key -> params.addAll(List.of(key.at(), key.id())));
        params.add(limit + 1);
        // appeal_queue index
        List<AppealRow> rows = repository.queue(params, after.isPresent());
        return page(tenant, scope, rows, limit, true);
    }

    /** One appeal as the moderators' queue shows it, with the decision under appeal; empty when the tenant has no such appeal. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<AppealView> forModerators(Caller caller, UUID appealId) {
        long tenantId = caller.tenant();
        return one(tenantId, appealId).map(row -> view(row, decisions.find(tenantId, row.decisionId()).orElseThrow()));
    }

    private Page<AppealView> page(TenantContext tenant, String scope, List<AppealRow> rows, int limit, boolean forModerators) {
        Page<AppealRow> page = TimeKeyset.page(rows, limit, tenant.secret(), scope, AppealRow::createdAt, AppealRow::id);
        Map<UUID, DecisionRecord> decided = new java.util.HashMap<>();
        if (forModerators && !page.items().isEmpty()) {
            decisions.byIds(tenant.id(), page.items().stream().map(AppealRow::decisionId).distinct().toList()).forEach(d -> decided.put(d.id(), d));
        }
        return new Page<>(page.items().stream().map(row -> view(row, forModerators ? decided.get(row.decisionId()) : null)).toList(), page.nextCursor());
    }

    private Optional<AppealRow> one(long tenantId, UUID id) {
        return repository.one(tenantId, id);
    }

    private static AppealView view(AppealRow row, DecisionRecord decision) {
        return new AppealView(row.id().toString(), row.decisionId().toString(), row.status(), row.role(), row.grounds(), row.outcome(),
                row.statement(), row.createdAt(), row.decidedAt(), row.decidedByHandle(), decision == null ? null : row.appellantHandle(),
                decision == null ? null : DecisionService.view(decision, List.of()));
    }
}
