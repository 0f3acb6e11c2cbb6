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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reports from anyone (EU DSA Art. 16 notice and action), without an account: details are required and the rate is limited. */
@Path("/api/v1/public/{tenant}/reports")
@RateLimited(RateLimited.Budget.REPORT)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Public")
@APIResponse(responseCode = "429", description = "rate-limited: too many reports from this address")
public class PublicReportResource {

    private final ReportService reports;
    private final TenantDirectory tenants;

    public PublicReportResource(ReportService reports, TenantDirectory tenants) {
        this.reports = reports;
        this.tenants = tenants;
    }

    @POST
    @Idempotent
    @Operation(summary = "Report a review, response or buyer feedback without an account", description = "details are required; reports are rate-limited.")
    @APIResponse(responseCode = "202", description = "Received: a moderator will look at it",
            content = @Content(schema = @Schema(implementation = ReportReceipt.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such marketplace, or nothing published to report at target")
    public Response report(@PathParam("tenant") String slug, @Valid @NotNull ReportRequest request) {
        return Response.accepted(new ReportReceipt(reports.report(tenants.requireSlug(slug), null, request).toString())).build();
    }
}
