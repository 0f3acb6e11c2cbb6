package io.candor.moderation;

import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.candor.tenant.TenantPolicy;

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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The rules a marketplace's reviews live by, published so anyone can check how a score came about. */
@Path("/api/v1/public/{tenant}/policy")
@RateLimited(RateLimited.Budget.PUBLIC_READ)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Public")
@APIResponse(responseCode = "429", description = "rate-limited: too many reads from this address")
public class PublicPolicyResource {

    private final TenantDirectory tenants;
    private final HttpCaching caching;

    public PublicPolicyResource(TenantDirectory tenants, HttpCaching caching) {
        this.tenants = tenants;
        this.caching = caching;
    }

    /**
     * The published policy: the rules' values and what they mean in plain language, the content rules that
     * moderation decisions cite, and the automated checks every text goes through.
     */
    public record PublishedPolicy(String marketplace, String displayName, PublicRules policy, String ratings, String reviews, String moderation,
                                  List<ContentRule> contentRules, List<Check> automatedChecks) {
    }

    /** One content rule, as decisions and notices cite it. */
    public record ContentRule(String code, int version, String title, String covers) {
    }

    /** One automated check and what its finding does. */
    public record Check(String code, String effect) {
    }

    static final List<Check> CHECKS = List.of(
            new Check("personal-information", "E-mail addresses, phone numbers, links with credentials, payment card numbers (Luhn), IBANs "
                    + "(mod-97), national identity numbers (by their checksums) and postal addresses are replaced with "
                    + "\"[personal information removed]\" before the text is stored; the review is labelled redacted and its author told."),
            new Check("blocked-words", "Words on the marketplace's list, however they are spelled, hold the text for a moderator."),
            new Check("links", "Links to sites other than the marketplace's hold the text for a moderator."),
            new Check("duplicate-text", "The same text as another review in the last 30 days holds the review for a moderator."),
            new Check("burst", "Far more reviews of one product or seller in a day than usual holds the new ones, gathered in one case, "
                    + "whether they are praise or criticism."),
            new Check("conflict-of-interest", "A seller cannot review their own shop or a product they sell."));

    /** The policy fields that are public; word lists for the automated checks are not published, to keep them effective. */
    public record PublicRules(boolean requireVerifiedPurchase, int reviewWindowDays, int editWindowDays, int mutualRevealDays,
                              int recentWindowDays, double priorWeight, double priorMean, int minReviewsForAverage, int appealWindowDays,
                              int unverifiedReviewsPerWeek, boolean countIncentivizedReviews) {
    }

    @GET
    @Operation(summary = "How this marketplace's ratings are computed and its reviews moderated")
    @APIResponseSchema(value = PublishedPolicy.class, responseDescription = "The published policy")
    public Response policy(@PathParam("tenant") String slug, @HeaderParam("If-None-Match") String ifNoneMatch) {
        TenantContext tenant = tenants.requireSlug(slug);
        TenantPolicy p = tenant.policy();
        PublicRules rules = new PublicRules(p.requireVerifiedPurchase(), p.reviewWindowDays(), p.editWindowDays(), p.mutualRevealDays(),
                p.recentWindowDays(), p.priorWeight(), p.priorMean(), p.minReviewsForAverage(), p.appealWindowDays(),
                p.unverifiedReviewsPerWeek(), p.countIncentivizedReviews());
        List<ContentRule> contentRules = PolicyCatalog.POLICIES.stream().map(r -> new ContentRule(r.code(), r.version(), r.title(), r.covers())).toList();
        return caching.cacheable(ifNoneMatch, new PublishedPolicy(tenant.slug(), tenant.displayName(), rules, ratingsText(p), reviewsText(p),
                moderationText(p), contentRules, CHECKS));
    }

    public static String ratingsText(TenantPolicy p) {
        return "Only reviews by buyers with a completed purchase count towards a rating. The average is the plain mean of those "
                + "reviews' stars and is shown once a product or seller has at least " + p.minReviewsForAverage() + " of them. "
                + "The weighted average adds " + fmt(p.priorWeight()) + " imaginary reviews of " + fmt(p.priorMean()) + " stars, "
                + "so that a handful of reviews cannot make or break a score: (" + fmt(p.priorWeight()) + " × " + fmt(p.priorMean())
                + " + sum of stars) ÷ (" + fmt(p.priorWeight()) + " + number of reviews). The recent figures cover the last "
                + p.recentWindowDays() + " days, so old reviews fade and every seller can recover. Reviews hidden by a moderator, "
                + "withdrawn by their author or still waiting for review do not count. "
                + (p.countIncentivizedReviews()
                ? "Reviews whose authors received something for them (a free product, a discount, a payment) count like the others and carry a badge. "
                : "Reviews whose authors received something for them (a free product, a discount, a payment) are shown with a badge but do not count "
                + "towards the rating; the summary says how many there are. ")
                + "Scores belong to this marketplace only: "
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

    public static String moderationText(TenantPolicy p) {
        return "Moderators act only on the content rules below, and never because a review is negative: the transparency report "
                + "publishes how often reviews of each star rating are removed. Anyone can report a review or a seller's answer. "
                + "Reports of personal information or illegal content can hide it until a moderator decides; nothing else hides "
                + "content before a decision, and a seller's reports of reviews of their own shop never do. Every decision names the "
                + "rule and gives reasons to the author and to the reporters. The author of removed or redacted content, and the "
                + "reporters of content that was kept, can appeal once within " + p.appealWindowDays() + " days; a different moderator "
                + "decides, never a machine. Removed content is hidden, not deleted, while it can still be appealed.";
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
