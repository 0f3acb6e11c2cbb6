package io.candor.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.candor.moderation.PolicyCatalog;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The moderation console as a marketplace's moderator reaches it (signed in by the marketplace's own form): the edit
 * history as a word diff, redacting the words selected in the text, and the same decision without any script.
 */
@QuarkusTest
class ConsoleBrowserTest extends InChromium {


    final List<BrowserContext> contexts = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    @AfterEach
    void closeContexts() {
        contexts.forEach(BrowserContext::close);
        assertEquals(List.of(), problems, "no CSP violation, no script from a review");
    }

    @Test
    void aModeratorReadsTheEditsAsADiffAndRedactsTheSelectedWords() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-author", "s-1", 3, "sku-1");
        String id = market.asBuyer("b-author").body(Map.of("transaction", "o-1", "subject", Map.of("type", "product", "ref", "sku-1"), "rating", 4,
                        "title", "Bright <img src=x onerror=alert(1)>", "body", "Bright lamp, the cable is short."))
                .post("/api/v1/reviews").then().statusCode(201).extract().path("id");
        String etag = market.asBuyer("b-author").get("/api/v1/me/reviews/" + id).header("ETag");
        market.asBuyer("b-author").header("If-Match", etag)
                .body(Map.of("rating", 2, "body", "Bright lamp, but the cable is far too short and the packers are clowns."))
                .patch("/api/v1/reviews/" + id).then().statusCode(200);
        market.report("b-reporter", id, "offensive");

        Page page = signedIn(market, "mod-first", "/moderation", true);
        page.locator("article.case", new Page.LocatorOptions().setHasText("Review " + id.substring(id.length() - 8))).getByText("Open the case").click();
        assertThat(page.locator(".content .title[data-redactable]")).hasText("Bright <img src=x onerror=alert(1)>");
        assertEquals(0, page.locator(".content img").count(), "review text is text in the console too");
        assertThat(page.locator(".history")).containsText("rating 4 → 2 stars");
        List<String> added = page.locator(".history ins").allTextContents();
        List<String> removed = page.locator(".history del").allTextContents();
        assertTrue(added.stream().anyMatch(t -> t.contains("far too")), "added words are marked: " + added);
        assertTrue(removed.stream().anyMatch(t -> t.contains("short.")), "removed words are marked: " + removed);

        page.evaluate("text => { const el = document.querySelector('.content .body[data-redactable]'); const node = el.firstChild;"
                + " const start = node.textContent.indexOf(text); const range = document.createRange(); range.setStart(node, start);"
                + " range.setEnd(node, start + text.length); const s = document.getSelection(); s.removeAllRanges(); s.addRange(range);"
                + " el.dispatchEvent(new MouseEvent('mouseup', {bubbles: true})); }", "the packers are clowns");
        assertThat(page.getByLabel("Text to remove")).hasValue("the packers are clowns");
        assertThat(page.getByLabel("Redact: remove only the quoted text")).isChecked();
        page.getByLabel("Rule", new Page.GetByLabelOptions().setExact(true)).selectOption("harassment");
        assertThat(page.getByLabel(Pattern.compile("^Statement of reasons"))).hasValue(PolicyCatalog.find("harassment").orElseThrow().statement());
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Decide").setExact(true)).click();
        assertThat(page.locator("p.notice")).containsText("Decided: redacted.");
        assertThat(page.locator(".content .body[data-redactable]")).hasText("Bright lamp, but the cable is far too short and " + "[removed by a moderator].");

