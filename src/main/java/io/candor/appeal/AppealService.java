package io.candor.appeal;

import io.candor.audit.AuditLog;
import io.candor.auth.Caller;
import io.candor.common.FieldError;
import io.candor.common.Ids;
import io.candor.common.Jdbc;
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
import io.candor.moderation.check.PersonalDataDetector;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.moderation.ModeratedContent;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.candor.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
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

    private final Jdbc jdbc;
    private final TenantDirectory tenants;
    private final PartyService parties;
    private final ModeratedContent content;
    private final DecisionService decisions;
    private final NoticeService notices;
    private final Outbox outbox;
    private final AuditLog audit;
    private final Clock clock;

    public AppealService(Jdbc jdbc, TenantDirectory tenants, PartyService parties, ModeratedContent content, DecisionService decisions,
                         NoticeService notices, Outbox outbox, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.parties = parties;
        this.content = content;
        this.decisions = decisions;
        this.notices = notices;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    private record AppealRow(UUID id, UUID decisionId, UUID appellant, String role, String grounds, String status, String outcome, String statement,
                             UUID decidedBy, String decidedByHandle, String appellantHandle, Instant createdAt, Instant decidedAt) {

        static AppealRow read(ResultSet rs) throws SQLException {
            return new AppealRow(rs.getObject("appeal_id", UUID.class), rs.getObject("decision_id", UUID.class),
                    rs.getObject("appellant_party_id", UUID.class), rs.getString("appellant_role"), rs.getString("grounds"), rs.getString("status"),
                    rs.getString("outcome"), rs.getString("statement"), rs.getObject("decided_by", UUID.class), rs.getString("decider_handle"),
                    rs.getString("appellant_handle"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "decided_at"));
        }
    }

    private static final String APPEAL_SELECT = "SELECT a.appeal_id, a.decision_id, a.appellant_party_id, a.appellant_role, a.grounds, a.status, "
            + "a.outcome, a.statement, a.decided_by, m.handle AS decider_handle, p.handle AS appellant_handle, a.created_at, a.decided_at FROM appeal a "
            + "LEFT JOIN party m ON m.tenant_id = a.tenant_id AND m.party_id = a.decided_by "
            + "LEFT JOIN party p ON p.tenant_id = a.tenant_id AND p.party_id = a.appellant_party_id ";

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
        if (!jdbc.query("SELECT 1 FROM appeal WHERE tenant_id = ? AND decision_id = ? AND appellant_party_id = ?",
                List.of(tenant.id(), decisionId, appellant.id()), rs -> 1).isEmpty()) {
            throw ProblemException.of(ProblemType.ALREADY_EXISTS, "You have already appealed this decision.");
        }
        UUID id = Ids.newId(now);
        jdbc.update("INSERT INTO appeal (tenant_id, appeal_id, decision_id, appellant_party_id, appellant_role, grounds, status, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)",
                List.of(tenant.id(), id, decisionId, appellant.id(), role, PersonalDataDetector.redact(grounds).text(), now));
        audit.append(tenant.id(), new AuditLog.Actor(caller.primaryRole(), appellant.handle()), "appeal.filed", "appeal", id.toString(),
                Map.of("decision", decisionId.toString(), "role", role), now);
        return view(one(tenant.id(), id).orElseThrow(), null);
    }

    private boolean reported(long tenantId, UUID caseId, UUID party) {
        return !jdbc.query("SELECT 1 FROM report WHERE tenant_id = ? AND case_id = ? AND reporter_party_id = ?", List.of(tenantId, caseId, party),
                rs -> 1).isEmpty();
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
        String status = jdbc.query("SELECT status FROM appeal WHERE tenant_id = ? AND appeal_id = ? FOR UPDATE", List.of(tenant.id(), appealId),
                rs -> rs.getString(1)).get(0);
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
        jdbc.update("UPDATE appeal SET status = 'decided', outcome = ?, statement = ?, decided_by = ?, decided_at = ? WHERE tenant_id = ? AND appeal_id = ?",
                List.of(request.outcome(), statement, moderator.id(), now, tenant.id(), appealId));
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
        return !jdbc.query("SELECT 1 FROM appeal WHERE tenant_id = ? AND decision_id = ANY (?) AND status = 'pending' "
                + (exceptAppellant == null ? "" : "AND appellant_party_id IS DISTINCT FROM ? "), exceptAppellant == null
                ? List.of(tenantId, decided) : List.of(tenantId, decided, exceptAppellant), rs -> 1).isEmpty();
    }

    /** Erasure: the party's appeals, and those they decided, keep what happened but no longer say who. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void unlink(long tenantId, UUID partyId) {
        jdbc.update("UPDATE appeal SET appellant_party_id = NULL WHERE tenant_id = ? AND appellant_party_id = ?", List.of(tenantId, partyId));
        jdbc.update("UPDATE appeal SET decided_by = NULL WHERE tenant_id = ? AND decided_by = ?", List.of(tenantId, partyId));
    }

    /** Retention: decided appeals older than {@code before} lose their link to the appellant. Every tenant at once. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int unlinkDecidedBefore(Instant before) {
        return jdbc.update("UPDATE appeal SET appellant_party_id = NULL WHERE status = 'decided' AND appellant_party_id IS NOT NULL AND decided_at < ?",
                List.of(before));
    }

    /** Every appeal of the party, for an export. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<AppealView> allOf(long tenantId, UUID partyId) {
        return jdbc.query(APPEAL_SELECT + "WHERE a.tenant_id = ? AND a.appellant_party_id = ? ORDER BY a.created_at DESC", List.of(tenantId, partyId),
                AppealRow::read).stream().map(row -> view(row, null)).toList();
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
        List<AppealRow> rows = jdbc.query(APPEAL_SELECT + "WHERE a.tenant_id = ? AND a.appellant_party_id = ? "
                + (after.isPresent() ? "AND (a.created_at, a.appeal_id) < (?, ?) " : "") + "ORDER BY a.created_at DESC, a.appeal_id DESC LIMIT ?",
                params, AppealRow::read);
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
        List<AppealRow> rows = jdbc.query(APPEAL_SELECT + "WHERE a.tenant_id = ? AND a.status = ? "
                + (after.isPresent() ? "AND (a.created_at, a.appeal_id) > (?, ?) " : "") + "ORDER BY a.created_at, a.appeal_id LIMIT ?",
                params, AppealRow::read);
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
        return jdbc.query(APPEAL_SELECT + "WHERE a.tenant_id = ? AND a.appeal_id = ?", List.of(tenantId, id), AppealRow::read).stream().findFirst();
    }

    private static AppealView view(AppealRow row, DecisionRecord decision) {
        return new AppealView(row.id().toString(), row.decisionId().toString(), row.status(), row.role(), row.grounds(), row.outcome(),
                row.statement(), row.createdAt(), row.decidedAt(), row.decidedByHandle(), decision == null ? null : row.appellantHandle(),
                decision == null ? null : DecisionService.view(decision, List.of()));
    }
}
