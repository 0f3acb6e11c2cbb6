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

/** A buyer's own choice: whether they receive review invitations. */
@Path("/api/v1/me/invitations")
@RolesAllowed(Role.BUYER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
public class MeInvitationResource {

    private final InvitationService invitations;
    private final CurrentCaller caller;

    public MeInvitationResource(InvitationService invitations, CurrentCaller caller) {
        this.invitations = invitations;
        this.caller = caller;
    }

    /** {@code PUT /api/v1/me/invitations}. */
    public record OptOutRequest(@NotNull Boolean optedOut) {
    }

    @GET
    @Operation(summary = "Whether you receive review invitations")
    public InvitationService.OptOut mine() {
        return invitations.mine(caller.get());
    }

    @PUT
    @RateLimited(RateLimited.Budget.WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Opt out of review invitations, or back in", description = "{\"optedOut\": true} stops every invitation and reminder not yet sent.")
    @APIResponseSchema(value = InvitationService.OptOut.class, responseDescription = "Your choice, as stored")
    @APIResponse(responseCode = "429", description = "rate-limited: too many writes")
    public InvitationService.OptOut setMine(@Valid @NotNull OptOutRequest request) {
        return invitations.setMine(caller.get(), request.optedOut());
    }
}
