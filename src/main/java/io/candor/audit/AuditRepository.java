package io.candor.audit;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;

/** The audit_entry and audit_head tables' write: one entry chained to its tenant's head by the {@code audit_append} function. */
@ApplicationScoped
public class AuditRepository {

    private final Jdbc jdbc;

    public AuditRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends and chains one entry; answers its sequence number. */
    long append(long tenantId, Instant at, String role, String handle, String action, String targetType, String targetId, String data) {
        return jdbc.query("SELECT audit_append(?, ?, ?, CAST(? AS text), ?, ?, ?, ?)",
                Arrays.asList(tenantId, at, role, handle, action, targetType, targetId, data), rs -> rs.getLong(1)).get(0);
    }
}
