package io.candor.webhook;

import io.candor.common.Role;
import io.candor.common.Idempotent;
import io.candor.common.Ids;
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

/** Lets the operator see undelivered webhook events (the dead letters) and send them again. */
@Path("/api/v1/admin/tenants/{slug}/webhook/events")
@RolesAllowed(Role.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator")
@SecurityRequirement(name = "bearer")
public class AdminWebhookResource {

    private final OutboxQueries events;
    private final TenantDirectory tenants;
    private final Clock clock;

    public AdminWebhookResource(OutboxQueries events, TenantDirectory tenants, Clock clock) {
        this.events = events;
        this.tenants = tenants;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "A marketplace's webhook events by status (dead, pending, delivered), newest first")
    public Page<OutboxQueries.EventView> list(@PathParam("slug") String slug, @QueryParam("status") String status, @QueryParam("limit") String limit,
                                             @QueryParam("cursor") String cursor) {
        TenantContext tenant = tenants.requireSlug(slug);
        String wanted = status == null || status.isEmpty() ? "dead" : status;
        if (!OutboxQueries.STATUSES.contains(wanted)) {
            throw ProblemException.invalid("status", "must be dead, pending, delivered or skipped");
        }
        return events.list(tenant, wanted, Limits.pageSize(limit), cursor);
    }

    @POST
    @Path("/{id}/retry")
    @Idempotent
    @Operation(summary = "Send a dead-lettered event again, with a fresh retry period")
    @APIResponse(responseCode = "202", description = "The event is pending again; the sender picks it up")
    public Response retry(@PathParam("slug") String slug, @PathParam("id") String id) {
        TenantContext tenant = tenants.requireSlug(slug);
        events.retryDead(tenant.id(), Ids.parse(id, "Dead-lettered event"), clock.instant());
        return Response.accepted().build();
    }
}
