package io.candor.web;

import io.candor.demo.DemoMarketplace;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.candor.testing.TestMarketplace;
import io.candor.common.Jdbc;
import io.candor.moderation.PolicyCatalog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The whole life of a review across the three clients, in the demo: a buyer votes, reports a review and writes one
 * (with markup in it); the seller answers in the portal and the widget shows the answer; the first moderator removes
 * the reported review in the console and it leaves the widget and the summary; its author, signed in by the
 * marketplace, appeals from "Your notices"; the first moderator cannot decide the appeal, the second overturns it,
 * and the review is back. Every console page is scanned with axe-core and photographed.
 */
@QuarkusTest
@TestProfile(DemoStorefrontBrowserTest.DemoMode.class)
class ModerationBrowserTest extends InChromium {

    static final String CANDOR = WidgetBrowserTest.CANDOR;
    static final String PRODUCT = "sku-lamp-02";

    @Inject
    Jdbc jdbc;

    final List<BrowserContext> contexts = new ArrayList<>();
    final List<String> policyViolations = new ArrayList<>();
    final List<String> dialogs = new ArrayList<>();

    @AfterEach
    void closeContexts() {
        contexts.forEach(BrowserContext::close);
        assertEquals(List.of(), policyViolations, "the pages and the widget work within the Content-Security-Policy");
        assertEquals(List.of(), dialogs, "no script from a review ever runs");
    }

    @Test
    void aReportedReviewIsRemovedAppealedAndRestoredByASecondModerator() {
        Page buyer = persona("buyer", "/products/" + PRODUCT);
        Locator articles = buyer.locator("candor-reviews article");
        assertThat(articles.first()).isVisible();
        String reported = articles.first().getAttribute("data-review");
        String author = jdbc.query("SELECT p.ref FROM review r JOIN party p ON p.tenant_id = r.tenant_id AND p.party_id = r.author_party_id "
                + "WHERE r.review_id = ?", List.of(UUID.fromString(reported)), rs -> rs.getString(1)).get(0);
        int count = publicCount();

        Locator voted = articles.nth(1);
        voted.getByText(Pattern.compile("^Yes \\(\\d+\\)$")).click();
        assertThat(buyer.locator("candor-reviews article [role=status]", new Page.LocatorOptions().setHasText("Thank you for your vote."))).hasCount(1);

        Locator target = buyer.locator("candor-reviews article[data-review='" + reported + "']");
        target.getByText("Report", new Locator.GetByTextOptions().setExact(true)).click();
        target.getByLabel("Reason").selectOption("offensive");
        target.getByLabel("What is wrong with it?").fill("It insults the people who packed the order.");
        target.getByText("Send report").click();
        assertThat(target).containsText("Thank you. A moderator will look at it.");

        buyer.locator("candor-reviews details.w summary").click();
        buyer.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("2 stars").setExact(true)).check();
        buyer.getByLabel("Title (optional)").fill("Too bright for reading");
        buyer.getByLabel("Your review").fill("The glare <img src=x onerror=alert(1)> hurts after an hour.");
        buyer.getByText("Publish review").click();
        assertThat(buyer.locator("candor-reviews details.w .ok")).hasText("Thank you! Your review is published.");

        Page seller = persona("seller", "/seller/reviews?answered=false&product=" + PRODUCT);
        Locator card = seller.locator("article.review", new Page.LocatorOptions().setHasText("Too bright for reading"));
        assertThat(card).containsText("The glare <img src=x onerror=alert(1)> hurts after an hour.");
        card.getByText("Answer publicly").click();
        card.getByLabel("Your public answer").fill("Sorry! The warm bulb in the box dims it; we will send you one.");
        card.getByText("Publish answer").click();
        assertThat(seller.locator("article.review .notice")).hasText("Your answer is published.");

        Page shopper = shopper();
        shopper.getByLabel("Sort by").selectOption("newest");
        Locator mine = shopper.locator("candor-reviews article", new Page.LocatorOptions().setHasText("Too bright for reading"));
        assertThat(mine).containsText("The glare <img src=x onerror=alert(1)> hurts after an hour.");
        assertThat(mine).containsText("Sorry! The warm bulb in the box dims it; we will send you one.");
        assertEquals(0, shopper.locator("candor-reviews img:not(.ph img)").count());
        int withOurs = count + 1;
        assertThat(shopper.locator("candor-reviews [data-summary]")).containsText(withOurs + " reviews");

