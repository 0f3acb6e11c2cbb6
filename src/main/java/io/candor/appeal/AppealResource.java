package io.candor.appeal;

import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import io.candor.common.Idempotent;
import io.candor.common.RateLimited;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/** Parties appealing decisions about their content or their reports. */
@Path("/api/v1/appeals")
@RolesAllowed({Role.BUYER, Role.SELLER, Role.MODERATOR, Role.AUTHOR})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
public class AppealResource {

    private final AppealService appeals;
    private final CurrentCaller caller;

    public AppealResource(AppealService appeals, CurrentCaller caller) {
        this.appeals = appeals;
        this.caller = caller;
    }

    @POST
    @Idempotent
    @RateLimited(RateLimited.Budget.WRITE)
    @Operation(summary = "Appeal a decision about your content (remove, redact) or your report (keep)",
            description = "Once per decision, within the marketplace's appeal window; a different moderator decides.")
    @APIResponse(responseCode = "201", description = "The appeal, pending", headers = @Header(name = "Location"),
            content = @Content(schema = @Schema(implementation = AppealView.class)))
    @APIResponse(responseCode = "403", description = "forbidden: you may not appeal this decision (neither the author of removed or "
            + "redacted content nor a reporter of kept content)")
    @APIResponse(responseCode = "404", description = "not-found: no such decision")
    @APIResponse(responseCode = "409", description = "already-exists: you appealed this decision before")
    @APIResponse(responseCode = "422", description = "validation, or window-closed: the appeal window of the decision has closed")
    @APIResponse(responseCode = "429", description = "rate-limited: too many writes from you or your address")
    public Response file(@Valid @NotNull AppealRequest request) {
        AppealView appeal = appeals.file(caller.get(), request);
        return Response.created(URI.create("/api/v1/me/appeals")).entity(appeal).build();
    }
}
