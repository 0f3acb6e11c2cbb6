package io.candor.moderation;

import io.candor.audit.AuditLog;
import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Moderation records as data rights see them: what a party reported, unlinking a party from reports, notices,
 * decisions and cases on erasure and after the retention periods, and closing the cases of erased content.
 */
@ApplicationScoped
public class ModerationRepository {

    private final Jdbc jdbc;
    private final AuditLog audit;

    public ModerationRepository(Jdbc jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** A report as its reporter gets it back in an export. */
    public record FiledReport(String id, Notice.Target target, String reason, String details, String outcome, Instant createdAt) {
    }

    public List<FiledReport> reportsBy(long tenantId, UUID partyId) {
        return jdbc.query("SELECT report_id, target_type, target_id, reason, details, outcome, created_at FROM report "
                        + "WHERE tenant_id = ? AND reporter_party_id = ? ORDER BY created_at DESC", List.of(tenantId, partyId),
                rs -> new FiledReport(rs.getObject(1, UUID.class).toString(), new Notice.Target(rs.getString(2), rs.getObject(3, UUID.class).toString()),
                        rs.getString(4), rs.getString(5), rs.getString(6), Jdbc.instant(rs, 7)));
    }

    /** Erasure: reports, notices, decisions and claimed cases keep what happened but no longer say who. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void unlink(long tenantId, UUID partyId) {
        List<Object> params = List.of(tenantId, partyId);
        jdbc.update("UPDATE report SET reporter_party_id = NULL WHERE tenant_id = ? AND reporter_party_id = ?", params);
        jdbc.update("UPDATE notice SET recipient_party_id = NULL WHERE tenant_id = ? AND recipient_party_id = ?", params);
        jdbc.update("UPDATE decision SET decided_by = NULL WHERE tenant_id = ? AND decided_by = ?", params);
        jdbc.update("UPDATE moderation_case SET assignee_party_id = NULL WHERE tenant_id = ? AND assignee_party_id = ?", params);
    }

    /** Closes the open cases of content that was erased or withdrawn for erasure: nothing is left to decide. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void closeCasesOf(long tenantId, List<UUID> reviews, List<UUID> responses, List<UUID> feedback, Instant now) {
        String[] reviewIds = reviews.stream().map(UUID::toString).toArray(String[]::new);
        String[] responseIds = responses.stream().map(UUID::toString).toArray(String[]::new);
        String[] feedbackIds = feedback.stream().map(UUID::toString).toArray(String[]::new);
        List<UUID> closed = jdbc.query("UPDATE moderation_case c SET status = 'closed', closed_at = ? WHERE tenant_id = ? AND status = 'open' AND ("
                        + "(target_type = 'review' AND target_id = ANY (?)) OR (target_type = 'feedback' AND target_id = ANY (?)) "
                        + "OR (target_type = 'response' AND (target_id = ANY (?) "
                        // the subquery names the tenant too, so that Citus routes the statement to the tenant's shard
                        + "OR NOT EXISTS (SELECT 1 FROM review_response rr WHERE rr.tenant_id = ? AND rr.tenant_id = c.tenant_id "
                        + "AND rr.response_id::text = c.target_id)))) "
                        + "RETURNING case_id", List.of(now, tenantId, reviewIds, feedbackIds, responseIds, tenantId), rs -> rs.getObject(1, UUID.class));
        for (UUID id : closed) {
            audit.append(tenantId, AuditLog.Actor.SYSTEM, "case.closed", "case", id.toString(), Map.of("why", "the content was erased"), now);
        }
    }

    /**
     * Retention: closed cases, their reports and the notices about them lose their links to parties once the period
     * has passed and nobody can appeal any more. One tenant at a time (every statement and subquery names it, so that on
     * Citus each runs on the tenant's shard group); answers how many rows were unlinked.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int unlinkExpired(long tenantId, Instant reportsBefore, Instant noticesBefore, Instant casesBefore, Instant now) {
        String appealable = "EXISTS (SELECT 1 FROM decision d WHERE d.tenant_id = %3$d AND d.tenant_id = %1$s.tenant_id AND d.%2$s = %1$s.%2$s "
                + "AND (d.appeal_until > ? OR EXISTS (SELECT 1 FROM appeal a WHERE a.tenant_id = %3$d AND a.tenant_id = d.tenant_id "
                + "AND a.decision_id = d.decision_id AND a.status = 'pending')))";
        int reports = jdbc.update("UPDATE report r SET reporter_party_id = NULL FROM moderation_case c WHERE r.tenant_id = ? AND c.tenant_id = ? "
                + "AND c.tenant_id = r.tenant_id AND c.case_id = r.case_id AND c.status = 'closed' AND r.reporter_party_id IS NOT NULL "
                + "AND r.created_at < ? AND NOT " + String.format(appealable, "r", "case_id", tenantId), List.of(tenantId, tenantId, reportsBefore, now));
        int notices = jdbc.update("UPDATE notice n SET recipient_party_id = NULL WHERE n.tenant_id = ? AND recipient_party_id IS NOT NULL "
                + "AND created_at < ? AND NOT " + String.format(appealable, "n", "decision_id", tenantId), List.of(tenantId, noticesBefore, now));
        int cases = jdbc.update("UPDATE moderation_case SET assignee_party_id = NULL WHERE tenant_id = ? AND status = 'closed' "
                + "AND assignee_party_id IS NOT NULL AND closed_at < ?", List.of(tenantId, casesBefore));
        return reports + notices + cases;
    }
}
