package io.candor.appeal;

import io.candor.auth.CurrentCaller;
import io.candor.auth.Role;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/** Parties appealing decisions about their content or their reports. */
@Path("/api/v1/appeals")
@RolesAllowed({Role.BUYER, Role.SELLER, Role.MODERATOR})
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
    public Response file(@Valid @NotNull AppealRequest request) {
        AppealView appeal = appeals.file(caller.get(), request);
        return Response.created(URI.create("/api/v1/me/appeals")).entity(appeal).build();
    }
}
