package io.candor.web;

import io.candor.common.RateLimited;
import io.candor.appeal.AppealView;
import io.candor.auth.Caller;
import io.candor.common.Role;
import io.candor.common.Ids;
import io.candor.common.Limits;
import io.candor.common.Page;
import io.candor.common.ProblemException;
import io.candor.feedback.FeedbackRequest;
import io.candor.feedback.FeedbackService;
import io.candor.feedback.FeedbackView;
import io.candor.moderation.PolicyCatalog;
import io.candor.moderation.ReportRequest;
import io.candor.moderation.ReportService;
import io.candor.review.InboxReview;
import io.candor.review.ResponseRequest;
import io.candor.review.ResponseService;
import io.candor.review.ResponseView;
import io.candor.review.ReviewQueries;
import io.candor.review.SellerService;
import io.candor.review.SellerSummary;
import io.candor.summary.SummaryView;
import io.candor.tenant.TenantDirectory;
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

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The seller portal: the shop's figures, the reviews to read, answer and report, the notices about the seller's
 * answers and reports with their appeals, and feedback on the buyers of recent sales.
 */
@Path("/seller")
@Produces(MediaType.TEXT_HTML)
@HtmlPages
public class SellerPortalResource {

    static final int INBOX_PAGE = 10;

    private final SellerService seller;
    private final ResponseService responses;
    private final ReportService reports;
    private final FeedbackService feedback;
    private final NoticeDesk notices;
    private final TenantDirectory tenants;
    private final WebSession session;
    private final Pages pages;

    private final io.candor.invitation.InvitationService invitations;

    public SellerPortalResource(SellerService seller, ResponseService responses, ReportService reports, FeedbackService feedback, NoticeDesk notices,
                                TenantDirectory tenants, WebSession session, Pages pages, io.candor.invitation.InvitationService invitations) {
        this.invitations = invitations;
        this.seller = seller;
        this.responses = responses;
        this.reports = reports;
        this.feedback = feedback;
        this.notices = notices;
        this.tenants = tenants;
        this.session = session;
        this.pages = pages;
    }

    /** A report reason as the inbox's select shows it. */
    public record Reason(String code, String title) {
    }

    /** A recent sale the seller may leave (or change) feedback on the buyer for. */
    public record FeedbackCard(String transaction, String completed, String revealBy, String status, String rating, String comment, boolean changeable,
                               String notice, String error) {
    }

    static final List<Reason> REASONS = PolicyCatalog.POLICIES.stream().map(p -> new Reason(p.code(), p.title())).toList();

    /** The inbox filters as the form shows them. */
    public record InboxFilter(String answered, String rating, String product, String status) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(PageFrame frame, SellerPortalView.SummaryCard shop, List<SellerPortalView.SummaryCard> products,
                                                 Charts.Trend trend, int unanswered, io.candor.invitation.InvitationService.SellerStats invitations,
                                                 String invitationShare);

        static native TemplateInstance inbox(PageFrame frame, InboxFilter filter, List<String> products, List<SellerPortalView.InboxCard> cards,
                                             String nextPage, List<Reason> reasons);

        static native TemplateInstance inbox$card(PageFrame frame, SellerPortalView.InboxCard card, List<Reason> reasons);

        static native TemplateInstance notices(PageFrame frame, NoticeDesk.Desk desk, String nextPage, String filed);

        static native TemplateInstance feedback(PageFrame frame, List<FeedbackCard> due, int revealDays);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance dashboard() {
        Caller me = session.require(Role.SELLER);
        SellerSummary summary = seller.summary(me);
        io.candor.invitation.InvitationService.SellerStats sent = invitations.forSeller(me);
        String share = sent.share() == null ? null : Math.round(sent.share() * 100) + " %";
        return Templates.dashboard(pages.frame("Seller dashboard", "seller"), SellerPortalView.card(summary.seller()),
                summary.products().stream().map(SellerPortalView::card).toList(), Charts.trend(summary.trend()), summary.unanswered(), sent, share);
    }

    @GET
    @Path("reviews")
    @Operation(hidden = true)
    public TemplateInstance inbox(@QueryParam("answered") String answered, @QueryParam("rating") String rating,
                                  @QueryParam("product") String product, @QueryParam("status") String status,
                                  @QueryParam("cursor") String cursor) {
        Caller me = session.require(Role.SELLER);
        InboxFilter filter = new InboxFilter(Forms.blankToNull(answered), Forms.blankToNull(rating), Forms.blankToNull(product),
                Forms.blankToNull(status));
        Page<InboxReview> page = seller.inbox(me, new ReviewQueries.InboxFilter(filter.status(), Limits.flag("answered", filter.answered()),
                filter.rating(), filter.product()), INBOX_PAGE, Forms.blankToNull(cursor));
        List<String> products = seller.summary(me).products().stream().map(SummaryView::subject).map(SummaryView.Subject::ref).toList();
        String next = page.nextCursor() == null ? null : UriBuilder.fromPath("/seller/reviews")
                .queryParam("answered", nullToEmpty(filter.answered())).queryParam("rating", nullToEmpty(filter.rating()))
                .queryParam("product", nullToEmpty(filter.product())).queryParam("status", nullToEmpty(filter.status()))
                .queryParam("cursor", page.nextCursor()).build().toString();
        return Templates.inbox(pages.frame("Reviews", "seller-reviews"), filter, products,
                page.items().stream().map(SellerPortalView::card).toList(), next, REASONS);
    }

