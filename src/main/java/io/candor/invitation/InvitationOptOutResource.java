package io.candor.invitation;

import io.candor.auth.CurrentCaller;
import io.candor.common.RateLimited;
import io.candor.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The marketplace records a buyer's opt-out from review invitations, or takes it back. Nothing here, or anywhere,
 * chooses whom to invite: every line of every transaction is.
 */
@Path("/api/v1/invitation-opt-outs/{buyer}")
@RolesAllowed(Role.MARKETPLACE)
@RateLimited(RateLimited.Budget.WRITE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Marketplace backend")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "429", description = "rate-limited: too many writes from this key or address")
public class InvitationOptOutResource {

    private final InvitationService invitations;
    private final CurrentCaller caller;

    public InvitationOptOutResource(InvitationService invitations, CurrentCaller caller) {
        this.invitations = invitations;
        this.caller = caller;
    }

    @PUT
    @Operation(summary = "Record a buyer's opt-out from review invitations (from your own unsubscribe link, say)")
    @APIResponse(responseCode = "204", description = "The buyer receives no more invitations")
    public Response optOut(@PathParam("buyer") String buyer) {
        invitations.setForBuyer(caller.get(), buyer, true);
        return Response.noContent().build();
    }

    @DELETE
    @Operation(summary = "Take back a buyer's opt-out", description = "204 also when the buyer had not opted out.")
    @APIResponse(responseCode = "204", description = "The buyer is invited again from now on")
    public Response optIn(@PathParam("buyer") String buyer) {
        invitations.setForBuyer(caller.get(), buyer, false);
        return Response.noContent().build();
    }
}
