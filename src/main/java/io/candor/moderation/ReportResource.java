package io.candor.moderation;

import io.candor.auth.CurrentCaller;
import io.candor.auth.Role;
import io.candor.common.Idempotent;
import io.candor.common.RateLimited;
import io.candor.tenant.TenantDirectory;
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

import java.util.Map;

/** Reports by signed-in parties: any buyer, seller or moderator may report a published review or response. */
@Path("/api/v1/reports")
@RateLimited(RateLimited.Budget.REPORT)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
public class ReportResource {

    private final ReportService reports;
    private final TenantDirectory tenants;
    private final CurrentCaller caller;

    public ReportResource(ReportService reports, TenantDirectory tenants, CurrentCaller caller) {
        this.reports = reports;
        this.tenants = tenants;
        this.caller = caller;
    }

    @POST
    @Idempotent
    @RolesAllowed({Role.BUYER, Role.SELLER, Role.MODERATOR})
    @Operation(summary = "Report a review or response that breaks a rule",
            description = "reason is a policy code; a moderator decides, and you get a notice with the outcome.")
    public Response report(@Valid @NotNull ReportRequest request) {
        var me = caller.get();
        return Response.accepted(Map.of("id", reports.report(tenants.byId(me.tenant()), me, request).toString())).build();
    }
}
