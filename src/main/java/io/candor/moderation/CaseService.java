package io.candor.moderation;

import io.candor.audit.AuditLog;
import io.candor.common.Ids;
import io.candor.common.Jdbc;
import io.candor.common.ProblemException;
import io.candor.auth.Caller;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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

    private final Jdbc jdbc;
    private final PartyService parties;
    private final AuditLog audit;

    public CaseService(Jdbc jdbc, PartyService parties, AuditLog audit) {
        this.jdbc = jdbc;
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
        int inserted = jdbc.update("INSERT INTO moderation_case (tenant_id, case_id, target_type, target_id, status, opened_at) "
                        + "VALUES (?, ?, ?, ?, 'open', ?) ON CONFLICT (tenant_id, target_type, target_id) WHERE status = 'open' DO NOTHING",
                List.of(tenantId, fresh, targetType, targetId, now));
        if (inserted == 1) {
            audit.append(tenantId, AuditLog.Actor.SYSTEM, "case.opened", "case", fresh.toString(), Map.of("target", targetType + ":" + targetId), now);
            return new Opened(fresh, true);
        }
        return new Opened(jdbc.query("SELECT case_id FROM moderation_case WHERE tenant_id = ? AND target_type = ? AND target_id = ? AND status = 'open' "
                + "FOR UPDATE", List.of(tenantId, targetType, targetId), rs -> rs.getObject(1, UUID.class)).get(0), false);
    }

    /** A case that is closed as soon as it opens: the file of an automated decision. */
    public UUID closedCase(long tenantId, String targetType, String targetId, Instant now) {
        UUID id = Ids.newId(now);
        jdbc.update("INSERT INTO moderation_case (tenant_id, case_id, target_type, target_id, status, opened_at, closed_at) VALUES (?, ?, ?, ?, 'closed', ?, ?)",
                List.of(tenantId, id, targetType, targetId, now, now));
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
        jdbc.update("INSERT INTO moderation_signal (tenant_id, signal_id, case_id, item_type, item_id, source, weight, detail, report_id, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Arrays.asList(tenantId, Ids.newId(now), caseId, itemType, itemId, source, weight, shortDetail,
                reportId, now));
        jdbc.update("UPDATE moderation_case SET priority = priority + ?, report_count = report_count + ? WHERE tenant_id = ? AND case_id = ?",
                List.of(weight, reportId == null ? 0 : 1, tenantId, caseId));
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
        List<String> status = jdbc.query("SELECT status FROM moderation_case WHERE tenant_id = ? AND case_id = ? FOR UPDATE", List.of(tenantId, caseId),
                rs -> rs.getString(1));
        if (status.isEmpty()) {
            throw ProblemException.notFound("Case");
        }
        if (!"open".equals(status.get(0))) {
            throw ProblemException.conflict("This case has already been decided.");
        }
        PartyRef moderator = parties.findOrCreate(tenant, caller.party(), PartyService.Kind.MODERATOR);
        jdbc.update("UPDATE moderation_case SET assignee_party_id = ? WHERE tenant_id = ? AND case_id = ?", List.of(moderator.id(), tenantId, caseId));
        audit.append(tenantId, new AuditLog.Actor(caller.primaryRole(), moderator.handle()), "case.assigned", "case", caseId.toString(), Map.of("assignee", moderator.handle()), now);
    }

    /** Marks that reports hid the target before a decision. */
    public void markHiddenByReports(long tenantId, UUID caseId) {
        jdbc.update("UPDATE moderation_case SET hidden_by_reports = true WHERE tenant_id = ? AND case_id = ?", List.of(tenantId, caseId));
    }
}