        Page first = persona("moderator", "/moderation");
        assertThat(first.locator("h1")).hasText("Moderation queue");
        Locator queued = first.locator("article.case", new Page.LocatorOptions().setHasText("Review " + reported.substring(reported.length() - 8)));
        assertThat(queued).containsText("Report: Offensive language");
        assertThat(queued).containsText("of product " + PRODUCT);
        assertThat(queued.locator(".quote")).containsText(reportedBody(reported));
        Chromium.assertAccessible(first, "the moderation queue");
        Screenshots.take(first, "moderation-queue");
        queued.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Claim")).click();
        assertThat(first.locator("article.case .notice")).hasText("You claimed this case.");
        assertEquals(CANDOR + "/moderation", first.url(), "claimed in place");
        first.locator("article.case", new Page.LocatorOptions().setHasText("Review " + reported.substring(reported.length() - 8)))
                .getByText("Open the case").click();
        assertThat(first.locator("h1")).containsText("Review");
        assertThat(first.locator("section[aria-labelledby=reports-title]")).containsText("It insults the people who packed the order.");
        assertThat(first.locator("section[aria-labelledby=reports-title]")).containsText("by buyer-");
        assertNoPartyRefs(first, author);
        first.getByLabel("Rule", new Page.GetByLabelOptions().setExact(true)).selectOption("offensive");
        assertThat(first.getByLabel(Pattern.compile("^Statement of reasons"))).hasValue(PolicyCatalog.find("offensive").orElseThrow().statement());
        Chromium.assertAccessible(first, "a case in the console");
        Screenshots.take(first, "moderation-case");
        first.getByLabel("Remove: hide it from everyone but its author").check();
        first.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Decide").setExact(true)).click();
        assertThat(first.locator("p.notice")).containsText("Decided: removed.");
        assertThat(first.locator("section[aria-labelledby=decisions-title]")).containsText("Removed under Offensive language");

        shopper = shopper(); // a new visitor: public reads may be cached by the browser for 30 seconds
        assertThat(shopper.locator("candor-reviews [data-summary]")).containsText(count + " reviews");
        assertThat(shopper.locator("candor-reviews article[data-review='" + reported + "']")).hasCount(0);

        Page appellant = signedInByTheMarketplace(author, "/notices");
        assertThat(appellant.locator("h1")).hasText("Your notices");
        Locator notice = appellant.locator("article.notice-card").first();
        assertThat(notice).containsText("Removed");
        assertThat(notice).containsText("Offensive language (version 1)");
        assertThat(notice).containsText(PolicyCatalog.find("offensive").orElseThrow().statement());
        notice.getByText("Appeal this decision").click();
        notice.getByLabel("Why is the decision wrong?").fill("I described the packing, I did not insult anyone.");
        notice.getByText("Send the appeal").click();
        assertThat(appellant.locator("p.notice")).containsText("Your appeal is filed.");
        assertThat(appellant.locator("article.notice-card").first()).containsText("Waiting for a moderator who did not make the decision");
        Chromium.assertAccessible(appellant, "a buyer's notices");
        Screenshots.take(appellant, "notices");

