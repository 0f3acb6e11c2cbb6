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

/** The seller's invitations: how many went out for their sales, and the share that became reviews. */
@Path("/api/v1/seller/invitations")
@RolesAllowed(Role.SELLER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
public class SellerInvitationResource {

    private final InvitationService invitations;
    private final CurrentCaller caller;

    public SellerInvitationResource(InvitationService invitations, CurrentCaller caller) {
        this.invitations = invitations;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Review invitations sent for your sales, and the share that became reviews")
    @APIResponseSchema(value = InvitationService.SellerStats.class, responseDescription = "share is null until an invitation was sent")
    public InvitationService.SellerStats forSeller() {
        return invitations.forSeller(caller.get());
    }
}
