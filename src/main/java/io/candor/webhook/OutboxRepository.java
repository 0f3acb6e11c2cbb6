package io.candor.webhook;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The outbox_event table's writes and the sender's claims; the operator's reads are in {@link OutboxQueries}. */
@ApplicationScoped
public class OutboxRepository {

    private final Jdbc jdbc;

    public OutboxRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    void insert(long tenantId, UUID id, String type, String targetKey, Instant at, String payload) {
        jdbc.update("INSERT INTO outbox_event (tenant_id, event_id, type, target_key, occurred_at, payload, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                List.of(tenantId, id, type, targetKey, at, payload, at));
    }

    /** Erasure: notices waiting for (or kept after) delivery no longer name the erased party. */
    void forgetRecipient(long tenantId, String ref) {
        jdbc.update("UPDATE outbox_event SET payload = jsonb_set(payload::jsonb, '{data,recipient}', 'null'::jsonb)::text "
                + "WHERE tenant_id = ? AND type = 'notice.issued' AND payload::jsonb #>> '{data,recipient}' = ?", List.of(tenantId, ref));
    }

    /**
     * Pending events of tenants without a receiver will never be sent: they are skipped, tenant by tenant (a read
     * across tenants finds them, then each tenant's events are marked in a statement of its own, so that on Citus
     * no statement changes rows of more than one shard group).
     */
    void skipWithoutReceiver() {
        List<Long> tenants = jdbc.query("SELECT DISTINCT e.tenant_id FROM outbox_event e WHERE e.status = 'pending' "
                + "AND NOT EXISTS (SELECT 1 FROM webhook_endpoint w WHERE w.tenant_id = e.tenant_id)", List.of(), rs -> rs.getLong(1));
        for (long tenantId : tenants) {
            jdbc.update("UPDATE outbox_event e SET status = 'skipped' WHERE e.tenant_id = ? AND e.status = 'pending' "
                    + "AND NOT EXISTS (SELECT 1 FROM webhook_endpoint w WHERE w.tenant_id = ?)", List.of(tenantId, tenantId));
        }
    }

    /** The first pending event of each target: tenant, target key, when it is due. */
    record Head(long tenantId, String targetKey, Instant due) {
    }

    List<Head> heads() {
        return jdbc.query("SELECT DISTINCT ON (tenant_id, target_key) tenant_id, target_key, next_attempt_at "
                        + "FROM outbox_event WHERE status = 'pending' ORDER BY tenant_id, target_key, seq",
                List.of(), rs -> new Head(rs.getLong(1), rs.getString(2), Jdbc.instant(rs, "next_attempt_at")));
    }

    /** Claims the first pending event of a target if it is due, leasing it until {@code lease}. */
    Optional<OutboxSender.Claimed> claimHead(long tenantId, String targetKey, Instant now, Instant lease) {
        return jdbc.query("UPDATE outbox_event e SET attempts = attempts + 1, next_attempt_at = ? "
                        + "WHERE e.tenant_id = ? AND e.event_id = (SELECT h.event_id FROM outbox_event h WHERE h.tenant_id = ? AND h.target_key = ? "
                        + "AND h.status = 'pending' ORDER BY h.seq LIMIT 1) AND e.status = 'pending' AND e.next_attempt_at <= ? "
                        + "RETURNING e.tenant_id, e.event_id, e.type, e.target_key, e.payload, e.attempts, coalesce(e.retry_since, e.occurred_at) AS retry_from",
                List.of(lease, tenantId, tenantId, targetKey, now),
                rs -> new OutboxSender.Claimed(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getInt(6), Jdbc.instant(rs, "retry_from"))).stream().findFirst();
    }

    void delivered(long tenantId, UUID eventId, Instant at) {
        jdbc.update("UPDATE outbox_event SET status = 'delivered', delivered_at = ?, last_error = NULL WHERE tenant_id = ? AND event_id = ?",
                List.of(at, tenantId, eventId));
    }

    void dead(long tenantId, UUID eventId, String failure) {
        jdbc.update("UPDATE outbox_event SET status = 'dead', last_error = ? WHERE tenant_id = ? AND event_id = ?", List.of(failure, tenantId, eventId));
    }

    void retryAt(long tenantId, UUID eventId, Instant next, String failure) {
        jdbc.update("UPDATE outbox_event SET next_attempt_at = ?, last_error = ? WHERE tenant_id = ? AND event_id = ?",
                List.of(next, failure, tenantId, eventId));
    }

    /** How many events are pending and dead, across tenants. */
    long[] backlog() {
        return jdbc.query("SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'dead') FROM outbox_event "
                + "WHERE status IN ('pending', 'dead')", List.of(), rs -> new long[]{rs.getLong(1), rs.getLong(2)}).get(0);
    }

    /** Deletes settled events older than {@code before}, tenant by tenant (on Citus each statement stays on one shard group). */
    int deleteSettledBefore(Instant before) {
        List<Long> tenants = jdbc.query("SELECT DISTINCT tenant_id FROM outbox_event WHERE status IN ('delivered', 'skipped') AND occurred_at < ?",
                List.of(before), rs -> rs.getLong(1));
        int deleted = 0;
        for (long tenantId : tenants) {
            deleted += jdbc.update("DELETE FROM outbox_event WHERE tenant_id = ? AND status IN ('delivered', 'skipped') AND occurred_at < ?",
                    List.of(tenantId, before));
        }
        return deleted;
    }
}
