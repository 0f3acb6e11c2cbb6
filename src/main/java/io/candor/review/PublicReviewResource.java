package io.candor.review;

import io.candor.common.HttpCaching;
import io.candor.common.Ids;
import io.candor.common.Limits;
import io.candor.common.ProblemException;
import io.candor.common.RateLimited;
import io.candor.tenant.TenantContext;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Published reviews for storefronts: no credential, cacheable. */
@Path("/api/v1/public/{tenant}")
@RateLimited(RateLimited.Budget.PUBLIC_READ)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Public")
@APIResponse(responseCode = "429", description = "rate-limited: too many reads from this address")
public class PublicReviewResource {

    private final ReviewQueries queries;
    private final TenantDirectory tenants;
    private final HttpCaching caching;

    public PublicReviewResource(ReviewQueries queries, TenantDirectory tenants, HttpCaching caching) {
        this.queries = queries;
        this.tenants = tenants;
        this.caching = caching;
    }

    @GET
    @Path("/subjects/{type}/{ref}/reviews")
    @Operation(summary = "Published reviews of a product or seller",
            description = "sort=helpful|newest|highest|lowest; rating=1,2; verified=true; q=words (full text); keyset pages through cursor.")
    @APIResponse(responseCode = "200", description = "One page of published reviews",
            content = @Content(schema = @Schema(type = SchemaType.OBJECT, properties = {
            @SchemaProperty(name = "items", type = SchemaType.ARRAY, implementation = PublicReview.class),
            @SchemaProperty(name = "nextCursor", type = SchemaType.STRING, nullable = true, description = "null on the last page")})))
    public Response list(@PathParam("tenant") String slug, @PathParam("type") String type, @PathParam("ref") String ref,
                         @QueryParam("sort") String sort, @QueryParam("rating") String rating, @QueryParam("verified") String verified,
                         @QueryParam("q") String q, @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                         @HeaderParam("If-None-Match") String ifNoneMatch) {
        TenantContext tenant = tenants.requireSlug(slug);
        checkSubject(type, ref);
        ReviewQueries.PublicFilter filter = new ReviewQueries.PublicFilter(sort, rating, Limits.flag("verified", verified), q);
        return caching.cacheable(ifNoneMatch, queries.publicList(tenant, type, ref, filter, Limits.pageSize(limit), cursor));
    }

    @GET
    @Path("/reviews/{id}")
    @Operation(summary = "One published review")
    @APIResponseSchema(value = PublicReview.class, responseDescription = "The review")
    @APIResponse(responseCode = "404", description = "not-found: no such marketplace, or no such published review")
    public Response one(@PathParam("tenant") String slug, @PathParam("id") String id, @HeaderParam("If-None-Match") String ifNoneMatch) {
        TenantContext tenant = tenants.requireSlug(slug);
        PublicReview review = queries.publicOne(tenant, Ids.parse(id, "Review")).orElseThrow(() -> ProblemException.notFound("Review"));
        return caching.cacheable(ifNoneMatch, review);
    }

    static void checkSubject(String type, String ref) {
        if (!"product".equals(type) && !"seller".equals(type)) {
            throw ProblemException.notFound("Subject type '" + (type.length() > 20 ? type.substring(0, 20) : type) + "'");
        }
        io.candor.common.Refs.checkSubject("ref", ref);
    }
}
