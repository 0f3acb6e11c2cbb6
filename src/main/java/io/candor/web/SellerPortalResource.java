package io.candor.web;

import io.candor.auth.Caller;
import io.candor.auth.Role;
import io.candor.common.Ids;
import io.candor.common.Limits;
import io.candor.common.Page;
import io.candor.common.ProblemException;
import io.candor.review.InboxReview;
import io.candor.review.ResponseRequest;
import io.candor.review.ResponseService;
import io.candor.review.ResponseView;
import io.candor.review.ReviewQueries;
import io.candor.review.SellerService;
import io.candor.review.SellerSummary;
import io.candor.summary.SummaryView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** The seller portal: the shop's figures, and the reviews to read and answer. */
@Path("/seller")
@Produces(MediaType.TEXT_HTML)
public class SellerPortalResource {

    static final int INBOX_PAGE = 10;

    private final SellerService seller;
    private final ResponseService responses;
    private final WebSession session;
    private final Pages pages;

    public SellerPortalResource(SellerService seller, ResponseService responses, WebSession session, Pages pages) {
        this.seller = seller;
        this.responses = responses;
        this.session = session;
        this.pages = pages;
    }

    /** The inbox filters as the form shows them. */
    public record InboxFilter(String answered, String rating, String product, String status) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(PageFrame frame, SellerPortalView.SummaryCard shop, List<SellerPortalView.SummaryCard> products,
                                                 Charts.Trend trend, int unanswered);

        static native TemplateInstance inbox(PageFrame frame, InboxFilter filter, List<String> products, List<SellerPortalView.InboxCard> cards,
                                             String nextPage);

        static native TemplateInstance inbox$card(PageFrame frame, SellerPortalView.InboxCard card);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance dashboard() {
        Caller me = session.require(Role.SELLER);
        SellerSummary summary = seller.summary(me);
        return Templates.dashboard(pages.frame("Seller dashboard", "seller"), SellerPortalView.card(summary.seller()),
                summary.products().stream().map(SellerPortalView::card).toList(), Charts.trend(summary.trend()), summary.unanswered());
    }

    @GET
    @Path("reviews")
    @Operation(hidden = true)
    public TemplateInstance inbox(@QueryParam("answered") String answered, @QueryParam("rating") String rating,
                                  @QueryParam("product") String product, @QueryParam("status") String status,
                                  @QueryParam("cursor") String cursor) {
        Caller me = session.require(Role.SELLER);
        InboxFilter filter = new InboxFilter(blankToNull(answered), blankToNull(rating), blankToNull(product), blankToNull(status));
        Page<InboxReview> page;
        try {
            page = seller.inbox(me, new ReviewQueries.InboxFilter(filter.status(), Limits.flag("answered", filter.answered()), filter.rating(),
                    filter.product()), INBOX_PAGE, blankToNull(cursor));
        } catch (ProblemException e) {
            throw new PageRefusal(400, "These filters do not fit together; clear them and choose again.");
        }
        List<String> products = seller.summary(me).products().stream().map(SummaryView::subject).map(SummaryView.Subject::ref).toList();
        String next = page.nextCursor() == null ? null : UriBuilder.fromPath("/seller/reviews")
                .queryParam("answered", nullToEmpty(filter.answered())).queryParam("rating", nullToEmpty(filter.rating()))
                .queryParam("product", nullToEmpty(filter.product())).queryParam("status", nullToEmpty(filter.status()))
                .queryParam("cursor", page.nextCursor()).build().toString();
        return Templates.inbox(pages.frame("Reviews", "seller-reviews"), filter, products,
                page.items().stream().map(SellerPortalView::card).toList(), next);
    }

    @POST
    @Path("reviews/{id}/response")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response respond(@PathParam("id") String id, @FormParam("body") String body, @HeaderParam("HX-Request") String htmx) {
        Caller me = session.require(Role.SELLER);
        InboxReview review = find(me, id);
        SellerPortalView.InboxCard card;
        try {
            ResponseView answer = responses.respond(me, Ids.parse(id, "Review"), new ResponseRequest(body == null ? "" : body));
            card = SellerPortalView.card(find(me, id)).after("held".equals(answer.status())
                    ? "Your answer is waiting for a moderator before it is published." : "Your answer is published.", null, answer.body());
        } catch (ProblemException e) {
            String reason = e.errors().isEmpty() ? e.getMessage() : e.errors().get(0).message();
            if (htmx == null) {
                throw new PageRefusal(e.type().status(), "Your answer was not saved: " + reason + " Go back to change it.");
            }
            card = SellerPortalView.card(review).after(null, "Not saved: " + reason, body);
        }
        if (htmx == null) {
            // without scripts the form is a plain POST: back to the inbox at this review
            return Response.seeOther(UriBuilder.fromPath("/seller/reviews").fragment("review-" + id).build()).build();
        }
        return Response.ok(Templates.inbox$card(pages.frame("Reviews", "seller-reviews"), card)).build();
    }

    private InboxReview find(Caller me, String id) {
        try {
            return seller.one(me, id);
        } catch (ProblemException e) {
            throw new PageRefusal(404, "This review is not one of your shop's.");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
