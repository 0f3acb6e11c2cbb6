package io.candor.invitation;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The review_invitation and invitation_opt_out tables. */
@ApplicationScoped
public class InvitationRepository {

    private final Jdbc jdbc;

    public InvitationRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** One invitation that is due: its first message or its reminder. */
    record Due(long tenantId, UUID transactionId, String subjectType, String subjectRef, UUID buyerPartyId, Instant expiresAt,
               String status) {
        boolean reminder() {
            return "invited".equals(status);
        }
    }

    void plan(long tenantId, UUID transactionId, String subjectType, String subjectRef, UUID buyer, UUID seller, Instant dueAt, Instant expiresAt) {
        jdbc.update("INSERT INTO review_invitation (tenant_id, transaction_id, subject_type, subject_ref, buyer_party_id, seller_party_id, "
                        + "due_at, expires_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT DO NOTHING",
                Arrays.asList(tenantId, transactionId, subjectType, subjectRef, buyer, seller, dueAt, expiresAt));
    }

    /** The tenants with an invitation or a reminder due now (a read, no lock: the job then works tenant by tenant). */
    List<Long> tenantsWithDue(Instant now) {
        return jdbc.query("SELECT DISTINCT tenant_id FROM review_invitation WHERE (status = 'pending' AND due_at <= ?) "
                + "OR (status = 'invited' AND reminder_due_at <= ?) ORDER BY tenant_id", List.of(now, now), rs -> rs.getLong(1));
    }

    /**
     * One tenant's invitations and reminders due now, locked (others skip them), oldest first. One tenant at a time, so that
     * on Citus each batch runs on that tenant's shard group alone.
     */
    List<Due> lockDue(long tenantId, Instant now, int limit) {
        String columns = "SELECT tenant_id, transaction_id, subject_type, subject_ref, buyer_party_id, expires_at, status FROM review_invitation ";
        List<Due> due = new java.util.ArrayList<>(jdbc.query(columns + "WHERE tenant_id = ? AND status = 'pending' AND due_at <= ? ORDER BY due_at "
                + "LIMIT ? FOR UPDATE SKIP LOCKED", List.of(tenantId, now, limit), InvitationRepository::due));
        if (due.size() < limit) {
            due.addAll(jdbc.query(columns + "WHERE tenant_id = ? AND status = 'invited' AND reminder_due_at <= ? ORDER BY reminder_due_at LIMIT ? "
                    + "FOR UPDATE SKIP LOCKED", List.of(tenantId, now, limit - due.size()), InvitationRepository::due));
        }
        return due;
    }

    private static Due due(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Due(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getObject(5, UUID.class),
                Jdbc.instant(rs, 6), rs.getString(7));
    }

    void invited(Due due, Instant now, Instant reminderDueAt) {
        jdbc.update("UPDATE review_invitation SET status = 'invited', invited_at = ?, reminder_due_at = ? "
                        + "WHERE tenant_id = ? AND transaction_id = ? AND subject_type = ? AND subject_ref = ?",
                Arrays.asList(now, reminderDueAt, due.tenantId(), due.transactionId(), due.subjectType(), due.subjectRef()));
    }

    void reminded(Due due, Instant now) {
        jdbc.update("UPDATE review_invitation SET status = 'reminded', reminded_at = ? "
                        + "WHERE tenant_id = ? AND transaction_id = ? AND subject_type = ? AND subject_ref = ?",
                List.of(now, due.tenantId(), due.transactionId(), due.subjectType(), due.subjectRef()));
    }

    /** Closes an invitation without a message: reviewed, opted_out or expired. */
    void close(Due due, String status) {
        jdbc.update("UPDATE review_invitation SET status = ?, reminder_due_at = NULL "
                        + "WHERE tenant_id = ? AND transaction_id = ? AND subject_type = ? AND subject_ref = ?",
                List.of(status, due.tenantId(), due.transactionId(), due.subjectType(), due.subjectRef()));
    }

    /** A review of the line was written: an open invitation stops, a sent one counts as answered. */
    void reviewed(long tenantId, UUID transactionId, String subjectType, String subjectRef, Instant at) {
        jdbc.update("UPDATE review_invitation SET status = CASE WHEN status = 'pending' THEN 'reviewed' ELSE status END, "
                        + "reviewed_at = coalesce(reviewed_at, ?), reminder_due_at = NULL "
                        + "WHERE tenant_id = ? AND transaction_id = ? AND subject_type = ? AND subject_ref = ?",
                List.of(at, tenantId, transactionId, subjectType, subjectRef));
    }

    boolean optedOut(long tenantId, UUID partyId) {
        return !jdbc.query("SELECT 1 FROM invitation_opt_out WHERE tenant_id = ? AND party_id = ?", List.of(tenantId, partyId), rs -> 1).isEmpty();
    }

    void optOut(long tenantId, UUID partyId, Instant now) {
        jdbc.update("INSERT INTO invitation_opt_out (tenant_id, party_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                List.of(tenantId, partyId, now));
    }

    void optIn(long tenantId, UUID partyId) {
        jdbc.update("DELETE FROM invitation_opt_out WHERE tenant_id = ? AND party_id = ?", List.of(tenantId, partyId));
    }

    /** A seller's invitations that were sent, and how many of those lines were reviewed afterwards. */
    long[] sellerCounts(long tenantId, UUID sellerPartyId) {
        return jdbc.query("SELECT count(*), count(*) FILTER (WHERE reviewed_at IS NOT NULL) FROM review_invitation "
                        + "WHERE tenant_id = ? AND seller_party_id = ? AND invited_at IS NOT NULL",
                List.of(tenantId, sellerPartyId), rs -> new long[]{rs.getLong(1), rs.getLong(2)}).get(0);
    }

    /**
     * Erasure of a party: a buyer's invitations and opt-out go, a seller's name leaves the invitations of their
     * buyers. Done here rather than left to the foreign keys' actions, which Citus cannot run on distributed tables.
     */
    void erase(long tenantId, UUID partyId) {
        jdbc.update("DELETE FROM review_invitation WHERE tenant_id = ? AND buyer_party_id = ?", List.of(tenantId, partyId));
        jdbc.update("DELETE FROM invitation_opt_out WHERE tenant_id = ? AND party_id = ?", List.of(tenantId, partyId));
        jdbc.update("UPDATE review_invitation SET seller_party_id = NULL WHERE tenant_id = ? AND seller_party_id = ?", List.of(tenantId, partyId));
    }
}
