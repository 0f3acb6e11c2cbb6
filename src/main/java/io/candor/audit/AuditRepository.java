package io.candor.audit;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The log_entry table's write: entries inserted in the writer's transaction with no shared lock and no sequence
 * number; the {@link LogSequencer} numbers them once they are committed.
 */
@ApplicationScoped
public class AuditRepository {

    private final Jdbc jdbc;

    public AuditRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    record NewEntry(long tenantId, Instant at, String role, String handle, byte[] salt, String action, String targetType, String targetId,
                    String data) {
    }

    /** Inserts a transaction's entries in one statement. */
    void insert(List<NewEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO log_entry (tenant_id, at, actor_role, actor_handle, actor_salt, action, target_type, "
                + "target_id, data) VALUES ");
        List<Object> params = new ArrayList<>(entries.size() * 9);
        for (int i = 0; i < entries.size(); i++) {
            NewEntry e = entries.get(i);
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, CAST(? AS text), ?, ?, ?, ?, ?)");
            params.add(e.tenantId());
            params.add(e.at());
            params.add(e.role());
            params.add(e.handle());
            params.add(e.salt());
            params.add(e.action());
            params.add(e.targetType());
            params.add(e.targetId());
            params.add(e.data());
        }
        jdbc.update(sql.toString(), params);
    }
}
