package io.candor.webhook;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The webhook_endpoint table: each tenant's receiver and its encrypted signing secret. */
@ApplicationScoped
public class WebhookRepository {

    private final Jdbc jdbc;

    public WebhookRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored endpoint: its URL, and its secret as encrypted under {@code keySource}. */
    record Stored(long tenantId, String url, byte[] secretEncrypted, String keySource) {
    }

    void save(long tenantId, String url, byte[] secretEncrypted, String keySource, Instant now) {
        jdbc.update("INSERT INTO webhook_endpoint (tenant_id, url, secret_encrypted, key_source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (tenant_id) DO UPDATE SET url = EXCLUDED.url, secret_encrypted = EXCLUDED.secret_encrypted, "
                        + "key_source = EXCLUDED.key_source, updated_at = EXCLUDED.updated_at",
                List.of(tenantId, url, secretEncrypted, keySource, now, now));
    }

    boolean delete(long tenantId) {
        return jdbc.update("DELETE FROM webhook_endpoint WHERE tenant_id = ?", List.of(tenantId)) == 1;
    }

    /** The endpoint with its delivery backlog (from the outbox, the same feature's table). */
    Optional<WebhookService.WebhookView> status(long tenantId) {
        return jdbc.query("SELECT w.url, w.updated_at, "
                        + "(SELECT count(*) FROM outbox_event e WHERE e.tenant_id = w.tenant_id AND e.status = 'pending') AS pending, "
                        + "(SELECT count(*) FROM outbox_event e WHERE e.tenant_id = w.tenant_id AND e.status = 'dead') AS dead, "
                        + "(SELECT max(delivered_at) FROM outbox_event e WHERE e.tenant_id = w.tenant_id AND e.status = 'delivered') AS last "
                        + "FROM webhook_endpoint w WHERE w.tenant_id = ?",
                List.of(tenantId), rs -> new WebhookService.WebhookView(rs.getString("url"), Jdbc.instant(rs, "updated_at"), rs.getLong("pending"),
                        rs.getLong("dead"), Jdbc.instant(rs, "last"))).stream().findFirst();
    }

    Optional<Stored> of(long tenantId) {
        return jdbc.query("SELECT tenant_id, url, secret_encrypted, key_source FROM webhook_endpoint WHERE tenant_id = ?", List.of(tenantId),
                rs -> new Stored(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getString(4))).stream().findFirst();
    }

    List<Stored> encryptedUnder(String keySource) {
        return jdbc.query("SELECT tenant_id, url, secret_encrypted, key_source FROM webhook_endpoint WHERE key_source = ?", List.of(keySource),
                rs -> new Stored(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getString(4)));
    }

    /** Re-encrypts a secret, only if it is still under {@code fromSource} (another instance may have done it). */
    void reencrypt(long tenantId, byte[] secretEncrypted, String toSource, String fromSource) {
        jdbc.update("UPDATE webhook_endpoint SET secret_encrypted = ?, key_source = ? WHERE tenant_id = ? AND key_source = ?",
                List.of(secretEncrypted, toSource, tenantId, fromSource));
    }
}
