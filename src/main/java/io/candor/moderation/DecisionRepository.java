package io.candor.moderation;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The decision table: every moderation decision, with the policy version it cited; the decider appears by handle. */
@ApplicationScoped
public class DecisionRepository {

    private final Jdbc jdbc;

    public DecisionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    void insert(long tenantId, DecisionRecord d) {
        jdbc.update("INSERT INTO decision (tenant_id, decision_id, case_id, target_type, target_id, action, policy_code, policy_version, statement, "
                        + "source, automated_detection, automated_decision, decided_by, previous_status, previous_version, target_rating, decided_at, "
                        + "appeal_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Arrays.asList(tenantId, d.id(), d.caseId(), d.targetType(), d.targetId(), d.action(), d.policy().code(), d.policy().version(),
                        d.statement(), d.source(), d.automatedDetection(), d.automatedDecision(), d.decidedBy(), d.previousStatus(), d.previousVersion(),
                        d.targetRating() == null ? null : d.targetRating().shortValue(), d.decidedAt(), d.appealUntil()));
    }

    void overturn(long tenantId, UUID decisionId, Instant now) {
        jdbc.update("UPDATE decision SET overturned_at = ? WHERE tenant_id = ? AND decision_id = ? AND overturned_at IS NULL", List.of(now, tenantId, decisionId));
    }

    Optional<Instant> keepAppealableUntil(long tenantId, String type, UUID id, Instant now) {
        return jdbc.query("SELECT max(appeal_until) FROM decision WHERE tenant_id = ? AND target_type = ? AND target_id = ? AND action = 'keep' "
                + "AND overturned_at IS NULL AND appeal_until > ?", List.of(tenantId, type, id, now), rs -> Optional.ofNullable(Jdbc.instant(rs, 1))).get(0);
    }

    Optional<Instant> appealableUntil(long tenantId, String type, UUID id, Instant now) {
        return jdbc.query("SELECT max(appeal_until) FROM decision WHERE tenant_id = ? AND target_type = ? AND target_id = ? "
                + "AND overturned_at IS NULL AND appeal_until > ?", List.of(tenantId, type, id, now), rs -> Optional.ofNullable(Jdbc.instant(rs, 1))).get(0);
    }

    boolean redactedAutomatically(long tenantId, String type, UUID id) {
        return !jdbc.query("SELECT 1 FROM decision WHERE tenant_id = ? AND target_type = ? AND target_id = ? AND automated_decision "
                + "AND action = 'redact'", List.of(tenantId, type, id), rs -> 1).isEmpty();
    }

    Optional<DecisionRecord> find(long tenantId, UUID decisionId) {
        return jdbc.query(DECISION_SELECT + "WHERE d.tenant_id = ? AND d.decision_id = ?", List.of(tenantId, decisionId), DecisionRepository::read)
                .stream().findFirst();
    }

    List<DecisionRecord> byIds(long tenantId, List<UUID> ids) {
        return jdbc.query(DECISION_SELECT + "WHERE d.tenant_id = ? AND d.decision_id = ANY (?)", List.of(tenantId, ids.toArray(UUID[]::new)),
                DecisionRepository::read);
    }

    List<DecisionRecord> onTargets(long tenantId, String type, List<UUID> ids) {
        // decision_target index
        return jdbc.query(DECISION_SELECT + "WHERE d.tenant_id = ? AND d.target_type = ? AND d.target_id = ANY (?) ORDER BY d.decided_at, d.decision_id",
                List.of(tenantId, type, ids.toArray(UUID[]::new)), DecisionRepository::read);
    }

    List<DecisionRecord> ofCase(long tenantId, UUID caseId) {
        return jdbc.query(DECISION_SELECT + "WHERE d.tenant_id = ? AND d.case_id = ? ORDER BY d.decided_at, d.decision_id", List.of(tenantId, caseId),
                DecisionRepository::read);
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
}