        Page shop = context(true).newPage();
        watch(shop);
        shop.navigate(host.page("/redacted.html", "en", "<candor-reviews tenant=\"" + market.slug + "\" subject=\"product:sku-1\"></candor-reviews>"));
        assertThat(shop.locator("candor-reviews article[data-review='" + id + "']")).containsText("[removed by a moderator]");
        assertThat(shop.locator("candor-reviews article[data-review='" + id + "']")).containsText("Redacted");
    }

    @Test
    void aReportedPhotoIsShownWithItsReviewAndRemovedAlone() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-author", "s-1", 3, "sku-1");
        String keep = io.candor.review.ReviewPhotosTest.upload(market, "b-author", io.candor.media.TestImages.encode(io.candor.media.TestImages.card(300, 200), "jpeg"));
        String bad = io.candor.review.ReviewPhotosTest.upload(market, "b-author", io.candor.media.TestImages.encode(io.candor.media.TestImages.card(200, 300), "png"));
        String review = market.asBuyer("b-author").body(io.candor.review.ReviewPhotosTest.review("o-1", "sku-1", List.of(Map.of("id", keep, "alt", "The lamp"),
                Map.of("id", bad, "alt", "A shipping label")))).post("/api/v1/reviews").then().statusCode(201).extract().path("id");
        market.asBuyer("b-reporter").body(Map.of("target", Map.of("type", "photo", "id", bad), "reason", "spam", "details", "An advert."))
                .post("/api/v1/reports").then().statusCode(202);

        Page page = signedIn(market, "mod-photo", "/moderation", true);
        page.locator("article.case", new Page.LocatorOptions().setHasText("A shipping label")).getByText("Open the case").click();
        assertThat(page.locator(".content h3")).containsText("Photo in a review");
        assertThat(page.locator(".content .body")).hasText("The lamp is bright and sturdy.");
        Locator photo = page.locator(".content ul.photos img");
        assertThat(photo).hasCount(1);
        assertThat(photo).hasAttribute("alt", "A shipping label");
        assertTrue(Chromium.imageLoads(photo), "the console loads the photo with its session");
        Chromium.assertAccessible(page, "a photo's case");
        page.getByLabel("Remove: hide it from everyone but its author").check();
        page.getByLabel("Rule", new Page.GetByLabelOptions().setExact(true)).selectOption("spam");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Decide").setExact(true)).click();
        assertThat(page.locator("p.notice")).containsText("Decided: removed.");
        assertThat(page.locator(".content ul.photos .tag")).hasText("removed");
        market.anonymous().get(market.publicPath("/reviews/" + review)).then().statusCode(200)
                .body("photos.id", org.hamcrest.Matchers.equalTo(List.of(keep)));
    }

    @Test
    void withoutScriptsTheDecisionFormTakesATypedQuoteAndTheRulesStandardStatement() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-author", "s-1", 3, "sku-1");
        String id = market.review("b-author", "o-1", "sku-1", 1, "Broke at once. The courier was a complete moron.");
        market.report("b-reporter", id, "spam");

        Page page = signedIn(market, "mod-noscript", "/moderation", false);
        page.locator("article.case", new Page.LocatorOptions().setHasText("Review " + id.substring(id.length() - 8))).getByText("Claim").click();
        assertThat(page.locator("h1")).containsText("Review");
        assertThat(page.locator("p.meta").first()).containsText("claimed by you");
        page.getByLabel("Redact: remove only the quoted text").check();
        page.getByLabel("Rule", new Page.GetByLabelOptions().setExact(true)).selectOption("offensive");
        page.getByLabel(Pattern.compile("^Statement of reasons")).fill("");
        page.getByLabel("Text to remove").fill("a complete moron");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Decide").setExact(true)).click();
        assertThat(page.locator("p.notice")).containsText("Decided: redacted.");
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(200)
                .body("body", equalTo("Broke at once. The courier was " + "[removed by a moderator]."))
                .body("labels", hasItem("redacted"));
        market.asBuyer("b-author").get("/api/v1/me/notices").then().statusCode(200)
                .body("items[0].statement", equalTo(PolicyCatalog.find("offensive").orElseThrow().statement()));

        page.navigate(WidgetBrowserTest.CANDOR + "/moderation/audit/verify");
        assertThat(page.locator("#verdict")).containsText("The log holds");
    }

    @Test
    void theQueueSortsByAgeOrPriorityAndPagesOnThroughItsCursor() {
        TestMarketplace market = TestMarketplace.create(Map.of("burstFloor", 1000));
        List<String> reviews = new ArrayList<>();
        for (int i = 1; i <= 22; i++) {
            market.purchase("o-" + i, "b-" + i, "s-1", 2, "sku-1");
            String id = market.review("b-" + i, "o-" + i, "sku-1", 1 + i % 5, "Lamp number " + i + " arrived with a dent in the shade.");
            market.report("b-reporter", id, "spam");
            reviews.add(id);
        }
        market.report("b-second", reviews.get(21), "spam");

        Page page = signedIn(market, "mod-pager", "/moderation?sort=oldest", true);
        assertThat(page.locator("article.case")).hasCount(20);
        assertThat(page.locator("article.case").first()).containsText(reviews.get(0).substring(reviews.get(0).length() - 8));
        page.getByText("Next page").click();
        assertThat(page.locator("article.case")).hasCount(2);
        assertThat(page.locator("article.case").last()).containsText(reviews.get(21).substring(reviews.get(21).length() - 8));
        assertThat(page.getByText("Next page")).hasCount(0);

        page.getByLabel("Order").selectOption("priority");
        page.getByText("Show", new Page.GetByTextOptions().setExact(true)).click();
        assertThat(page.locator("article.case").first()).containsText(reviews.get(21).substring(reviews.get(21).length() - 8));
        assertThat(page.locator("article.case").first()).containsText("Report: Spam and advertising ×2");
    }

    /** A moderator of the marketplace, signed in by the marketplace's form, on the given page. */
    private Page signedIn(TestMarketplace market, String moderator, String next, boolean scripts) {
        Page page = context(scripts).newPage();
        watch(page);
        market.allowSignInFrom(host.origin());
        page.navigate(host.page("/mod-" + moderator + ".html", "en", "<form method=\"post\" action=\"" + WidgetBrowserTest.CANDOR + "/signin/" + market.slug
                + "\"><input type=\"hidden\" name=\"token\" value=\"" + market.token(moderator, "moderator") + "\">"
                + "<input type=\"hidden\" name=\"next\" value=\"" + next + "\"><button type=\"submit\">Moderate reviews</button></form>"));
        page.getByText("Moderate reviews").click();
        page.waitForURL(WidgetBrowserTest.CANDOR + next);
        return page;
    }

    private BrowserContext context(boolean scripts) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900).setJavaScriptEnabled(scripts));
        context.setDefaultTimeout(15_000);
        contexts.add(context);
        return context;
    }

    private void watch(Page page) {
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                problems.add(message.text());
            }
        });
        page.onDialog(dialog -> {
            problems.add("dialog: " + dialog.message());
            dialog.dismiss();
        });
    }
}
