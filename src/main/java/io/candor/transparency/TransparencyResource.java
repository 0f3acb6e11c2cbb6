package io.candor.transparency;

import io.candor.common.HttpCaching;
import io.candor.common.RateLimited;
import io.candor.tenant.TenantDirectory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The public transparency report: what moderation did, and proof that it does not single out negative reviews. */
@Path("/api/v1/public/{tenant}/transparency")
@RateLimited(RateLimited.Budget.PUBLIC_READ)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Public")
@APIResponse(responseCode = "429", description = "rate-limited: too many reads from this address")
public class TransparencyResource {

    private final TransparencyQueries transparency;
    private final TenantDirectory tenants;
    private final HttpCaching caching;

    public TransparencyResource(TransparencyQueries transparency, TenantDirectory tenants, HttpCaching caching) {
        this.transparency = transparency;
        this.tenants = tenants;
        this.caching = caching;
    }

    @GET
    @Operation(summary = "Moderation counts for a period, including the removal rate by star rating",
            description = "from and to are days (YYYY-MM-DD, UTC, both included), at most 366 days apart; without them, the last 30 days.")
    @APIResponseSchema(value = TransparencyReport.class, responseDescription = "The period's counts")
    public Response report(@PathParam("tenant") String slug, @QueryParam("from") String from, @QueryParam("to") String to,
                           @HeaderParam("If-None-Match") String ifNoneMatch) {
        return caching.cacheable(ifNoneMatch, transparency.report(tenants.requireSlug(slug), from, to));
    }
}
