package io.candor.appeal;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The appeal table: appeals against decisions, and how a second moderator decided them. */
@ApplicationScoped
public class AppealRepository {

    private final Jdbc jdbc;

    public AppealRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    record AppealRow(UUID id, UUID decisionId, UUID appellant, String role, String grounds, String status, String outcome, String statement,
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

    boolean exists(long tenantId, UUID decisionId, UUID appellant) {
        return !jdbc.query("SELECT 1 FROM appeal WHERE tenant_id = ? AND decision_id = ? AND appellant_party_id = ?",
                List.of(tenantId, decisionId, appellant), rs -> 1).isEmpty();
    }

    void insert(long tenantId, UUID id, UUID decisionId, UUID appellant, String role, String grounds, Instant now) {
        jdbc.update("INSERT INTO appeal (tenant_id, appeal_id, decision_id, appellant_party_id, appellant_role, grounds, status, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)", List.of(tenantId, id, decisionId, appellant, role, grounds, now));
    }

    /** The appeal's status, the appeal locked. */
    String lockStatus(long tenantId, UUID appealId) {
        return jdbc.query("SELECT status FROM appeal WHERE tenant_id = ? AND appeal_id = ? FOR UPDATE", List.of(tenantId, appealId),
                rs -> rs.getString(1)).get(0);
    }

    void decide(long tenantId, UUID appealId, String outcome, String statement, UUID moderator, Instant now) {
        jdbc.update("UPDATE appeal SET status = 'decided', outcome = ?, statement = ?, decided_by = ?, decided_at = ? WHERE tenant_id = ? AND appeal_id = ?",
                List.of(outcome, statement, moderator, now, tenantId, appealId));
    }

    /** Whether an appeal waits on one of these decisions, other than one by {@code exceptAppellant} (null: any). */
    boolean pendingOn(long tenantId, UUID[] decisionIds, UUID exceptAppellant) {
        return !jdbc.query("SELECT 1 FROM appeal WHERE tenant_id = ? AND decision_id = ANY (?) AND status = 'pending' "
                + (exceptAppellant == null ? "" : "AND appellant_party_id IS DISTINCT FROM ? "), exceptAppellant == null
                ? List.of(tenantId, decisionIds) : List.of(tenantId, decisionIds, exceptAppellant), rs -> 1).isEmpty();
    }

    void unlink(long tenantId, UUID partyId) {
        jdbc.update("UPDATE appeal SET appellant_party_id = NULL WHERE tenant_id = ? AND appellant_party_id = ?", List.of(tenantId, partyId));
        jdbc.update("UPDATE appeal SET decided_by = NULL WHERE tenant_id = ? AND decided_by = ?", List.of(tenantId, partyId));
    }

    int unlinkDecidedBefore(long tenantId, Instant before) {
        return jdbc.update("UPDATE appeal SET appellant_party_id = NULL WHERE tenant_id = ? AND status = 'decided' AND appellant_party_id IS NOT NULL "
                + "AND decided_at < ?", List.of(tenantId, before));
    }

    List<AppealRow> allOf(long tenantId, UUID partyId) {
        return jdbc.query(APPEAL_SELECT + "WHERE a.tenant_id = ? AND a.appellant_party_id = ? ORDER BY a.created_at DESC", List.of(tenantId, partyId),
                AppealRow::read);
    }

    /** A page of an appellant's appeals, newest first (index appeal_appellant); {@code params}: tenant, appellant, [keyset], limit. */
    List<AppealRow> ofAppellant(List<Object> params, boolean after) {
        return jdbc.query(APPEAL_SELECT + "WHERE a.tenant_id = ? AND a.appellant_party_id = ? "
                + (after ? "AND (a.created_at, a.appeal_id) < (?, ?) " : "") + "ORDER BY a.created_at DESC, a.appeal_id DESC LIMIT ?", params, AppealRow::read);
    }

    /** A page of the moderators' queue, oldest first (index appeal_queue); {@code params}: tenant, status, [keyset], limit. */
    List<AppealRow> queue(List<Object> params, boolean after) {
        return jdbc.query(APPEAL_SELECT + "WHERE a.tenant_id = ? AND a.status = ? "
                + (after ? "AND (a.created_at, a.appeal_id) > (?, ?) " : "") + "ORDER BY a.created_at, a.appeal_id LIMIT ?", params, AppealRow::read);
    }

    Optional<AppealRow> one(long tenantId, UUID id) {
        return jdbc.query(APPEAL_SELECT + "WHERE a.tenant_id = ? AND a.appeal_id = ?", List.of(tenantId, id), AppealRow::read).stream().findFirst();
    }
}
