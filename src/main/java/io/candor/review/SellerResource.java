package io.candor.review;

import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import io.candor.common.Limits;
import io.candor.common.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The seller's view: reviews of the shop and of its products, and how they add up. */
@Path("/api/v1/seller")
@RolesAllowed(Role.SELLER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
public class SellerResource {

    private final SellerService seller;
    private final CurrentCaller caller;

    public SellerResource(SellerService seller, CurrentCaller caller) {
        this.seller = seller;
        this.caller = caller;
    }

    @GET
    @Path("/reviews")
    @Operation(summary = "Reviews of your shop and your products, newest first",
            description = "status=published|removed (default published); answered=true|false; rating=1,2; product=<ref>")
    public Page<InboxReview> reviews(@QueryParam("status") String status, @QueryParam("answered") String answered,
                                     @QueryParam("rating") String rating, @QueryParam("product") String product,
                                     @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        ReviewQueries.InboxFilter filter = new ReviewQueries.InboxFilter(status, Limits.flag("answered", answered), rating, product);
        return seller.inbox(caller.get(), filter, Limits.pageSize(limit), cursor);
    }

    @GET
    @Path("/summary")
    @Operation(summary = "Your shop's summary, each product's, a 12-month trend and how many reviews await an answer")
    public SellerSummary summary() {
        return seller.summary(caller.get());
    }
}
