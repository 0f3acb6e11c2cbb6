package io.candor.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * The idempotency_record table: each {@code Idempotency-Key}'s claim and the first answer, kept for
 * {@link IdempotencyInterceptor}'s replays. Plain JDBC on the connection of the transaction of the work they guard
 * (they run in, and fail with, that transaction); through the EntityManager each statement cost about three times
 * its JDBC work in query creation and flush checks (JFR of a POST).
 */
@ApplicationScoped
public class IdempotencyRepository {

    private final Jdbc jdbc;
    private final EntityManager em;

    public IdempotencyRepository(Jdbc jdbc, EntityManager em) {
        this.jdbc = jdbc;
        this.em = em;
    }

    /** A stored claim: the request's hash, and its answer once there is one (status null before). */
    record Claim(byte[] requestHash, Integer status, String contentType, String headers, byte[] body, Instant createdAt) {
    }

    /** Claims the key; answers whether this request holds the claim now. */
    boolean claim(long tenant, String caller, String key, byte[] requestHash, Instant now) {
        return jdbc.update("INSERT INTO idempotency_record (tenant_id, caller, key, request_hash, created_at) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", List.of(tenant, caller, key, requestHash, now)) == 1;
    }

    /** The existing claim, locked: a concurrent repeat waits here until the first request's transaction ends. */
    Claim lock(long tenant, String caller, String key) {
        List<Claim> rows = jdbc.query("SELECT request_hash, status, content_type, headers, body, created_at "
                        + "FROM idempotency_record WHERE tenant_id = ? AND caller = ? AND key = ? FOR UPDATE",
                List.of(tenant, caller, key),
                rs -> new Claim(rs.getBytes(1), Jdbc.integer(rs, "status"), rs.getString(3), rs.getString(4), rs.getBytes(5),
                        Jdbc.instant(rs, 6)));
        if (rows.size() != 1) {
            throw new IllegalStateException("the idempotency claim that was just refused is gone");
        }
        return rows.get(0);
    }

    /** Takes over an expired or abandoned claim for this request. */
    void reclaim(long tenant, String caller, String key, byte[] requestHash, Instant now) {
        jdbc.update("UPDATE idempotency_record SET request_hash = ?, status = NULL, content_type = NULL, headers = NULL, "
                + "body = NULL, created_at = ? WHERE tenant_id = ? AND caller = ? AND key = ?", List.of(requestHash, now, tenant, caller, key));
    }

    /**
     * Stores the answer. The work's pending entity changes are written first, so that a refusal by the database
     * (a constraint) surfaces here, inside the work's transaction, as it did when this went through the EntityManager.
     */
    void answer(long tenant, String caller, String key, int status, String contentType, String headers, byte[] body) {
        if (em.isJoinedToTransaction()) {
            em.flush();
        }
        jdbc.update("UPDATE idempotency_record SET status = ?, content_type = ?, headers = ?, body = ? "
                + "WHERE tenant_id = ? AND caller = ? AND key = ?", java.util.Arrays.asList(status, contentType, headers, body, tenant, caller, key));
    }

    /** A claim with its answer in one go (a refusal, stored on its own), unless a repeat got there first. */
    void claimAnswered(long tenant, String caller, String key, byte[] requestHash, Instant now, int status, String contentType, byte[] body) {
        jdbc.update("INSERT INTO idempotency_record (tenant_id, caller, key, request_hash, created_at, status, content_type, headers, body) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, '{}', ?) ON CONFLICT DO NOTHING", List.of(tenant, caller, key, requestHash, now, status, contentType, body));
    }

    /** Erasure: the answers kept for a caller's retries may quote what the caller wrote. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forget(long tenantId, String callerKey) {
        jdbc.update("DELETE FROM idempotency_record WHERE tenant_id = ? AND caller = ?", List.of(tenantId, callerKey));
    }
}
