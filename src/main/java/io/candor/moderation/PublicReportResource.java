package io.candor.moderation;

import io.candor.common.Idempotent;
import io.candor.common.RateLimited;
import io.candor.tenant.TenantDirectory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/** Reports from anyone (EU DSA Art. 16 notice and action), without an account: details are required and the rate is limited. */
@Path("/api/v1/public/{tenant}/reports")
@RateLimited(RateLimited.Budget.REPORT)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Public")
public class PublicReportResource {

    private final ReportService reports;
    private final TenantDirectory tenants;

    public PublicReportResource(ReportService reports, TenantDirectory tenants) {
        this.reports = reports;
        this.tenants = tenants;
    }

    @POST
    @Idempotent
    @Operation(summary = "Report a review or response without an account", description = "details are required; reports are rate-limited.")
    public Response report(@PathParam("tenant") String slug, @Valid @NotNull ReportRequest request) {
        return Response.accepted(Map.of("id", reports.report(tenants.requireSlug(slug), null, request).toString())).build();
    }
}
