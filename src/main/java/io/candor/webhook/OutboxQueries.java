package io.candor.webhook;

import io.candor.common.CursorCodec;
import io.candor.common.Jdbc;
import io.candor.common.Page;
import io.candor.common.ProblemException;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The outbox as the operator sees it: events by status, newest first, and sending a dead letter again. */
@ApplicationScoped
public class OutboxQueries {

    /** The statuses an event can have. */
    public static final List<String> STATUSES = List.of("dead", "pending", "delivered", "skipped");

    private final Jdbc jdbc;

    public OutboxQueries(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** An outbox event as the operator sees it: its payload holds ids and ratings, never party refs. */
    public record EventView(String id, String type, String targetKey, String status, Instant occurredAt, int attempts, String lastError,
                            Instant deliveredAt) {
    }

    public Page<EventView> list(TenantContext tenant, String status, int size, String cursor) {
        String scope = "outbox|" + status;
        List<Object> params = new ArrayList<>(List.of(tenant.id(), status));
        String after = "";
        if (cursor != null) {
            after = "AND seq < ? ";
            try {
                params.add(Long.parseLong(CursorCodec.decode(tenant.secret(), scope, cursor, 1).get(0)));
            } catch (NumberFormatException e) {
                throw CursorCodec.invalid();
            }
        }
        params.add(size + 1);
        List<Object[]> rows = jdbc.query("SELECT seq, event_id, type, target_key, status, occurred_at, attempts, last_error, delivered_at "
                        + "FROM outbox_event WHERE tenant_id = ? AND status = ? " + after + "ORDER BY seq DESC LIMIT ?", params,
                rs -> new Object[]{rs.getLong(1), new EventView(rs.getObject(2, UUID.class).toString(), rs.getString(3), rs.getString(4),
                        rs.getString(5), Jdbc.instant(rs, "occurred_at"), rs.getInt(7), rs.getString(8), Jdbc.instant(rs, "delivered_at"))});
        boolean more = rows.size() > size;
        List<Object[]> page = more ? rows.subList(0, size) : rows;
        String next = more ? CursorCodec.encode(tenant.secret(), scope, List.of(page.get(page.size() - 1)[0].toString())) : null;
        return new Page<>(page.stream().map(r -> (EventView) r[1]).toList(), next);
    }

    /** Makes a dead-lettered event pending again, with a fresh retry period; 404 problem when there is no such dead letter. */
    @Transactional
    public void retryDead(long tenantId, UUID eventId, Instant now) {
        int updated = jdbc.update("UPDATE outbox_event SET status = 'pending', attempts = 0, next_attempt_at = ?, retry_since = ? "
                + "WHERE tenant_id = ? AND event_id = ? AND status = 'dead'", List.of(now, now, tenantId, eventId));
        if (updated == 0) {
            throw ProblemException.notFound("Dead-lettered event");
        }
    }
}
