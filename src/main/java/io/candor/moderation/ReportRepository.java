package io.candor.moderation;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The report table: who reported what, why, with which weight, and how it was settled. */
@ApplicationScoped
public class ReportRepository {

    private final Jdbc jdbc;

    public ReportRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A report still waiting for its case's decision. */
    record Pending(UUID id, UUID reporter, String reason, Instant at) {
    }

    List<Pending> pending(long tenantId, UUID caseId) {
        return jdbc.query("SELECT report_id, reporter_party_id, reason, created_at FROM report WHERE tenant_id = ? AND case_id = ? "
                        + "AND outcome = 'pending' ORDER BY created_at", List.of(tenantId, caseId),
                rs -> new Pending(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), Jdbc.instant(rs, "created_at")));
    }

    /** Settles a case's pending reports: {@code agreed} or {@code disagreed}. */
    void settle(long tenantId, UUID caseId, String outcome) {
        jdbc.update("UPDATE report SET outcome = ? WHERE tenant_id = ? AND case_id = ? AND outcome = 'pending'", List.of(outcome, tenantId, caseId));
    }

    boolean pendingBy(long tenantId, String type, UUID targetId, UUID reporter) {
        return !jdbc.query("SELECT 1 FROM report WHERE tenant_id = ? AND target_type = ? AND target_id = ? AND reporter_party_id = ? "
                + "AND outcome = 'pending'", List.of(tenantId, type, targetId, reporter), rs -> 1).isEmpty();
    }

    boolean reportedIn(long tenantId, UUID caseId, UUID party) {
        return !jdbc.query("SELECT 1 FROM report WHERE tenant_id = ? AND case_id = ? AND reporter_party_id = ?", List.of(tenantId, caseId, party),
                rs -> 1).isEmpty();
    }

    void insert(long tenantId, UUID reportId, UUID caseId, String type, UUID targetId, String reason, String details, UUID reporter, boolean viaPublic,
                boolean bySeller, double weight, Instant now) {
        jdbc.update("INSERT INTO report (tenant_id, report_id, case_id, target_type, target_id, reason, details, reporter_party_id, via_public, "
                        + "by_subject_seller, weight, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Arrays.asList(tenantId, reportId, caseId, type, targetId, reason, details, reporter, viaPublic, bySeller, weight, now));
    }

    /** A reporter's record: reports agreed with, and reports decided. */
    int[] trackRecord(long tenantId, UUID reporter) {
        // report_reporter index
        return jdbc.query("SELECT count(*) FILTER (WHERE outcome = 'agreed'), count(*) FILTER (WHERE outcome <> 'pending') "
                + "FROM report WHERE tenant_id = ? AND reporter_party_id = ?", List.of(tenantId, reporter), rs -> new int[]{rs.getInt(1), rs.getInt(2)}).get(0);
    }

    /** Whether reports already hid the case's target, and the weight of its pending hiding reports (the seller's left out). */
    record Hiding(boolean hidden, double weight) {
    }

    Hiding hiding(long tenantId, UUID caseId) {
        return jdbc.query("SELECT c.hidden_by_reports, coalesce((SELECT sum(weight) FROM report r WHERE r.tenant_id = c.tenant_id "
                        + "AND r.case_id = c.case_id AND r.outcome = 'pending' AND NOT r.by_subject_seller AND r.reason IN ('personal-information', 'illegal')), 0) "
                        + "FROM moderation_case c WHERE c.tenant_id = ? AND c.case_id = ?", List.of(tenantId, caseId),
                rs -> new Hiding(rs.getBoolean(1), rs.getDouble(2))).get(0);
    }
}
