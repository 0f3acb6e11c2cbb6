package io.candor.summary;

import io.candor.common.Role;
import io.candor.common.Idempotent;
import io.candor.tenant.TenantDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Lets the operator recompute a tenant's summaries now instead of waiting for the nightly job. */
@Path("/api/v1/admin/tenants/{slug}/summaries/recompute")
@RolesAllowed(Role.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operator")
@SecurityRequirement(name = "bearer")
public class AdminSummaryResource {

    private final SummaryRecompute recompute;
    private final TenantDirectory tenants;

    public AdminSummaryResource(SummaryRecompute recompute, TenantDirectory tenants) {
        this.recompute = recompute;
        this.tenants = tenants;
    }

    @POST
    @Idempotent
    @Operation(summary = "Recompute every summary of a marketplace from its reviews; answers how many had drifted")
    @APIResponseSchema(value = SummaryRecompute.Result.class, responseDescription = "How many subjects were recomputed and how many had drifted")
    public Response recompute(@PathParam("slug") String slug) {
        return Response.ok(recompute.recomputeTenant(tenants.requireSlug(slug))).build();
    }
}
