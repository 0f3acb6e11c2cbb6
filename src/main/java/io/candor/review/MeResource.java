package io.candor.review;

import io.candor.auth.Caller;
import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import io.candor.common.Ids;
import io.candor.common.Limits;
import io.candor.common.Page;
import io.candor.party.PartyService;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** A party's own reviews, in every status. */
@Path("/api/v1/me/reviews")
@RolesAllowed({Role.BUYER, Role.SELLER, Role.MODERATOR, Role.AUTHOR})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
public class MeResource {

    private final ReviewService reviews;
    private final ReviewQueries queries;
    private final TenantDirectory tenants;
    private final PartyService parties;
    private final CurrentCaller caller;

    public MeResource(ReviewService reviews, ReviewQueries queries, TenantDirectory tenants, PartyService parties, CurrentCaller caller) {
        this.reviews = reviews;
        this.queries = queries;
        this.tenants = tenants;
        this.parties = parties;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Your reviews, newest first, in every status")
    public Page<ReviewView> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Caller me = caller.get();
        TenantContext tenant = tenants.byId(me.tenant());
        int size = Limits.pageSize(limit);
        return parties.find(tenant.id(), me.party())
                .map(p -> queries.ownList(tenant, p.id(), size, cursor))
                .orElse(new Page<>(List.of(), null));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One of your reviews, in any status, with its ETag for editing")
    @APIResponse(responseCode = "200", description = "The review", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = ReviewView.class)))
    public Response get(@PathParam("id") String id) {
        ReviewView review = reviews.own(caller.get(), Ids.parse(id, "Review"));
        return Response.ok(review).tag(Integer.toString(review.version())).build();
    }
}
