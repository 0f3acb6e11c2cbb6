package io.candor.anonymous;

import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A buyer's side of anonymous reviews: the subject's key, and one blind signature per line of a completed transaction.
 * Deliberately without Idempotency-Key: a stored answer would be a dated record of the buyer's token (docs/anonymous-reviews.md);
 * asking for the key again answers the same key, and a token once.
 */
@Path("/api/v1/anonymous")
@RolesAllowed(Role.BUYER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
public class AnonymousResource {

    private final AnonymousService anonymous;
    private final CurrentCaller caller;

    public AnonymousResource(AnonymousService anonymous, CurrentCaller caller) {
        this.anonymous = anonymous;
        this.caller = caller;
    }

    @POST
    @Path("/keys")
    @Operation(summary = "The subject's current token key, for a buyer entitled to a token for it",
            description = "Check it against GET /public/{tenant}/anonymous/keys/{type}/{ref} (everyone is served the same key) before blinding.")
    @APIResponse(responseCode = "200", description = "The key", content = @Content(schema = @Schema(implementation = AnonymousService.KeyView.class)))
    @APIResponse(responseCode = "403", description = "not-entitled: no completed transaction of yours covers this subject")
    @APIResponse(responseCode = "409", description = "already-exists: you reviewed this subject for this purchase")
    @APIResponse(responseCode = "422", description = "validation, or window-closed")
    public Response key(@Valid @NotNull AnonymousRequests.KeyRequest request) {
        return Response.ok(anonymous.keyFor(caller.get(), request.transaction(), request.subject())).build();
    }

    @POST
    @Path("/tokens")
    @Operation(summary = "Sign a blinded token for one line of your completed transaction (once per line)")
    @APIResponse(responseCode = "200", description = "The blind signature: unblind it to get the token")
    @APIResponse(responseCode = "403", description = "not-entitled: no completed transaction of yours covers this subject")
    @APIResponse(responseCode = "409", description = "token-already-issued, token-key-changed, or already-exists (reviewed already)")
    @APIResponse(responseCode = "422", description = "validation, or window-closed")
    public AnonymousService.IssuedToken issue(@Valid @NotNull AnonymousRequests.TokenRequest request) {
        return anonymous.issue(caller.get(), request.transaction(), request.subject(), request.keyId(), request.blindedMessage());
    }
}
