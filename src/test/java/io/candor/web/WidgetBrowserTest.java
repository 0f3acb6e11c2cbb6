package io.candor.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.candor.common.Jdbc;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The storefront widget in Chromium, embedded in a page of another origin as a marketplace embeds it:
 * a shopper reads, sorts, filters, searches and loads more; a buyer with a token votes and writes a review;
 * user text stays text; listing pages share one request; German and a phone's width work.
 */
@QuarkusTest
class WidgetBrowserTest extends InChromium {

    /** Where the test instance answers: quarkus.http.test-port, 8081 unless a run moves it. */
    static final String CANDOR = "http://localhost:" + Integer.getInteger("quarkus.http.test-port", 8081);
    static final Path BUNDLE = Path.of("src/main/resources/META-INF/resources/widget/candor.js");


    @Inject
    Jdbc jdbc;

    BrowserContext context;
    Page page;
    final List<String> dialogs = new ArrayList<>();

    @BeforeEach
    void openPage() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        context.setDefaultTimeout(15_000);
        page = context.newPage();
        page.onDialog(dialog -> {
            dialogs.add(dialog.message());
            dialog.dismiss();
        });
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    @Test
    void aShopperReadsSortsFiltersSearchesAndLoadsMore() {
        // 23 reviews written in a second would be a burst; this marketplace expects them
        TestMarketplace market = TestMarketplace.create(Map.of("burstFloor", 1000));
        int[] ratings = {5, 5, 4, 5, 3, 1, 5, 2, 4, 5, 5, 4, 1, 5, 3, 5, 4, 5, 2, 5, 4, 5, 5};
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ratings.length; i++) {
            market.purchase("o-" + i, "b-" + i, "s-1", 3, "sku-lamp");
            String body = i == 6 ? "Solid brass base and a warm light." : "Review number " + i + " of this lamp, which does its job.";
            ids.add(market.review("b-" + i, "o-" + i, "sku-lamp", ratings[i], body));
        }
        String etag = market.asBuyer("b-1").get("/api/v1/me/reviews/" + ids.get(1)).header("ETag");
        market.asBuyer("b-1").header("If-Match", etag).body(Map.of("body", "Review number 1, edited after a month: still good."))
                .patch("/api/v1/reviews/" + ids.get(1)).then().statusCode(200);
        jdbc.update("UPDATE review SET redacted = true WHERE review_id = ?", List.of(UUID.fromString(ids.get(2))));
        market.asSeller("s-1").body(Map.of("body", "Thank you for the kind words!")).put("/api/v1/reviews/" + ids.get(3) + "/response")
                .then().statusCode(200);
        double average = market.anonymous().get(market.publicPath("/subjects/product/sku-lamp/summary")).jsonPath().getDouble("average");

        page.navigate(host.page("/lamp.html", "en", "<candor-reviews tenant=\"" + market.slug + "\" subject=\"product:sku-lamp\"></candor-reviews>"));
        Locator articles = page.locator("candor-reviews article");
        assertThat(page.locator("candor-reviews [data-summary]"))
                .hasText(String.format(Locale.ROOT, "%.1f out of 5, 23 reviews", average));
        assertThat(articles).hasCount(10);
        page.getByText("Show more reviews").click();
        assertThat(articles).hasCount(20);
        page.getByText("Show more reviews").click();
        assertThat(articles).hasCount(23);
        assertThat(page.getByText("Show more reviews")).hasCount(0);

        assertThat(review(ids.get(1))).containsText("Edited");
        assertThat(review(ids.get(2))).containsText("Redacted");
        assertThat(review(ids.get(0))).containsText("Verified purchase");
        assertThat(review(ids.get(3))).containsText("Response from the seller");
        assertThat(review(ids.get(3))).containsText("Thank you for the kind words!");
        assertThat(page.locator("candor-reviews a", new Page.LocatorOptions().setHasText("How ratings work")))
                .hasAttribute("href", CANDOR + "/policy/" + market.slug);

        page.getByLabel("Sort by").selectOption("lowest");
        assertThat(articles.first()).containsText("Rated 1 out of 5");
        page.getByLabel("Sort by").selectOption("highest");
        assertThat(articles.first()).containsText("Rated 5 out of 5");

        Locator fiveStars = page.locator("candor-reviews .hist button").first();
        fiveStars.click();
        assertThat(fiveStars).hasAttribute("aria-pressed", "true");
        assertThat(articles).hasCount(10);
        assertThat(articles.filter(new Locator.FilterOptions().setHasNotText("Rated 5 out of 5"))).hasCount(0);
        assertThat(page.getByLabel("Rating", new Page.GetByLabelOptions().setExact(true))).hasValue("5");

