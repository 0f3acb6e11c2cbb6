package io.candor.moderation;

import io.candor.audit.AuditLog;
import io.candor.auth.Caller;
import io.candor.common.FieldError;
import io.candor.common.Ids;
import io.candor.common.Jdbc;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

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

    private final Jdbc jdbc;
    private final TenantDirectory tenants;
    private final PartyService parties;
    private final ModeratedContent content;
    private final CaseService cases;
    private final NoticeService notices;
    private final AuditLog audit;
    private final Clock clock;

    public DecisionService(Jdbc jdbc, TenantDirectory tenants, PartyService parties, ModeratedContent content, CaseService cases,
                           NoticeService notices, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.parties = parties;
        this.content = content;
        this.cases = cases;
        this.notices = notices;
        this.audit = audit;
        this.clock = clock;
    }

    /** A case as the decision needs it. */
    private record CaseRow(UUID id, String targetType, String targetId, String status) {
    }

    private record ReportRow(UUID id, UUID reporter, String reason, Instant at) {
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
        CaseRow found = caseRow(tenant.id(), caseId).orElseThrow(() -> ProblemException.notFound("Case"));
        boolean surge = "subject".equals(found.targetType());
        if (surge && "redact".equals(request.action())) {
            throw ProblemException.invalid("action", "a surge is kept or removed as a whole; open a case on one review to redact it");
        }
        List<ModeratedContent.Target> targets = new ArrayList<>();
        if (surge) {
            for (Notice.Target item : surgeItems(tenant.id(), caseId)) {
                targets.add(content.lock(tenant.id(), item.type(), UUID.fromString(item.id())));
            }
        } else {
            targets.add(content.lock(tenant.id(), found.targetType(), UUID.fromString(found.targetId())));
        }
        String status = jdbc.query("SELECT status FROM moderation_case WHERE tenant_id = ? AND case_id = ? FOR UPDATE", List.of(tenant.id(), caseId),
                rs -> rs.getString(1)).get(0);
        if (!"open".equals(status)) {
            throw ProblemException.conflict("This case has already been decided.");
        }
        for (ModeratedContent.Target target : targets) {
            if (moderator.id().equals(target.authorPartyId()) || moderator.id().equals(target.sellerPartyId())) {
                throw ProblemException.forbidden("You cannot decide on content you wrote or that is about your own shop or product.");
            }
        }
        List<ReportRow> reports = jdbc.query("SELECT report_id, reporter_party_id, reason, created_at FROM report WHERE tenant_id = ? AND case_id = ? "
                        + "AND outcome = 'pending' ORDER BY created_at", List.of(tenant.id(), caseId),
                rs -> new ReportRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), Jdbc.instant(rs, "created_at")));
        List<String> checks = jdbc.query("SELECT DISTINCT source FROM moderation_signal WHERE tenant_id = ? AND case_id = ? AND source LIKE 'check:%' "
                + "ORDER BY source", List.of(tenant.id(), caseId), rs -> rs.getString(1).substring("check:".length()));
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
            notifyParties(tenant, decision, target, reports, checks, now);
            decided.add(decision);
        }
        jdbc.update("UPDATE report SET outcome = ? WHERE tenant_id = ? AND case_id = ? AND outcome = 'pending'",
                List.of("keep".equals(request.action()) ? "disagreed" : "agreed", tenant.id(), caseId));
        jdbc.update("UPDATE moderation_case SET status = 'closed', closed_at = ? WHERE tenant_id = ? AND case_id = ?", List.of(now, tenant.id(), caseId));
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

    private void notifyParties(TenantContext tenant, DecisionRecord decision, ModeratedContent.Target target, List<ReportRow> reports,
                               List<String> checks, Instant now) {
        NoticeWording words = NoticeWording.of(tenant);
        boolean rates = content.kind(target.type()).countsTowardsRating();
        Map<String, Object> about = Map.of("what", words.kind(target.type()), "subject", words.subject(target.subjectType(), target.subjectRef()));
        String facts = facts(words, reports, checks);
        boolean removes = !"keep".equals(decision.action());
        NoticeService.Wording forAuthor = switch (decision.action()) {
            case "keep" -> new NoticeService.Wording("keep", words.text("held".equals(decision.previousStatus()) ? "author.keep.held" : "author.keep",
                    about), words.text("author.keep.duration"), facts);
            case "remove" -> new NoticeService.Wording("remove", words.text("author.remove", with(about, "rating", rates ? words.text("author.remove.rating") : "")),
                    words.text("author.remove.duration", Map.of("until", words.date(decision.appealUntil()))), facts);
            default -> new NoticeService.Wording("redact", words.text("author.redact", with(about, "removed", ModeratedContent.REMOVED_TEXT)),
                    words.text("author.redact.duration"), facts);
        };
        if (target.authorPartyId() != null) {
            notices.issue(tenant, decision, target.authorPartyId(), "author", forAuthor, removes, null, now);
        }
        Set<UUID> reporters = new LinkedHashSet<>();
        reports.stream().map(ReportRow::reporter).filter(r -> r != null && !r.equals(target.authorPartyId())).forEach(reporters::add);
        for (UUID reporter : reporters) {
            String reasons = reports.stream().filter(r -> reporter.equals(r.reporter())).map(ReportRow::reason).distinct()
                    .collect(Collectors.joining(", "));
            Map<String, Object> report = with(with(about, "reasons", reasons), "outcome", words.text("reporter." + decision.action()));
            NoticeService.Wording forReporter = new NoticeService.Wording(decision.action(), words.text("reporter", report),
                    words.text(removes ? "reporter.duration.removed" : "reporter.duration.kept"), facts);
            notices.issue(tenant, decision, reporter, "reporter", forReporter, !removes, null, now);
        }
    }

    private static String facts(NoticeWording words, List<ReportRow> reports, List<String> checks) {
        List<String> parts = new ArrayList<>();
        if (!reports.isEmpty()) {
            Map<String, Long> byReason = reports.stream().collect(Collectors.groupingBy(ReportRow::reason, LinkedHashMap::new, Collectors.counting()));
            String reasons = byReason.entrySet().stream().map(e -> e.getKey() + (e.getValue() > 1 ? " ×" + e.getValue() : ""))
                    .collect(Collectors.joining(", "));
            parts.add(words.text(reports.size() == 1 ? "facts.reported.one" : "facts.reported.many", Map.of("count", reports.size(), "reasons", reasons)));
        }
        if (!checks.isEmpty()) {
            parts.add(words.text("facts.checks", Map.of("checks", String.join(", ", checks))));
        }
        if (parts.isEmpty()) {
            parts.add(words.text("facts.own-initiative"));
        }
        parts.add(words.text("facts.decided"));
        return String.join(" ", parts);
    }

    private static Map<String, Object> with(Map<String, Object> values, String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(values);
        more.put(key, value);
        return more;
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
        jdbc.update("INSERT INTO decision (tenant_id, decision_id, case_id, target_type, target_id, action, policy_code, policy_version, statement, "
                        + "source, automated_detection, automated_decision, decided_by, previous_status, previous_version, target_rating, decided_at, "
                        + "appeal_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Arrays.asList(tenantId, d.id(), d.caseId(), d.targetType(), d.targetId(), d.action(), d.policy().code(), d.policy().version(),
                        d.statement(), d.source(), d.automatedDetection(), d.automatedDecision(), d.decidedBy(), d.previousStatus(), d.previousVersion(),
                        d.targetRating() == null ? null : d.targetRating().shortValue(), d.decidedAt(), d.appealUntil()));
    }

    /**
     * Reverses a decision after an overturned appeal: removed content comes back, kept content is removed, redacted
     * text is restored. Answers what the reversal did, for the notices.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String reverse(TenantContext tenant, DecisionRecord decision, AuditLog.Actor actor, UUID appealId, Instant now) {
        ModeratedContent.Target target = content.lock(tenant.id(), decision.targetType(), decision.targetId());
        jdbc.update("UPDATE decision SET overturned_at = ? WHERE tenant_id = ? AND decision_id = ? AND overturned_at IS NULL",
                List.of(now, tenant.id(), decision.id()));
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
                return words.text("reversal.published", with(about, "rating",
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
        return jdbc.query("SELECT max(appeal_until) FROM decision WHERE tenant_id = ? AND target_type = ? AND target_id = ? AND action = 'keep' "
                + "AND overturned_at IS NULL AND appeal_until > ?", List.of(tenantId, type, id, now), rs -> Optional.ofNullable(Jdbc.instant(rs, 1))).get(0);
    }

    /** Whether Candor's automated check redacted this content when it was written or edited (such text cannot be restored). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean redactedAutomatically(long tenantId, String type, UUID id) {
        return !jdbc.query("SELECT 1 FROM decision WHERE tenant_id = ? AND target_type = ? AND target_id = ? AND automated_decision "
                + "AND action = 'redact'", List.of(tenantId, type, id), rs -> 1).isEmpty();
    }

    /** One decision of the tenant. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<DecisionRecord> find(long tenantId, UUID decisionId) {
        return jdbc.query(DECISION_SELECT + "WHERE d.tenant_id = ? AND d.decision_id = ?", List.of(tenantId, decisionId), DecisionService::read)
                .stream().findFirst();
    }

    /** Several decisions by id, in no particular order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DecisionRecord> byIds(long tenantId, List<UUID> ids) {
        return jdbc.query(DECISION_SELECT + "WHERE d.tenant_id = ? AND d.decision_id = ANY (?)", List.of(tenantId, ids.toArray(UUID[]::new)),
                DecisionService::read);
    }

    /** The decisions ever made on these pieces of content, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DecisionRecord> onTargets(long tenantId, String type, List<UUID> ids) {
        // decision_target index
        return jdbc.query(DECISION_SELECT + "WHERE d.tenant_id = ? AND d.target_type = ? AND d.target_id = ANY (?) ORDER BY d.decided_at, d.decision_id",
                List.of(tenantId, type, ids.toArray(UUID[]::new)), DecisionService::read);
    }

    /** The decisions of one case. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DecisionRecord> ofCase(long tenantId, UUID caseId) {
        return jdbc.query(DECISION_SELECT + "WHERE d.tenant_id = ? AND d.case_id = ? ORDER BY d.decided_at, d.decision_id", List.of(tenantId, caseId),
                DecisionService::read);
    }

    /** As moderators and the API see it: the decider by handle. */
    public static DecisionView view(DecisionRecord d, List<String> related) {
        return new DecisionView(d.id().toString(), d.caseId().toString(), new Notice.Target(d.targetType(), d.targetId().toString()), d.action(),
                new Notice.PolicyRef(d.policy().code(), d.policy().version(), d.policy().title()), d.statement(), d.source(), d.automatedDetection(),
                d.automatedDecision(), d.deciderHandle(), d.decidedAt(), d.appealUntil().isAfter(d.decidedAt()) ? d.appealUntil() : null,
                d.overturnedAt() != null, related);
    }

    private static final String DECISION_SELECT = "SELECT d.decision_id, d.case_id, d.target_type, d.target_id, d.action, d.policy_code, "
            + "d.policy_version, d.statement, d.source, d.automated_detection, d.automated_decision, d.decided_by, p.handle AS decider_handle, "
            + "d.previous_status, d.previous_version, d.target_rating, d.decided_at, d.appeal_until, d.overturned_at FROM decision d "
            + "LEFT JOIN party p ON p.tenant_id = d.tenant_id AND p.party_id = d.decided_by ";

    private static DecisionRecord read(java.sql.ResultSet rs) throws java.sql.SQLException {
        String code = rs.getString("policy_code");
        int version = rs.getInt("policy_version");
        PolicyCatalog.Policy current = PolicyCatalog.find(code).orElseThrow();
        PolicyCatalog.Policy cited = current.version() == version ? current
                : new PolicyCatalog.Policy(code, version, current.title(), current.covers(), current.statement());
        return new DecisionRecord(rs.getObject("decision_id", UUID.class), rs.getObject("case_id", UUID.class), rs.getString("target_type"),
                rs.getObject("target_id", UUID.class), rs.getString("action"), cited, rs.getString("statement"), rs.getString("source"),
                rs.getBoolean("automated_detection"), rs.getBoolean("automated_decision"), rs.getObject("decided_by", UUID.class),
                rs.getString("decider_handle"),
                rs.getString("previous_status"), Jdbc.integer(rs, "previous_version"), Jdbc.integer(rs, "target_rating"),
                Jdbc.instant(rs, "decided_at"), Jdbc.instant(rs, "appeal_until"), Jdbc.instant(rs, "overturned_at"));
    }

    private Optional<CaseRow> caseRow(long tenantId, UUID caseId) {
        return jdbc.query("SELECT case_id, target_type, target_id, status FROM moderation_case WHERE tenant_id = ? AND case_id = ?",
                List.of(tenantId, caseId), rs -> new CaseRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
                .stream().findFirst();
    }

    /** The content a surge case gathered, in id order (the order it is locked in). */
    private List<Notice.Target> surgeItems(long tenantId, UUID caseId) {
        return jdbc.query("SELECT DISTINCT item_type, item_id FROM moderation_signal WHERE tenant_id = ? AND case_id = ? AND item_type <> 'subject' "
                        + "ORDER BY item_id, item_type", List.of(tenantId, caseId), rs -> new Notice.Target(rs.getString(1), rs.getObject(2, UUID.class).toString()));
    }
}
