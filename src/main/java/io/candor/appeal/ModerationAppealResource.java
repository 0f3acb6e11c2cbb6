package io.candor.appeal;

import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import io.candor.common.Idempotent;
import io.candor.common.Ids;
import io.candor.common.Limits;
import io.candor.common.Page;
import io.candor.common.RateLimited;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The appeals queue: a moderator other than the one who decided upholds or overturns. */
@Path("/api/v1/moderation/appeals")
@RolesAllowed(Role.MODERATOR)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Moderators")
@SecurityRequirement(name = "bearer")
public class ModerationAppealResource {

    private final AppealService appeals;
    private final CurrentCaller caller;

    public ModerationAppealResource(AppealService appeals, CurrentCaller caller) {
        this.appeals = appeals;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Appeals waiting for a decision (oldest first) or decided ones", description = "status=pending|decided")
    public Page<AppealView> queue(@QueryParam("status") String status, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return appeals.queue(caller.get(), status, Limits.pageSize(limit), cursor);
    }

    @POST
    @Path("/{id}/decision")
    @Idempotent
    @RateLimited(RateLimited.Budget.WRITE)
    @Operation(summary = "Uphold or overturn the decision under appeal", description = "403 if you made that decision.")
    @APIResponse(responseCode = "201", description = "The decided appeal; the appellant gets a notice",
            content = @Content(schema = @Schema(implementation = AppealView.class)))
    @APIResponse(responseCode = "403", description = "forbidden: you made the decision under appeal, or it is about your own content or report")
    @APIResponse(responseCode = "409", description = "conflict: the appeal has already been decided")
    @APIResponse(responseCode = "429", description = "rate-limited: too many writes from you or your address")
    public Response decide(@PathParam("id") String id, @Valid @NotNull AppealDecisionRequest request) {
        return Response.status(Response.Status.CREATED).entity(appeals.decide(caller.get(), Ids.parse(id, "Appeal"), request)).build();
    }
}
