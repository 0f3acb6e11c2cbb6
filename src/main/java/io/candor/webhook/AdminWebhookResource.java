package io.candor.webhook;

import io.candor.common.Role;
import io.candor.common.CursorCodec;
import io.candor.common.Idempotent;
import io.candor.common.Ids;
import io.candor.common.Jdbc;
import io.candor.common.Limits;
import io.candor.common.Page;
import io.candor.common.ProblemException;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Lets the operator see undelivered webhook events (the dead letters) and send them again. */
@Path("/api/v1/admin/tenants/{slug}/webhook/events")
@RolesAllowed(Role.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator")
@SecurityRequirement(name = "bearer")
public class AdminWebhookResource {

    private final Jdbc jdbc;
    private final TenantDirectory tenants;
    private final Clock clock;

    public AdminWebhookResource(Jdbc jdbc, TenantDirectory tenants, Clock clock) {
        this.jdbc = jdbc;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** An outbox event as the operator sees it: its payload holds ids and ratings, never party refs. */
    public record EventView(String id, String type, String targetKey, String status, Instant occurredAt, int attempts, String lastError,
                            Instant deliveredAt) {
    }

    @GET
    @Operation(summary = "A marketplace's webhook events by status (dead, pending, delivered), newest first")
    public Page<EventView> list(@PathParam("slug") String slug, @QueryParam("status") String status, @QueryParam("limit") String limit,
                                @QueryParam("cursor") String cursor) {
        TenantContext tenant = tenants.requireSlug(slug);
        String wanted = status == null || status.isEmpty() ? "dead" : status;
        if (!List.of("dead", "pending", "delivered", "skipped").contains(wanted)) {
            throw ProblemException.invalid("status", "must be dead, pending, delivered or skipped");
        }
        int size = Limits.pageSize(limit);
        String scope = "outbox|" + wanted;
        List<Object> params = new ArrayList<>(List.of(tenant.id(), wanted));
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

    @POST
    @Path("/{id}/retry")
    @Idempotent
    @Operation(summary = "Send a dead-lettered event again, with a fresh retry period")
    @APIResponse(responseCode = "202", description = "The event is pending again; the sender picks it up")
    public Response retry(@PathParam("slug") String slug, @PathParam("id") String id) {
        TenantContext tenant = tenants.requireSlug(slug);
        Instant now = clock.instant();
        int updated = jdbc.update("UPDATE outbox_event SET status = 'pending', attempts = 0, next_attempt_at = ?, retry_since = ? "
                + "WHERE tenant_id = ? AND event_id = ? AND status = 'dead'", List.of(now, now, tenant.id(), Ids.parse(id, "Dead-lettered event")));
        if (updated == 0) {
            throw ProblemException.notFound("Dead-lettered event");
        }
        return Response.accepted().build();
    }
}