    @POST
    @Path("reviews/{id}/response")
    @RateLimited(RateLimited.Budget.WRITE)
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
        return Response.ok(Templates.inbox$card(pages.frame("Reviews", "seller-reviews"), card, REASONS)).build();
    }

    @POST
    @Path("reviews/{id}/report")
    @RateLimited(RateLimited.Budget.WRITE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response report(@PathParam("id") String id, @FormParam("reason") String reason, @FormParam("details") String details,
                           @HeaderParam("HX-Request") String htmx) {
        Caller me = session.require(Role.SELLER);
        InboxReview review = find(me, id);
        SellerPortalView.InboxCard card = SellerPortalView.card(review);
        try {
            reports.report(tenants.byId(me.tenant()), me, new ReportRequest(new ReportRequest.Target("review", id), reason, details));
            // a seller's report never hides a review of their own shop by itself: say so rather than let them expect it
            card = card.after("Reported. A moderator will look at it; until then it stays published, "
                    + "because a seller's report alone never hides a review of their own shop.", null, card.draft());
        } catch (ProblemException e) {
            String refusal = e.errors().isEmpty() ? e.getMessage() : e.errors().get(0).message();
            if (htmx == null) {
                throw new PageRefusal(e.type().status() == 404 ? 404 : 422, "Your report was not sent: " + refusal + " Go back to change it.");
            }
            card = card.after(null, "Not reported: " + refusal, card.draft());
        }
        if (htmx == null) {
            return Response.seeOther(UriBuilder.fromPath("/seller/reviews").fragment("review-" + id).build()).build();
        }
        return Response.ok(Templates.inbox$card(pages.frame("Reviews", "seller-reviews"), card, REASONS)).build();
    }

    @GET
    @Path("notices")
    @Operation(hidden = true)
    public TemplateInstance notices(@QueryParam("cursor") String cursor, @QueryParam("filed") String filed) {
        Caller me = session.require(Role.SELLER);
        NoticeDesk.Desk desk = notices.desk(me, Forms.blankToNull(cursor));
        String next = desk.nextCursor() == null ? null : UriBuilder.fromPath("/seller/notices").queryParam("cursor", desk.nextCursor()).build().toString();
        return Templates.notices(pages.frame("Notices and appeals", "seller-notices"), desk, next, filed);
    }

    @POST
    @Path("notices/appeals")
    @RateLimited(RateLimited.Budget.WRITE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response appeal(@FormParam("decision") String decision, @FormParam("grounds") String grounds) {
        AppealView appeal = notices.appeal(session.require(Role.SELLER), decision, grounds);
        return Response.seeOther(UriBuilder.fromPath("/seller/notices").queryParam("filed", appeal.id()).fragment("appeal-" + appeal.id()).build())
                .build();
    }

    @GET
    @Path("feedback")
    @Operation(hidden = true)
    public TemplateInstance feedback(@QueryParam("given") String given) {
        Caller me = session.require(Role.SELLER);
        return feedbackPage(me, given, Map.of());
    }

    @POST
    @Path("feedback/{transaction}")
    @RateLimited(RateLimited.Budget.WRITE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response giveFeedback(@PathParam("transaction") String transaction, @FormParam("rating") String rating,
                                 @FormParam("comment") String comment) {
        Caller me = session.require(Role.SELLER);
        if (rating == null || !List.of("positive", "neutral", "negative").contains(rating)) {
            return Response.status(422).entity(feedbackPage(me, null, Map.of(transaction, "Not saved: choose positive, neutral or negative."))).build();
        }
        try {
            feedback.give(me, transaction, new FeedbackRequest(rating, comment));
        } catch (ProblemException e) {
            if (e.type().status() == 404) {
                throw e;
            }
            String reason = e.errors().isEmpty() ? e.getMessage() : e.errors().get(0).message();
            return Response.status(e.type().status()).entity(feedbackPage(me, null, Map.of(transaction, "Not saved: " + reason))).build();
        }
        return Response.seeOther(UriBuilder.fromPath("/seller/feedback").queryParam("given", transaction).fragment("sale-" + transaction).build())
                .build();
    }

    private TemplateInstance feedbackPage(Caller me, String given, Map<String, String> errors) {
        Map<String, FeedbackView> mine = new HashMap<>();
        feedback.mine(me, "given", Limits.MAX_PAGE, null).items().forEach(f -> mine.putIfAbsent(f.transaction(), f));
        List<FeedbackCard> cards = feedback.due(me).stream().map(due -> {
            FeedbackView f = mine.get(due.transaction());
            String notice = f == null || !due.transaction().equals(given) ? null : "sealed".equals(f.status())
                    ? "Saved. It stays sealed until the buyer has reviewed your shop or the waiting time is over." : "Saved and shown to the buyer.";
            return new FeedbackCard(due.transaction(), SellerPortalView.date(due.completedAt()),
                    due.revealBy() == null ? null : SellerPortalView.date(due.revealBy()), f == null ? null : f.status(), f == null ? null : f.rating(),
                    f == null ? null : f.comment(), f == null || "sealed".equals(f.status()), notice, errors.get(due.transaction()));
        }).toList();
        return Templates.feedback(pages.frame("Buyer feedback", "seller-feedback"), cards, tenants.byId(me.tenant()).policy().mutualRevealDays());
    }

    private InboxReview find(Caller me, String id) {
        return seller.one(me, id);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
