package io.candor.moderation;

import io.candor.audit.AuditLog;
import io.candor.common.Ids;
import io.candor.common.ProblemException;
import io.candor.auth.Caller;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Cases and their signals. A target has at most one open case; every signal adds its weight to the case's
 * priority. Callers lock the target's content before they touch its case.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CaseService {

    static final int DETAIL_MAX = 500;

    private final CaseRepository repository;
    private final PartyService parties;
    private final AuditLog audit;

    public CaseService(CaseRepository repository, PartyService parties, AuditLog audit) {
        this.repository = repository;
        this.parties = parties;
        this.audit = audit;
    }

    /** An open case, and whether this call opened it. */
    public record Opened(UUID caseId, boolean created) {
    }

    /** The target's open case, locked; opened (and audited) if there was none. */
    public UUID openCase(long tenantId, String targetType, String targetId, Instant now) {
        return open(tenantId, targetType, targetId, now).caseId();
    }

    /** Like {@link #openCase}, saying whether the case is new. */
    public Opened open(long tenantId, String targetType, String targetId, Instant now) {
        UUID fresh = Ids.newId(now);
        if (repository.insertOpen(tenantId, fresh, targetType, targetId, now)) {
            audit.append(tenantId, AuditLog.Actor.SYSTEM, "case.opened", "case", fresh.toString(), Map.of("target", targetType + ":" + targetId), now);
            return new Opened(fresh, true);
        }
        return new Opened(repository.lockOpen(tenantId, targetType, targetId), false);
    }

    /** A case that is closed as soon as it opens: the file of an automated decision. */
    public UUID closedCase(long tenantId, String targetType, String targetId, Instant now) {
        UUID id = Ids.newId(now);
        repository.insertClosed(tenantId, id, targetType, targetId, now);
        audit.append(tenantId, AuditLog.Actor.SYSTEM, "case.opened", "case", id.toString(), Map.of("target", targetType + ":" + targetId, "status", "closed"), now);
        return id;
    }

    /**
     * Adds a signal about one piece of content to a case and its weight to the case's priority.
     *
     * @param source   {@code check:<code>} or {@code report:<reason>}
     * @param reportId the report behind a report signal, else null
     */
    public void signal(long tenantId, UUID caseId, String itemType, UUID itemId, String source, double weight, String detail, UUID reportId,
                       Instant now) {
        String shortDetail = detail == null || detail.length() <= DETAIL_MAX ? detail : detail.substring(0, DETAIL_MAX - 1) + "…";
        repository.addSignal(tenantId, Ids.newId(now), caseId, itemType, itemId, source, weight, shortDetail, reportId, now);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("source", source);
        data.put("weight", weight);
        data.put("item", itemType + ":" + itemId);
        audit.append(tenantId, AuditLog.Actor.SYSTEM, "case.signalled", "case", caseId.toString(), data, now);
    }

    /** A moderator claims an open case; claiming again, or another's claim, moves it to the caller. */
    @Transactional(Transactional.TxType.REQUIRED)
    public void assign(TenantContext tenant, UUID caseId, Caller caller, Instant now) {
        long tenantId = tenant.id();
        String status = repository.lockStatus(tenantId, caseId).orElseThrow(() -> ProblemException.notFound("Case"));
        if (!"open".equals(status)) {
            throw ProblemException.conflict("This case has already been decided.");
        }
        PartyRef moderator = parties.findOrCreate(tenant, caller.party(), PartyService.Kind.MODERATOR);
        repository.assign(tenantId, caseId, moderator.id());
        audit.append(tenantId, new AuditLog.Actor(caller.primaryRole(), moderator.handle()), "case.assigned", "case", caseId.toString(), Map.of("assignee", moderator.handle()), now);
    }

    /** Marks that reports hid the target before a decision. */
    public void markHiddenByReports(long tenantId, UUID caseId) {
        repository.markHiddenByReports(tenantId, caseId);
    }
}
