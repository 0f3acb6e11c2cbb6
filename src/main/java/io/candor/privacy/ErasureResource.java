package io.candor.privacy;

import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import io.candor.common.Idempotent;
import io.candor.common.RateLimited;
import io.candor.tenant.TenantDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The marketplace passes on its user's erasure request. */
@Path("/api/v1/erasures")
@RolesAllowed(Role.MARKETPLACE)
@RateLimited(RateLimited.Budget.WRITE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Marketplace backend")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "429", description = "rate-limited: too many writes from this key or address")
public class ErasureResource {

    /** {@code POST /api/v1/erasures}. */
    public record ErasureRequest(@NotNull @Size(max = 64) String party) {
    }

    private final ErasureService erasures;
    private final TenantDirectory tenants;
    private final CurrentCaller caller;

    public ErasureResource(ErasureService erasures, TenantDirectory tenants, CurrentCaller caller) {
        this.erasures = erasures;
        this.tenants = tenants;
        this.caller = caller;
    }

    @POST
    @Idempotent
    @Operation(summary = "Erase a party, as their own DELETE /api/v1/me would", description = "202, also for a party Candor does not know (any more).")
    @APIResponse(responseCode = "202", description = "Erased: see docs/privacy.md for what goes and what stays unlinked",
            content = @Content(schema = @Schema(implementation = Erasure.class)))
    public Response erase(@Valid @NotNull ErasureRequest request) {
        erasures.erase(tenants.byId(caller.get().tenant()), request.party(), "marketplace");
        return Response.accepted(Erasure.DONE).build();
    }
}
