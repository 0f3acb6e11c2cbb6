package io.candor.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seller portal as a marketplace's seller reaches it: signed in by the marketplace's own form, answering
 * a review inline, and the storefront widget showing the answer. Also the pages outside demo mode.
 */
@QuarkusTest
class PortalBrowserTest extends InChromium {


    BrowserContext context;
    Page page;
    final List<String> policyViolations = new ArrayList<>();

    @BeforeEach
    void openPage() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        context.setDefaultTimeout(15_000);
        page = context.newPage();
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                policyViolations.add(message.text());
            }
        });
    }

    @AfterEach
    void closePage() {
        context.close();
        assertEquals(List.of(), policyViolations, "the pages work within their Content-Security-Policy");
    }

    @Test
    void aSellerSignedInByTheMarketplaceAnswersAReviewAndTheWidgetShowsIt() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 20, "sku-1");
        market.purchase("o-2", "b-2", "s-1", 10, "sku-2");
        market.purchase("o-3", "b-3", "s-1", 5, "sku-1");
        String cable = market.review("b-1", "o-1", "sku-1", 2, "The cable is too short for my desk.");
        market.review("b-2", "o-2", "sku-2", 5, "Perfect.");
        String photo = io.candor.review.ReviewPhotosTest.upload(market, "b-3", io.candor.media.TestImages.encode(io.candor.media.TestImages.card(400, 300), "jpeg"));
        String withPhoto = market.asBuyer("b-3").body(io.candor.review.ReviewPhotosTest.review("o-3", "sku-1", List.of(Map.of("id", photo, "alt", "The lamp at night"))))
                .post("/api/v1/reviews").then().statusCode(201).extract().path("id");

        market.allowSignInFrom(host.origin());

        page.navigate(host.page("/account.html", "en", "<form method=\"post\" action=\"" + WidgetBrowserTest.CANDOR + "/signin/" + market.slug + "\">"
                + "<input type=\"hidden\" name=\"token\" value=\"" + market.token("s-1", "seller") + "\">"
                + "<button type=\"submit\">Open the seller portal</button></form>"));
        page.getByText("Open the seller portal").click();
        page.waitForURL(WidgetBrowserTest.CANDOR + "/seller");
        assertThat(page.locator("h1")).hasText("Seller dashboard");
        assertThat(page.locator("#to-answer + p .figure")).hasText("3");
        assertThat(page.locator("svg.trend rect.bar")).hasCount(12);
        assertThat(page.locator("article.card h3")).hasText(new String[]{"sku-1", "sku-2"});
        Chromium.assertAccessible(page, "the seller dashboard");

        page.getByText("Answer reviews").click();
        Locator shown = page.locator("#review-" + withPhoto + " ul.photos img");
        assertThat(shown).hasAttribute("alt", "The lamp at night");
        assertTrue(Chromium.imageLoads(shown), "the review's photo loads in the portal");
        Locator card = page.locator("#review-" + cable);
        card.getByText("Answer publicly").click();
        card.getByLabel("Your public answer").fill("Sorry about that! A longer cable is on its way to you.");
        card.getByText("Publish answer").click();
        assertThat(page.locator("#review-" + cable + " .notice")).hasText("Your answer is published.");
        assertThat(page.locator("#review-" + cable + " .response")).containsText("A longer cable is on its way");
        assertEquals(WidgetBrowserTest.CANDOR + "/seller/reviews?answered=false", page.url(), "answered in place, without leaving the page");
        page.getByLabel("Answered").selectOption("");
        page.getByLabel("Rating").selectOption("2");
        page.getByText("Show", new Page.GetByTextOptions().setExact(true)).click();
        assertThat(page.locator("article.review")).hasCount(1);
        Chromium.assertAccessible(page, "the seller's reviews inbox");

        BrowserContext shopper = browser.newContext();
        Page storefront = shopper.newPage();
        storefront.navigate(host.page("/sku-1.html", "en", "<candor-reviews tenant=\"" + market.slug + "\" subject=\"product:sku-1\"></candor-reviews>"));
        Locator answered = storefront.locator("candor-reviews article[data-review='" + cable + "']");
        assertThat(answered).containsText("Response from the seller");
        assertThat(answered).containsText("Sorry about that! A longer cable is on its way to you.");
        shopper.close();
    }

    @Test
    void aSellerAppealsARemovedAnswerReportsAReviewAndLeavesFeedbackOnABuyer() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 20, "sku-1");
        market.purchase("o-2", "b-2", "s-1", 2, "sku-2");
        String broken = market.review("b-1", "o-1", "sku-1", 1, "It broke on the first evening.");
        String rude = market.review("b-2", "o-2", "sku-2", 3, "Fine lamp. Read my blog about lamps instead of buying here.");
        String answer = market.asSeller("s-1").body(Map.of("body", "You clearly dropped it, be honest."))
                .put("/api/v1/reviews/" + broken + "/response").then().statusCode(200).extract().path("id");
        String caseId = market.asModerator("mod-1").body(Map.of("target", Map.of("type", "response", "id", answer)))
                .post("/api/v1/moderation/cases").then().statusCode(201).extract().path("id");
        market.decide("mod-1", caseId, "remove", "harassment", "Answers may disagree, but not accuse the buyer.");

        market.allowSignInFrom(host.origin());

        page.navigate(host.page("/seller-account.html", "en", "<form method=\"post\" action=\"" + WidgetBrowserTest.CANDOR + "/signin/" + market.slug + "\">"
                + "<input type=\"hidden\" name=\"token\" value=\"" + market.token("s-1", "seller") + "\">"
                + "<input type=\"hidden\" name=\"next\" value=\"/seller/notices\">"
                + "<button type=\"submit\">Your notices</button></form>"));
        page.getByText("Your notices").click();
        page.waitForURL(WidgetBrowserTest.CANDOR + "/seller/notices");
        Locator notice = page.locator("article.notice-card").first();
        assertThat(notice).containsText("Removed");
        assertThat(notice).containsText("Harassment and threats (version 1)");
        assertThat(notice).containsText("Answers may disagree, but not accuse the buyer.");
        notice.getByText("Appeal this decision").click();
        notice.getByLabel("Why is the decision wrong?").fill("I asked a question; I did not accuse anyone.");
        notice.getByText("Send the appeal").click();
        assertThat(page.locator("p.notice")).containsText("Your appeal is filed.");
        assertThat(page.locator("article.notice-card").first()).containsText("Waiting for a moderator who did not make the decision");
        assertEquals("pending", market.asSeller("s-1").get("/api/v1/me/appeals").jsonPath().getString("items[0].status"));
        Chromium.assertAccessible(page, "the seller's notices and appeals");
        Screenshots.take(page, "seller-notices");

        page.navigate(WidgetBrowserTest.CANDOR + "/seller/reviews");
        Locator card = page.locator("#review-" + rude);
        card.getByText("Report this review").click();
        card.getByLabel("Which rule does it break?").selectOption("spam");
        card.getByLabel("What is wrong with it?").fill("It advertises a blog.");
        card.getByText("Send report").click();
        assertThat(page.locator("#review-" + rude + " .notice")).containsText("Reported. A moderator will look at it");
        assertEquals(WidgetBrowserTest.CANDOR + "/seller/reviews", page.url(), "reported in place");
        assertEquals(1, ((Number) market.openCase("review", rude).get("reportCount")).intValue());
        Chromium.assertAccessible(page, "the inbox with a report form");

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Buyer feedback")).click();
        assertThat(page.locator("h1")).hasText("Feedback on your buyers");
        Locator sale = page.locator("#sale-o-2");
        assertThat(page.locator("#sale-o-1")).hasCount(0);
        sale.getByText("Leave feedback").click();
        sale.getByLabel("Positive").check();
        sale.getByLabel("Comment for the buyer (optional)").fill("Paid at once, thank you.");
        sale.getByText("Save feedback").click();
        assertThat(page.locator("#sale-o-2 .notice")).containsText("Saved. It stays sealed");
        assertThat(page.locator("#sale-o-2")).containsText("Your feedback: positive");
        assertEquals("sealed", market.asSeller("s-1").get("/api/v1/seller/feedback-due").jsonPath().getString("find { it.transaction == 'o-2' }.feedback"));
        Chromium.assertAccessible(page, "the buyer feedback page");
        Screenshots.take(page, "seller-feedback");
    }

    @Test
    void withoutASellerSessionThePortalAsksToSignIn() {
        page.navigate(WidgetBrowserTest.CANDOR + "/seller/reviews");
        assertEquals(WidgetBrowserTest.CANDOR + "/signin?next=%2Fseller%2Freviews", page.url());
        assertThat(page.locator("h1")).hasText("Sign in");
        Chromium.assertAccessible(page, "the sign-in page");
    }

    @Test
    void thePagesOutsideDemoModeAreAccessible() {
        TestMarketplace market = TestMarketplace.create();
        page.navigate(WidgetBrowserTest.CANDOR + "/");
        assertThat(page.locator("h1")).hasText("Candor");
        assertThat(page.locator("a[href='/q/openapi']")).hasCount(1);
        Chromium.assertAccessible(page, "the page about Candor");
        Screenshots.take(page, "about");

        page.navigate(WidgetBrowserTest.CANDOR + "/policy/" + market.slug);
        assertThat(page.locator("h1")).hasText("How ratings work at Test " + market.slug);
        Chromium.assertAccessible(page, "how ratings work");

        assertEquals(404, page.navigate(WidgetBrowserTest.CANDOR + "/signin/demo").status());
        assertThat(page.locator("h1")).hasText("Not found");
        Chromium.assertAccessible(page, "the page for something not found");
    }
}
