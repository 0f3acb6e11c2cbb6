package io.candor.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The idempotency_record table: each {@code Idempotency-Key}'s claim and the first answer, kept for
 * {@link IdempotencyInterceptor}'s replays. Its statements go through the EntityManager so that they run in,
 * and fail with, the transaction of the work they guard.
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
        return em.createNativeQuery("INSERT INTO idempotency_record (tenant_id, caller, key, request_hash, created_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING")
                .setParameter(1, tenant).setParameter(2, caller).setParameter(3, key).setParameter(4, requestHash)
                .setParameter(5, Timestamp.from(now))
                .executeUpdate() == 1;
    }

    /** The existing claim, locked: a concurrent repeat waits here until the first request's transaction ends. */
    Claim lock(long tenant, String caller, String key) {
        Object[] row = (Object[]) em.createNativeQuery("SELECT request_hash, status, content_type, headers, body, created_at "
                        + "FROM idempotency_record WHERE tenant_id = ?1 AND caller = ?2 AND key = ?3 FOR UPDATE")
                .setParameter(1, tenant).setParameter(2, caller).setParameter(3, key)
                .getSingleResult();
        return new Claim((byte[]) row[0], row[1] == null ? null : ((Number) row[1]).intValue(), (String) row[2], (String) row[3], (byte[]) row[4],
                Sql.instant(row[5]));
    }

    /** Takes over an expired or abandoned claim for this request. */
    void reclaim(long tenant, String caller, String key, byte[] requestHash, Instant now) {
        em.createNativeQuery("UPDATE idempotency_record SET request_hash = ?4, status = NULL, content_type = NULL, headers = NULL, "
                        + "body = NULL, created_at = ?5 WHERE tenant_id = ?1 AND caller = ?2 AND key = ?3")
                .setParameter(1, tenant).setParameter(2, caller).setParameter(3, key).setParameter(4, requestHash)
                .setParameter(5, Timestamp.from(now))
                .executeUpdate();
    }

    void answer(long tenant, String caller, String key, int status, String contentType, String headers, byte[] body) {
        em.createNativeQuery("UPDATE idempotency_record SET status = ?4, content_type = ?5, headers = ?6, body = ?7 "
                        + "WHERE tenant_id = ?1 AND caller = ?2 AND key = ?3")
                .setParameter(1, tenant).setParameter(2, caller).setParameter(3, key).setParameter(4, status)
                .setParameter(5, contentType).setParameter(6, headers).setParameter(7, body)
                .executeUpdate();
    }

    /** A claim with its answer in one go (a refusal, stored on its own), unless a repeat got there first. */
    void claimAnswered(long tenant, String caller, String key, byte[] requestHash, Instant now, int status, String contentType, byte[] body) {
        em.createNativeQuery("INSERT INTO idempotency_record (tenant_id, caller, key, request_hash, created_at, status, content_type, headers, body) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '{}', ?8) ON CONFLICT DO NOTHING")
                .setParameter(1, tenant).setParameter(2, caller).setParameter(3, key).setParameter(4, requestHash)
                .setParameter(5, Timestamp.from(now)).setParameter(6, status).setParameter(7, contentType).setParameter(8, body)
                .executeUpdate();
    }

    /** Erasure: the answers kept for a caller's retries may quote what the caller wrote. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forget(long tenantId, String callerKey) {
        jdbc.update("DELETE FROM idempotency_record WHERE tenant_id = ? AND caller = ?", List.of(tenantId, callerKey));
    }
}
