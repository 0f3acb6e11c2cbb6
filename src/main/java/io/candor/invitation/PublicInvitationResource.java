package io.candor.invitation;

import io.candor.common.HttpCaching;
import io.candor.common.RateLimited;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What an invitation link opens: the storefront's widget asks which line to show the write form for. */
@Path("/api/v1/public/{tenant}/invitations/{token}")
@RateLimited(RateLimited.Budget.PUBLIC_READ)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Public")
@APIResponse(responseCode = "429", description = "rate-limited: too many reads from this address")
public class PublicInvitationResource {

    private final InvitationService invitations;
    private final HttpCaching caching;

    public PublicInvitationResource(InvitationService invitations, HttpCaching caching) {
        this.invitations = invitations;
        this.caching = caching;
    }

    @GET
    @Operation(summary = "The transaction line an invitation link invites a review of",
            description = "The token comes from a review.invitation webhook. It grants nothing: the buyer signs in through the marketplace "
                    + "as usual, and the review is checked against their own transaction.")
    @APIResponseSchema(value = InvitationService.LineView.class, responseDescription = "The line: the storefront opens the write form for it")
    @APIResponse(responseCode = "404", description = "not-found: no invitation of this marketplace has this token")
    @APIResponse(responseCode = "422", description = "window-closed: the invitation expired with the review window")
    public Response line(@PathParam("tenant") String tenant, @PathParam("token") String token, @HeaderParam("If-None-Match") String ifNoneMatch) {
        return caching.cacheable(ifNoneMatch, invitations.resolve(tenant, token));
    }
}
