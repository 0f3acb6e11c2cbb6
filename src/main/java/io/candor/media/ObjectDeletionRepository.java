package io.candor.media;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The queue of objects to delete ({@code object_deletion}): whoever deletes the rows that name objects queues the
 * objects in the same transaction; {@link ObjectDeletionJob} deletes them from the store after commit. A crash between
 * the two leaves a queued key, never an object nobody knows about.
 */
@ApplicationScoped
public class ObjectDeletionRepository {

    private final Jdbc jdbc;

    public ObjectDeletionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues the objects; runs in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void queue(long tenantId, Collection<String> keys, Instant now) {
        for (String key : keys) {
            if (!ObjectStore.isKey(key)) {
                throw new IllegalArgumentException("not an object key: " + key);
            }
            jdbc.update("INSERT INTO object_deletion (object_key, tenant_id, queued_at) VALUES (?, ?, ?) ON CONFLICT (tenant_id, object_key) DO NOTHING",
                    List.of(key, tenantId, now));
        }
    }

    /** The tenants with queued keys (a read, no lock: the job then works tenant by tenant). */
    List<Long> tenantsWithQueued() {
        return jdbc.query("SELECT DISTINCT tenant_id FROM object_deletion ORDER BY tenant_id", List.of(), rs -> rs.getLong(1));
    }

    /** Takes up to {@code limit} of a tenant's queued keys, locked so that other instances skip them. */
    @Transactional(Transactional.TxType.MANDATORY)
    List<String> lockBatch(long tenantId, int limit) {
        return jdbc.query("SELECT object_key FROM object_deletion WHERE tenant_id = ? ORDER BY queued_at LIMIT ? FOR UPDATE SKIP LOCKED",
                List.of(tenantId, limit), rs -> rs.getString(1));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void done(String key) {
        jdbc.update("DELETE FROM object_deletion WHERE tenant_id = ? AND object_key = ?", List.of(tenantOf(key), key));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void failed(String key) {
        jdbc.update("UPDATE object_deletion SET attempts = attempts + 1 WHERE tenant_id = ? AND object_key = ?", List.of(tenantOf(key), key));
    }

    /** The tenant a key belongs to: its first segment. */
    static long tenantOf(String key) {
        return Long.parseLong(key.substring(0, key.indexOf('/')));
    }

    /** How many objects wait to be deleted (for tests and the operator). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public int pending() {
        return jdbc.query("SELECT count(*) FROM object_deletion", List.of(), rs -> rs.getInt(1)).get(0);
    }
}
