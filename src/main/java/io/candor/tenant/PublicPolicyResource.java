package io.candor.tenant;

import io.candor.common.HttpCaching;
import io.candor.common.RateLimited;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The rules a marketplace's reviews live by, published so anyone can check how a score came about. */
@Path("/api/v1/public/{tenant}/policy")
@RateLimited(RateLimited.Budget.PUBLIC_READ)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Public")
public class PublicPolicyResource {

    private final TenantDirectory tenants;
    private final HttpCaching caching;

    public PublicPolicyResource(TenantDirectory tenants, HttpCaching caching) {
        this.tenants = tenants;
        this.caching = caching;
    }

    /** The published policy: the rules' values and what they mean in plain language. */
    public record PublishedPolicy(String marketplace, String displayName, PublicRules policy, String ratings, String reviews) {
    }

    /** The policy fields that are public; word lists for the automated checks are not published, to keep them effective. */
    public record PublicRules(boolean requireVerifiedPurchase, int reviewWindowDays, int editWindowDays, int mutualRevealDays,
                              int recentWindowDays, double priorWeight, double priorMean, int minReviewsForAverage, int appealWindowDays,
                              int unverifiedReviewsPerWeek) {
    }

    @GET
    @Operation(summary = "How this marketplace's ratings are computed and its reviews moderated")
    public Response policy(@PathParam("tenant") String slug, @HeaderParam("If-None-Match") String ifNoneMatch) {
        TenantContext tenant = tenants.requireSlug(slug);
        TenantPolicy p = tenant.policy();
        PublicRules rules = new PublicRules(p.requireVerifiedPurchase(), p.reviewWindowDays(), p.editWindowDays(), p.mutualRevealDays(),
                p.recentWindowDays(), p.priorWeight(), p.priorMean(), p.minReviewsForAverage(), p.appealWindowDays(),
                p.unverifiedReviewsPerWeek());
        return caching.cacheable(ifNoneMatch, new PublishedPolicy(tenant.slug(), tenant.displayName(), rules, ratingsText(p), reviewsText(p)));
    }

    public static String ratingsText(TenantPolicy p) {
        return "Only reviews by buyers with a completed purchase count towards a rating. The average is the plain mean of those "
                + "reviews' stars and is shown once a product or seller has at least " + p.minReviewsForAverage() + " of them. "
                + "The weighted average adds " + fmt(p.priorWeight()) + " imaginary reviews of " + fmt(p.priorMean()) + " stars, "
                + "so that a handful of reviews cannot make or break a score: (" + fmt(p.priorWeight()) + " × " + fmt(p.priorMean())
                + " + sum of stars) ÷ (" + fmt(p.priorWeight()) + " + number of reviews). The recent figures cover the last "
                + p.recentWindowDays() + " days, so old reviews fade and every seller can recover. Reviews hidden by a moderator, "
                + "withdrawn by their author or still waiting for review do not count. Scores belong to this marketplace only: "
                + "they are never combined with other marketplaces, and buyers have no score at all.";
    }

    public static String reviewsText(TenantPolicy p) {
        return "Buyers can review each product they bought and the seller, within " + p.reviewWindowDays() + " days of the purchase, "
                + "and edit their review for " + p.editWindowDays() + " days; earlier versions are kept. "
                + (p.mutualRevealDays() > 0 ? "A buyer's review of a seller and the seller's feedback on the buyer stay sealed until both "
                + "are written or " + p.mutualRevealDays() + " days have passed, so neither can retaliate. " : "")
                + "Reviews are never hidden for being negative. Anyone whose review is acted on gets a statement of reasons and can "
                + "appeal within " + p.appealWindowDays() + " days to a different moderator.";
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