        first.navigate(CANDOR + "/moderation/appeals");
        Locator appealCard = first.locator("article.case", new Page.LocatorOptions().setHasText("I described the packing"));
        assertThat(appealCard).containsText("You made the decision under appeal: another moderator decides it.");
        appealCard.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName(Pattern.compile("^Appeal by"))).click();
        assertThat(first.locator("form[action$='/decision']")).hasCount(0);
        String appealPath = first.url().substring(CANDOR.length());
        String csrf = first.locator("input[name=csrf]").first().inputValue();
        Object refused = first.evaluate("([path, csrf]) => fetch(path + '/decision', {method: 'POST', headers: {'X-CSRF-Token': csrf, "
                + "'Content-Type': 'application/x-www-form-urlencoded'}, body: 'outcome=overturned&statement=Mine+to+undo'}).then(r => r.status)",
                List.of(appealPath, csrf));
        assertEquals(403, ((Number) refused).intValue(), "the moderator who decided cannot decide the appeal, even without the form");

        Page second = persona("moderator2", "/moderation/appeals");
        assertThat(second.locator("h1")).hasText("Appeals");
        Chromium.assertAccessible(second, "the appeals queue");
        Screenshots.take(second, "moderation-appeals");
        second.locator("article.case", new Page.LocatorOptions().setHasText("I described the packing")).getByText("Decide this appeal").click();
        assertThat(second.locator("section[aria-labelledby=content-title]")).containsText(reportedBody(reported));
        second.getByLabel("Overturn: the decision is reversed").check();
        second.getByLabel(Pattern.compile("^Statement of reasons")).fill("Describing how an order was packed is not offensive.");
        Chromium.assertAccessible(second, "an appeal in the console");
        Screenshots.take(second, "moderation-appeal");
        second.getByText("Decide the appeal", new Page.GetByTextOptions().setExact(true)).last().click();
        assertThat(second.locator("section[aria-labelledby=outcome-title]")).containsText("overturned");

        shopper = shopper();
        assertThat(shopper.locator("candor-reviews [data-summary]")).containsText(withOurs + " reviews");
        shopper.getByLabel("Sort by").selectOption("newest");
        assertThat(shopper.locator("candor-reviews article[data-review='" + reported + "']")).hasCount(1);

        appellant.reload();
        assertThat(appellant.locator("article.notice-card").first()).containsText("This notice answers your appeal: it was overturned.");
        assertNoPartyRefs(appellant, author);

        second.navigate(CANDOR + "/moderation/audit");
        assertThat(second.locator("table tbody tr").first()).isVisible();
        assertThat(second.locator("table")).containsText("appeal.decided");
        second.getByText("Verify the log").click();
        assertThat(second.locator("#verdict")).containsText("The log holds");
        assertThat(second.locator("table")).containsText("moderator mod-");
        assertNoPartyRefs(second, author);
        Chromium.assertAccessible(second, "the audit log");
        Screenshots.take(second, "moderation-audit");

        second.navigate(CANDOR + "/moderation");
        Locator offTopic = second.locator("article.case", new Page.LocatorOptions().setHasText("Report: Off-topic"));
        offTopic.getByText("Open the case").click();
        second.getByLabel("Rule", new Page.GetByLabelOptions().setExact(true)).selectOption("off-topic");
        second.getByLabel("Remove: hide it from everyone but its author").check();
        second.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Decide").setExact(true)).click();
        assertThat(second.locator("p.notice")).containsText("Decided: removed.");

        second.navigate(CANDOR + "/moderation/transparency");
        assertThat(second.locator("h1")).hasText("Transparency report");
        assertThat(second.locator("svg.rates title")).containsText("Share of reviews removed by moderators, by star rating");
        assertThat(second.locator("svg.rates rect.bar")).not().hasCount(0);
        assertThat(second.locator("section[aria-labelledby=t-appeals]")).containsText("Overturned");
        Chromium.assertAccessible(second, "the transparency report");
        Screenshots.take(second, "moderation-transparency");
    }

    @Test
    void theConsoleIsForModeratorsOnly() {
        Page page = newPage();
        page.navigate(CANDOR + "/moderation/audit");
        assertEquals(CANDOR + "/signin?next=%2Fmoderation%2Faudit", page.url());
        Page buyer = persona("buyer", "/");
        assertEquals(403, buyer.navigate(CANDOR + "/moderation").status());
        assertThat(buyer.locator("h1")).hasText("Not allowed");
        Chromium.assertAccessible(buyer, "a refusal");
    }

    /** A demo persona signed in through /signin/demo, on the given page. */
    private Page persona(String as, String next) {
        Page page = newPage();
        page.navigate(CANDOR + "/signin/demo?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        page.locator("form:has(input[name=as][value='" + as + "']) button").click();
        page.waitForURL(CANDOR + next);
        return page;
    }

    /** A party signed in the way a marketplace signs in its user: a form on its own origin posting a token it signed. */
    private Page signedInByTheMarketplace(String party, String next) {
        String token = RestAssured.given().queryParam("as", "buyer").queryParam("party", party).get("/api/v1/demo/token")
                .then().statusCode(200).extract().path("token");
        Page page = newPage();
        TestMarketplace.allowSignInFrom(DemoMarketplace.SLUG, host.origin());
        page.navigate(host.page("/notice-" + party + ".html", "en", "<form method=\"post\" action=\"" + CANDOR + "/signin/" + DemoMarketplace.SLUG + "\">"
                + "<input type=\"hidden\" name=\"token\" value=\"" + token + "\"><input type=\"hidden\" name=\"next\" value=\"" + next + "\">"
                + "<button type=\"submit\">See why and appeal</button></form>"));
        page.getByText("See why and appeal").click();
        page.waitForURL(CANDOR + next);
        return page;
    }

    private Page shopper() {
        Page page = newPage();
        page.navigate(CANDOR + "/products/" + PRODUCT);
        assertThat(page.locator("candor-reviews article").first()).isVisible();
        return page;
    }

    private Page newPage() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        context.setDefaultTimeout(15_000);
        contexts.add(context);
        Page page = context.newPage();
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                policyViolations.add(message.text());
            }
        });
        page.onDialog(dialog -> {
            dialogs.add(dialog.message());
            dialog.dismiss();
        });
        return page;
    }

    private int publicCount() {
        return RestAssured.given().get("/api/v1/public/demo/subjects/product/" + PRODUCT + "/summary").then().statusCode(200).extract().path("count");
    }

    private String reportedBody(String id) {
        String body = jdbc.query("SELECT body FROM review WHERE review_id = ?", List.of(UUID.fromString(id)), rs -> rs.getString(1)).get(0);
        return body.substring(0, Math.min(40, body.length()));
    }

    private static void assertNoPartyRefs(Page page, String... refs) {
        String html = page.content();
        for (String ref : List.of(DemoMarketplace.BUYER, DemoMarketplace.MODERATOR, DemoMarketplace.SECOND_MODERATOR)) {
            assertFalse(html.contains(ref), page.url() + " shows the party ref " + ref);
        }
        for (String ref : refs) {
            assertFalse(Pattern.compile("(?<![0-9a-f])" + Pattern.quote(ref) + "(?![0-9a-f])").matcher(html).find(), page.url() + " shows the party ref " + ref);
        }
    }
}
