package io.candor.moderation;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The moderation_case and moderation_signal tables' writes and locks; reads for the console are in {@link CaseQueries}. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CaseRepository {

    private final Jdbc jdbc;

    public CaseRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Opens a case unless the target has an open one; answers whether it opened this one. */
    boolean insertOpen(long tenantId, UUID caseId, String targetType, String targetId, Instant now) {
        return jdbc.update("INSERT INTO moderation_case (tenant_id, case_id, target_type, target_id, status, opened_at) "
                        + "VALUES (?, ?, ?, ?, 'open', ?) ON CONFLICT (tenant_id, target_type, target_id) WHERE status = 'open' DO NOTHING",
                List.of(tenantId, caseId, targetType, targetId, now)) == 1;
    }

    /** The target's open case, locked. */
    UUID lockOpen(long tenantId, String targetType, String targetId) {
        return jdbc.query("SELECT case_id FROM moderation_case WHERE tenant_id = ? AND target_type = ? AND target_id = ? AND status = 'open' "
                + "FOR UPDATE", List.of(tenantId, targetType, targetId), rs -> rs.getObject(1, UUID.class)).get(0);
    }

    void insertClosed(long tenantId, UUID caseId, String targetType, String targetId, Instant now) {
        jdbc.update("INSERT INTO moderation_case (tenant_id, case_id, target_type, target_id, status, opened_at, closed_at) VALUES (?, ?, ?, ?, 'closed', ?, ?)",
                List.of(tenantId, caseId, targetType, targetId, now, now));
    }

    /** A signal, and its weight added to its case's priority (a report's also to its report count). */
    void addSignal(long tenantId, UUID signalId, UUID caseId, String itemType, UUID itemId, String source, double weight, String detail, UUID reportId,
                   Instant now) {
        jdbc.update("INSERT INTO moderation_signal (tenant_id, signal_id, case_id, item_type, item_id, source, weight, detail, report_id, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Arrays.asList(tenantId, signalId, caseId, itemType, itemId, source, weight, detail, reportId, now));
        jdbc.update("UPDATE moderation_case SET priority = priority + ?, report_count = report_count + ? WHERE tenant_id = ? AND case_id = ?",
                List.of(weight, reportId == null ? 0 : 1, tenantId, caseId));
    }

    /** A case's status, the case locked. */
    Optional<String> lockStatus(long tenantId, UUID caseId) {
        return jdbc.query("SELECT status FROM moderation_case WHERE tenant_id = ? AND case_id = ? FOR UPDATE", List.of(tenantId, caseId),
                rs -> rs.getString(1)).stream().findFirst();
    }

    void assign(long tenantId, UUID caseId, UUID moderatorPartyId) {
        jdbc.update("UPDATE moderation_case SET assignee_party_id = ? WHERE tenant_id = ? AND case_id = ?", List.of(moderatorPartyId, tenantId, caseId));
    }

    void markHiddenByReports(long tenantId, UUID caseId) {
        jdbc.update("UPDATE moderation_case SET hidden_by_reports = true WHERE tenant_id = ? AND case_id = ?", List.of(tenantId, caseId));
    }

    /** A case as a decision needs it. */
    record CaseRow(UUID id, String targetType, String targetId, String status) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    Optional<CaseRow> find(long tenantId, UUID caseId) {
        return jdbc.query("SELECT case_id, target_type, target_id, status FROM moderation_case WHERE tenant_id = ? AND case_id = ?",
                List.of(tenantId, caseId), rs -> new CaseRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
                .stream().findFirst();
    }

    /** The content a surge case gathered, in id order (the order it is locked in). */
    List<Notice.Target> surgeItems(long tenantId, UUID caseId) {
        return jdbc.query("SELECT DISTINCT item_type, item_id FROM moderation_signal WHERE tenant_id = ? AND case_id = ? AND item_type <> 'subject' "
                        + "ORDER BY item_id, item_type", List.of(tenantId, caseId), rs -> new Notice.Target(rs.getString(1), rs.getObject(2, UUID.class).toString()));
    }

    /** The automated checks that signalled on a case, by code. */
    List<String> checksOf(long tenantId, UUID caseId) {
        return jdbc.query("SELECT DISTINCT source FROM moderation_signal WHERE tenant_id = ? AND case_id = ? AND source LIKE 'check:%' ORDER BY source",
                List.of(tenantId, caseId), rs -> rs.getString(1).substring("check:".length()));
    }

    void close(long tenantId, UUID caseId, Instant now) {
        jdbc.update("UPDATE moderation_case SET status = 'closed', closed_at = ? WHERE tenant_id = ? AND case_id = ?", List.of(now, tenantId, caseId));
    }

    /** Closes the open cases of content that no longer exists (erased). */
    void closeOf(long tenantId, String type, UUID[] ids, Instant now) {
        jdbc.update("UPDATE moderation_case SET status = 'closed', closed_at = ? WHERE tenant_id = ? AND target_type = ? AND target_id = ANY (?) "
                + "AND status = 'open'", List.of(now, tenantId, type, java.util.Arrays.stream(ids).map(UUID::toString).toArray(String[]::new)));
    }
}