        Locator twoStars = page.locator("candor-reviews .hist button").nth(3);
        twoStars.focus();
        page.keyboard().press("Enter");
        assertThat(articles).hasCount(2);
        assertThat(articles.filter(new Locator.FilterOptions().setHasNotText("Rated 2 out of 5"))).hasCount(0);

        page.getByLabel("Rating", new Page.GetByLabelOptions().setExact(true)).selectOption("");
        page.getByLabel("Search reviews").fill("brass");
        page.getByLabel("Search reviews").press("Enter");
        assertThat(articles).hasCount(1);
        assertThat(articles.first()).containsText("Solid brass base and a warm light.");
        page.getByLabel("Search reviews").fill("xylophone");
        page.getByLabel("Search reviews").press("Enter");
        assertThat(page.locator("candor-reviews ol")).containsText("No reviews match.");
    }

    @Test
    void aBuyerWithATokenVotesAndWritesAndEditsAReview() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 3, "sku-1");
        String first = market.review("b-1", "o-1", "sku-1", 4, "Does what it says.");
        market.purchase("o-new", "b-new", "s-1", 1, "sku-1");

        page.navigate(host.page("/buyer.html", "en", "<candor-reviews tenant=\"" + market.slug + "\" subject=\"product:sku-1\" token=\""
                + market.token("b-new", "buyer") + "\" transaction=\"o-new\"></candor-reviews>"));
        review(first).getByText("Yes (0)").click();
        assertThat(review(first).getByText("Yes (1)")).isVisible();
        assertThat(review(first)).containsText("Thank you for your vote.");
        assertEquals(1, market.anonymous().get(market.publicPath("/reviews/" + first)).jsonPath().getInt("helpful.up"));

        assertThat(page.locator("candor-reviews details.w summary")).hasText("Write a review");
        page.locator("candor-reviews details.w summary").click();
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("4 stars").setExact(true)).check();
        page.getByLabel("Title (optional)").fill("Bright and steady");
        page.getByLabel("Your review").fill("Bought it for the desk; the light is even and it stays put.");
        page.getByText("Publish review").click();
        assertThat(page.locator("candor-reviews .ok")).hasText("Thank you! Your review is published.");
        assertThat(page.locator("candor-reviews article", new Page.LocatorOptions().setHasText("Bright and steady"))).hasCount(1);
        assertThat(page.locator("candor-reviews [data-summary]")).hasText("2 reviews");

        page.getByLabel("Your review").fill("Bought it for the desk; after a month the light is still even.");
        page.getByText("Save changes").click();
        assertThat(page.locator("candor-reviews .ok")).hasText("Your changes are saved.");
        String mine = market.asBuyer("b-new").get("/api/v1/me/reviews").jsonPath().getString("items[0].id");
        market.anonymous().get(market.publicPath("/reviews/" + mine)).then().statusCode(200)
                .body("body", org.hamcrest.Matchers.equalTo("Bought it for the desk; after a month the light is still even."))
                .body("labels", org.hamcrest.Matchers.hasItem("edited"));

        // disclosing an incentive: the badge appears and, by the default policy, the review leaves the rating
        page.getByLabel("Did you receive anything for this review?").selectOption("discount");
        page.getByText("Save changes").click();
        assertThat(page.locator("candor-reviews .ok")).hasText("Your changes are saved.");
        assertThat(page.locator("candor-reviews article", new Page.LocatorOptions().setHasText("after a month")).locator(".tag",
                new Locator.LocatorOptions().setHasText("Received a discount"))).hasCount(1);
        assertThat(page.locator("candor-reviews [data-summary]")).hasText("1 review");
        assertThat(page.locator("candor-reviews .sum")).containsText("1 review whose author received something for it is shown but not counted");

        page.reload();
        assertThat(page.locator("candor-reviews details.w summary")).hasText("Edit your review");
    }

    @Inject
    io.candor.invitation.InvitationLinks invitationLinks;

    @Test
    void anInvitationLinkOpensTheWriteFormForItsLine() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-inv", "b-inv", "s-1", 2, "sku-a", "sku-b");
        long tenantId = jdbc.query("SELECT tenant_id FROM tenant WHERE slug = ?", List.of(market.slug), rs -> rs.getLong(1)).get(0);
        String token = invitationLinks.token(new io.candor.invitation.InvitationLinks.Line(tenantId, "o-inv", "product", "sku-b",
                java.time.Instant.now().plus(java.time.Duration.ofDays(30))));
        // the storefront page the invitation links to names no product: the invitation says which line
        page.navigate(host.page("/invited.html", "en", "<candor-reviews tenant=\"" + market.slug + "\" token=\""
                + market.token("b-inv", "buyer") + "\" invitation=\"" + token + "\"></candor-reviews>"));
        assertThat(page.locator("candor-reviews details.w")).hasAttribute("open", "");
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("5 stars").setExact(true)).check();
        page.getByLabel("Your review").fill("Invited a week after delivery: the kettle still boils fast and quietly.");
        page.getByText("Publish review").click();
        assertThat(page.locator("candor-reviews .ok")).hasText("Thank you! Your review is published.");
        String mine = market.asBuyer("b-inv").get("/api/v1/me/reviews").jsonPath().getString("items[0].subject.ref");
        assertEquals("sku-b", mine);
        assertEquals("o-inv", market.asBuyer("b-inv").get("/api/v1/me/reviews").jsonPath().getString("items[0].transaction"));

        String expired = invitationLinks.token(new io.candor.invitation.InvitationLinks.Line(tenantId, "o-inv", "product", "sku-a",
                java.time.Instant.now().minusSeconds(60)));
        page.navigate(host.page("/invited-late.html", "en", "<candor-reviews tenant=\"" + market.slug + "\" token=\""
                + market.token("b-inv", "buyer") + "\" invitation=\"" + expired + "\"></candor-reviews>"));
        assertThat(page.locator("candor-reviews .err")).hasText("This invitation link has expired or is not valid.");
    }

    @Test
    void aHeldOrSealedReviewTellsItsAuthorWhatHappensNext() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String token = market.token("b-1", "buyer");
        page.navigate(host.page("/held.html", "en", "<candor-reviews tenant=\"" + market.slug + "\" subject=\"product:sku-1\" token=\"" + token
                + "\" transaction=\"o-1\"></candor-reviews><candor-reviews tenant=\"" + market.slug + "\" subject=\"seller:s-1\" token=\"" + token
                + "\" transaction=\"o-1\"></candor-reviews>"));
        Locator product = page.locator("candor-reviews[subject='product:sku-1']");
        product.locator("details.w summary").click();
        product.getByRole(AriaRole.RADIO, new Locator.GetByRoleOptions().setName("3 stars").setExact(true)).check();
        product.getByLabel("Your review").fill("Works, but the same lamp is cheaper at https://deals.example/lamp this week.");
        product.getByText("Publish review").click();
        assertThat(product.locator("details.w .ok")).hasText("Thank you! Your review appears once a moderator has checked it.");
        assertThat(product.locator("article")).hasCount(0);

        Locator shop = page.locator("candor-reviews[subject='seller:s-1']");
        shop.locator("details.w summary").click();
        shop.getByRole(AriaRole.RADIO, new Locator.GetByRoleOptions().setName("5 stars").setExact(true)).check();
        shop.getByLabel("Your review").fill("Quick to answer and the parcel came the next day.");
        shop.getByText("Publish review").click();
        assertThat(shop.locator("details.w .ok")).hasText("Thank you! Your review stays sealed until the seller has left feedback or the waiting time is over.");

        page.reload();
        product.locator("details.w summary").click();
        assertThat(product.locator("details.w")).containsText("Status: waiting for a moderator");
        shop.locator("details.w summary").click();
        assertThat(shop.locator("details.w")).containsText("Status: sealed until the seller has left feedback");
    }

    @Test
    void aTokenHandedOverLaterEnablesVotingOnEveryWidget() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 3, "sku-1");
        String first = market.review("b-1", "o-1", "sku-1", 5, "Lovely.");
        page.navigate(host.page("/later.html", "en", "<candor-reviews tenant=\"" + market.slug + "\" subject=\"product:sku-1\"></candor-reviews>"));
        assertThat(review(first)).containsText("Lovely.");
        assertThat(review(first).getByText("Yes (0)")).hasCount(0);
        page.evaluate("token => candorReviews.setToken(token)", market.token("b-2", "buyer"));
        review(first).getByText("Yes (0)").click();
        assertThat(review(first).getByText("Yes (1)")).isVisible();
    }

    @Test
    void userTextIsShownAsTextNeverAsMarkup() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 3, "sku-1");
        String id = market.asBuyer("b-1").body(Map.of("transaction", "o-1", "subject", Map.of("type", "product", "ref", "sku-1"), "rating", 1,
                        "title", "<script>alert('title')</script>", "body", "<img src=x onerror=alert(1)> broke on day one"))
                .post("/api/v1/reviews").then().statusCode(201).extract().path("id");
        market.asSeller("s-1").body(Map.of("body", "<b onmouseover=alert(3)>Sorry</b>")).put("/api/v1/reviews/" + id + "/response")
                .then().statusCode(200);

        page.navigate(host.page("/xss.html", "en", "<candor-reviews tenant=\"" + market.slug + "\" subject=\"product:sku-1\"></candor-reviews>"));
        assertThat(review(id)).containsText("<img src=x onerror=alert(1)> broke on day one");
        assertThat(review(id)).containsText("<script>alert('title')</script>");
        assertThat(review(id)).containsText("<b onmouseover=alert(3)>Sorry</b>");
        assertEquals(0, page.locator("candor-reviews img, candor-reviews script, candor-reviews b").count());
        review(id).hover();
        assertEquals(List.of(), dialogs, "no script from a review ever runs");
    }

    @Test
    void aListingPageFetchesAllItsStarsWithOneRequest() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 3, "p-3");
        market.review("b-1", "o-1", "p-3", 4, "Good.");
        StringBuilder listing = new StringBuilder("<ul>");
        for (int i = 1; i <= 30; i++) {
            listing.append("<li>Product ").append(i).append(" <candor-stars tenant=\"").append(market.slug)
                    .append("\" subject=\"product:p-").append(i).append("\"></candor-stars></li>");
        }
        AtomicInteger batches = new AtomicInteger();
        page.onRequest(request -> {
            if (request.url().contains("/summaries?")) {
                batches.incrementAndGet();
            }
        });
        page.navigate(host.page("/listing.html", "en", listing.append("</ul>").toString()));
        assertThat(page.locator("candor-stars .m")).hasCount(30);
        assertThat(page.locator("candor-stars[subject='product:p-3']")).containsText("1 review");
        assertThat(page.locator("candor-stars[subject='product:p-7']")).containsText("No reviews yet.");
        assertEquals(1, batches.get(), "thirty stars, one request");
        Chromium.assertAccessible(page, "a listing page with <candor-stars>");
    }

    @Test
    void germanOnAPhoneIsReadableAndAccessible() {
        TestMarketplace market = TestMarketplace.create(Map.of("minReviewsForAverage", 1, "mutualRevealDays", 0));
        market.purchase("o-1", "b-1", "s-1", 3, "sku-1");
        market.purchase("o-2", "b-2", "s-1", 3, "sku-2");
        market.review("b-1", "o-1", "sku-1", 4, "Gute Lampe, helles Licht.");
        market.asBuyer("b-2").body(Map.of("transaction", "o-2", "subject", Map.of("type", "seller", "ref", "s-1"), "rating", 5, "body", "Schnell.",
                "aspects", Map.of("asDescribed", 5, "communication", 4, "delivery", 5))).post("/api/v1/reviews").then().statusCode(201);
        page.setViewportSize(360, 800);
        page.navigate(host.page("/de.html", "de", "<candor-reviews tenant=\"" + market.slug + "\" subject=\"product:sku-1\"></candor-reviews>"
                + "<candor-reviews tenant=\"" + market.slug + "\" subject=\"seller:s-1\" token=\"" + market.token("b-9", "buyer") + "\"></candor-reviews>"));
        assertThat(page.locator("candor-reviews[subject='product:sku-1'] [data-summary]")).hasText("4,0 von 5, 1 Bewertung");
        assertThat(page.locator("candor-reviews[subject='seller:s-1']")).containsText("Kommunikation: 4,0");
        assertThat(page.locator("candor-reviews time").first()).hasText(java.util.regex.Pattern.compile("\\d{2}\\.\\d{2}\\.\\d{4}"));
        assertTrue((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= 360"), "no sideways scrolling at 360 px");
        Chromium.assertAccessible(page, "the widget in German at 360 px");
        page.setViewportSize(1280, 900);
        Chromium.assertAccessible(page, "the widget at 1280 px");
    }

    @Test
    void photosLoadLazilyOpenInAKeyboardViewerAndABuyerAddsOneWithAltText() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 3, "sku-1");
        String a = io.candor.review.ReviewPhotosTest.upload(market, "b-1", io.candor.media.TestImages.encode(io.candor.media.TestImages.card(800, 600), "jpeg"));
        String b = io.candor.review.ReviewPhotosTest.upload(market, "b-1", io.candor.media.TestImages.encode(io.candor.media.TestImages.card(600, 800), "png"));
        String id = market.asBuyer("b-1").body(io.candor.review.ReviewPhotosTest.review("o-1", "sku-1", List.of(Map.of("id", a, "alt", "The lamp on a desk"),
                Map.of("id", b, "alt", "The lamp's switch, close up")))).post("/api/v1/reviews").then().statusCode(201).extract().path("id");
        market.purchase("o-new", "b-new", "s-1", 1, "sku-1");
        page.navigate(host.page("/photos.html", "en", "<candor-reviews tenant=\"" + market.slug + "\" subject=\"product:sku-1\" token=\""
                + market.token("b-new", "buyer") + "\" transaction=\"o-new\"></candor-reviews>"));
        Locator thumbs = review(id).locator(".ph img");
        assertThat(thumbs).hasCount(2);
        assertThat(thumbs.first()).hasAttribute("loading", "lazy");
        assertThat(thumbs.first()).hasAttribute("alt", "The lamp on a desk");

        review(id).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("The lamp on a desk")).click();
        Locator viewer = page.locator("candor-reviews dialog");
        assertThat(viewer).isVisible();
        assertThat(viewer).containsText("Photo 1 of 2");
        assertThat(viewer.locator("img")).hasAttribute("alt", "The lamp on a desk");
        Chromium.assertAccessible(page, "the photo viewer");
        page.keyboard().press("ArrowRight");
        assertThat(viewer).containsText("Photo 2 of 2");
        assertThat(viewer.locator("img")).hasAttribute("alt", "The lamp's switch, close up");
        assertTrue(Chromium.imageLoads(viewer.locator("img")), "the display size loaded");
        // a signed-in shopper reports the photo shown, from the viewer
        viewer.getByText("Report this photo").click();
        viewer.getByLabel("Reason").selectOption("off-topic");
        viewer.getByLabel("What is wrong with it?").fill("A picture of a switch from another lamp.");
        viewer.getByText("Send report").click();
        assertThat(viewer.locator("[role=status]")).hasText("Thank you. A moderator will look at it.");
        assertTrue(market.openCase("photo", b) != null, "the report opened a case on the photo");
        page.keyboard().press("Escape");
        assertThat(viewer).hasCount(0);
        assertEquals("The lamp on a desk", page.evaluate("() => document.querySelector('candor-reviews').shadowRoot.activeElement.querySelector('img').alt"),
                "focus is back on the thumbnail that opened the viewer");

        page.locator("candor-reviews details.w summary").click();
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("5 stars").setExact(true)).check();
        page.getByLabel("Your review").fill("Sturdy, and the light is warm.");
        byte[] photo = io.candor.media.TestImages.jpegWithMetadata(io.candor.media.TestImages.card(640, 480), 1);
        page.getByLabel("Photos (optional)").setInputFiles(new com.microsoft.playwright.options.FilePayload("IMG_0001.jpg", "image/jpeg", photo));
        page.getByLabel("Describe photo 1 for people who cannot see it").fill("The lamp switched on at night");
        Chromium.assertAccessible(page, "the write form with a photo");
        page.getByText("Publish review").click();
        assertThat(page.locator("candor-reviews .ok")).hasText("Thank you! Your review is published.");
        io.restassured.response.Response mine = market.asBuyer("b-new").get("/api/v1/me/reviews").then().statusCode(200).extract().response();
        assertEquals("The lamp switched on at night", mine.path("items[0].photos[0].alt"));
        byte[] served = market.anonymous().get((String) mine.path("items[0].photos[0].url")).then().statusCode(200).extract().asByteArray();
        for (String marker : io.candor.media.TestImages.MARKERS) {
            assertTrue(!io.candor.media.TestImages.contains(served, marker), "served photo holds " + marker);
        }
        assertThat(page.locator("candor-reviews article", new Page.LocatorOptions().setHasText("the light is warm")).locator(".ph img")).hasCount(1);
    }

    @Test
    void theBundleStaysUnder15KilobytesGzipped() throws Exception {
        byte[] source = Files.readAllBytes(BUNDLE);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(source);
        }
        assertTrue(gz.size() < 15 * 1024, "candor.js is " + gz.size() + " bytes gzipped");
        String text = new String(source, StandardCharsets.UTF_8);
        assertTrue(!text.contains("innerHTML") && !text.contains("insertAdjacentHTML") && !text.contains("eval("),
                "the widget never turns text into markup or code");
        assertTrue(!text.matches("(?s).*https?://.*"), "the widget talks to no other host than its own origin");
    }

    private Locator review(String id) {
        return page.locator("candor-reviews article[data-review='" + id + "']");
    }
}
