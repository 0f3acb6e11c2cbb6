package io.candor.moderation;

import io.candor.audit.AuditLog;
import io.candor.auth.Caller;
import io.candor.common.FieldError;
import io.candor.common.Ids;
import io.candor.common.ProblemException;
import io.candor.common.ProblemType;
import io.candor.common.TextNormalizer;
import io.candor.moderation.check.PersonalDataDetector;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reports of published reviews and responses, from parties and from the public. A report opens (or joins)
 * the target's case and adds a signal weighted by the reporter's track record. Only reports of personal
 * information or illegal content can hide the target before a decision, only past a threshold, and never
 * on the word of the reviewed seller alone.
 */
@ApplicationScoped
@Transactional
public class ReportService {

    static final int DETAILS_MAX = 2000;
    static final Set<String> HIDING_REASONS = Set.of("personal-information", "illegal");

    private final ReportRepository repository;
    private final PartyService parties;
    private final ModeratedContent content;
    private final CaseService cases;
    private final ModerationConfig config;
    private final AuditLog audit;
    private final Clock clock;

    public ReportService(ReportRepository repository, PartyService parties, ModeratedContent content, CaseService cases, ModerationConfig config, AuditLog audit,
                         Clock clock) {
        this.repository = repository;
        this.parties = parties;
        this.content = content;
        this.cases = cases;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Files a report; {@code caller} is null for the public endpoint, where details are required.
     *
     * @return the report's id
     */
    public UUID report(TenantContext tenant, Caller caller, ReportRequest request) {
        Instant now = clock.instant();
        boolean viaPublic = caller == null;
        List<FieldError> errors = new ArrayList<>();
        String type = request.target() == null ? null : request.target().type();
        if (!content.isKind(type)) {
            errors.add(new FieldError("target.type", "must be " + content.kindList()));
        }
        if (request.target() == null || request.target().id() == null) {
            errors.add(new FieldError("target.id", "must be the id of the reported content"));
        }
        if (!PolicyCatalog.isReason(request.reason())) {
            errors.add(new FieldError("reason", "must be one of " + String.join(", ", PolicyCatalog.codes())));
        }
        String details = TextNormalizer.normalize(request.details());
        if (details != null && details.isEmpty()) {
            details = null;
        }
        if (viaPublic && details == null) {
            errors.add(new FieldError("details", "say what is wrong: reports without a signed-in reporter need details"));
        }
        if (details != null && TextNormalizer.length(details) > DETAILS_MAX) {
            errors.add(new FieldError("details", "must be at most " + DETAILS_MAX + " characters"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        // Reporters sometimes quote contact data; it is not kept here either.
        String storedDetails = details == null ? null : PersonalDataDetector.redact(details).text();
        String noun = content.kind(type).noun();
        UUID targetId = Ids.parse(request.target().id(), noun);
        ModeratedContent.Target target = content.lock(tenant.id(), type, targetId);
        if (!target.isPublic()) {
            throw ProblemException.notFound(noun);
        }
        PartyRef reporter = viaPublic ? null : parties.findOrCreate(tenant, caller.party(), PartyService.kindOf(caller));
        if (reporter != null && reporter.id().equals(target.authorPartyId())) {
            throw ProblemException.forbidden("You cannot report your own " + type + ".");
        }
        if (reporter != null && repository.pendingBy(tenant.id(), type, targetId, reporter.id())) {
            throw ProblemException.of(ProblemType.ALREADY_EXISTS, "You have already reported this " + type + "; a moderator will look at it.");
        }
        // a seller answering with a report on their own response is its author, refused above; on a review, the seller is its subject
        boolean bySeller = reporter != null && reporter.id().equals(target.sellerPartyId());
        double weight = viaPublic ? config.publicReportWeight() : trackRecordWeight(tenant.id(), reporter.id());

        UUID caseId = cases.openCase(tenant.id(), type, targetId.toString(), now);
        UUID reportId = Ids.newId(now);
        repository.insert(tenant.id(), reportId, caseId, type, targetId, request.reason(), storedDetails, reporter == null ? null : reporter.id(),
                viaPublic, bySeller, weight, now);
        cases.signal(tenant.id(), caseId, type, targetId, "report:" + request.reason(), weight, bySeller ? "reported by the seller of the subject" : null,
                reportId, now);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("case", caseId.toString());
        data.put("reason", request.reason());
        data.put("target", type + ":" + targetId);
        data.put("weight", weight);
        AuditLog.Actor actor = reporter == null ? AuditLog.Actor.PUBLIC : new AuditLog.Actor(caller.primaryRole(), reporter.handle());
        audit.append(tenant.id(), actor, "report.filed", "report", reportId.toString(), data, now);
        if (HIDING_REASONS.contains(request.reason())) {
            hideIfThresholdReached(tenant, target, caseId, now);
        }
        return reportId;
    }

    /** Whether the party reported anything in this case. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean reportedIn(long tenantId, UUID caseId, UUID party) {
        return repository.reportedIn(tenantId, caseId, party);
    }

    /**
     * Discourse-style: a reporter whose reports moderators agreed with weighs more, one whose reports they rejected
     * weighs less. {@code 2 × (agreed + 1) / (decided + 2)}: 1 for a newcomer, towards 2 for the reliable, towards 0
     * for those who report what is within the rules.
     */
    double trackRecordWeight(long tenantId, UUID reporter) {
        int[] record = repository.trackRecord(tenantId, reporter);
        return 2.0 * (record[0] + 1) / (record[1] + 2);
    }

    private void hideIfThresholdReached(TenantContext tenant, ModeratedContent.Target target, UUID caseId, Instant now) {
        ReportRepository.Hiding state = repository.hiding(tenant.id(), caseId);
        if (state.hidden() || state.weight() < config.hideThreshold()) {
            return;
        }
        cases.markHiddenByReports(tenant.id(), caseId);
        content.moveTo(tenant, target, "held", AuditLog.Actor.SYSTEM, target.type() + ".held",
                Map.of("case", caseId.toString(), "why", "reports of personal information or illegal content reached the threshold"), now);
    }
}
