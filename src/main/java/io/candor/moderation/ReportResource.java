package io.candor.moderation;

import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reports by signed-in parties: any buyer, seller or moderator may report a published review, response or buyer feedback. */
@Path("/api/v1/reports")
@RateLimited(RateLimited.Budget.REPORT)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "429", description = "rate-limited: too many reports from you")
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
    @Operation(summary = "Report a review, response or buyer feedback that breaks a rule",
            description = "reason is a policy code; a moderator decides, and you get a notice with the outcome.")
    @APIResponse(responseCode = "202", description = "Received: a moderator will look at it",
            content = @Content(schema = @Schema(implementation = ReportReceipt.class)))
    @APIResponse(responseCode = "403", description = "forbidden: a role other than buyer, seller or moderator, or your own content")
    @APIResponse(responseCode = "404", description = "not-found: nothing published to report at target")
    @APIResponse(responseCode = "409", description = "already-exists: you reported this before")
    public Response report(@Valid @NotNull ReportRequest request) {
        var me = caller.get();
        return Response.accepted(new ReportReceipt(reports.report(tenants.byId(me.tenant()), me, request).toString())).build();
    }
}
