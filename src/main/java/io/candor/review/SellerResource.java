package io.candor.review;

import io.candor.auth.Caller;
import io.candor.auth.CurrentCaller;
import io.candor.auth.Role;
import io.candor.common.Limits;
import io.candor.common.Page;
import io.candor.feedback.FeedbackService;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.summary.SummaryService;
import io.candor.summary.SummaryView;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Optional;

/** The seller's view: reviews of the shop and of its products, and how they add up. */
@Path("/api/v1/seller")
@RolesAllowed(Role.SELLER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
public class SellerResource {

    static final int MAX_PRODUCTS = 100;

    private final ReviewQueries queries;
    private final SummaryService summaries;
    private final TenantDirectory tenants;
    private final PartyService parties;
    private final FeedbackService feedback;
    private final CurrentCaller caller;

    public SellerResource(ReviewQueries queries, SummaryService summaries, TenantDirectory tenants, PartyService parties, FeedbackService feedback,
                          CurrentCaller caller) {
        this.queries = queries;
        this.summaries = summaries;
        this.tenants = tenants;
        this.parties = parties;
        this.feedback = feedback;
        this.caller = caller;
    }

    /** The seller dashboard's figures. */
    public record SellerSummary(SummaryView seller, List<SummaryView> products, List<SummaryService.MonthPoint> trend, int unanswered) {
    }

    @GET
    @Path("/reviews")
    @Operation(summary = "Reviews of your shop and your products, newest first",
            description = "status=published|removed (default published); answered=true|false; rating=1,2; product=<ref>")
    public Page<InboxReview> reviews(@QueryParam("status") String status, @QueryParam("answered") String answered,
                                     @QueryParam("rating") String rating, @QueryParam("product") String product,
                                     @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Caller me = caller.get();
        TenantContext tenant = tenants.byId(me.tenant());
        ReviewQueries.InboxFilter filter = new ReviewQueries.InboxFilter(status, Limits.flag("answered", answered), rating, product);
        int size = Limits.pageSize(limit);
        Optional<PartyRef> seller = parties.find(tenant.id(), me.party());
        if (seller.isEmpty()) {
            ReviewQueries.parseRatings(rating);
            return new Page<>(List.of(), null);
        }
        return queries.inbox(tenant, seller.get().id(), filter, size, cursor);
    }

    @GET
    @Path("/summary")
    @Operation(summary = "Your shop's summary, each product's, a 12-month trend and how many reviews await an answer")
    public SellerSummary summary() {
        Caller me = caller.get();
        TenantContext tenant = tenants.byId(me.tenant());
        SummaryView own = summaries.view(tenant, "seller", me.party());
        Optional<PartyRef> seller = parties.find(tenant.id(), me.party());
        if (seller.isEmpty()) {
            return new SellerSummary(own, List.of(), List.of(), 0);
        }
        return new SellerSummary(own, summaries.productsOfSeller(tenant, seller.get().id(), MAX_PRODUCTS),
                summaries.trend(tenant.id(), seller.get().id()), queries.unanswered(tenant, seller.get().id()));
    }

    @GET
    @Path("/feedback-due")
    @Operation(summary = "Your transactions still inside the reveal window, and whether you left feedback on the buyer")
    public List<FeedbackService.FeedbackDue> feedbackDue() {
        return feedback.due(caller.get());
    }
}
