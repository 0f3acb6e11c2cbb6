package io.candor.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The seller portal as a marketplace's seller reaches it: signed in by the marketplace's own form, answering
 * a review inline, and the storefront widget showing the answer. Also the pages outside demo mode.
 */
@QuarkusTest
class PortalBrowserTest {

    static Playwright playwright;
    static Browser browser;
    static HostSite host;

    BrowserContext context;
    Page page;
    final List<String> policyViolations = new ArrayList<>();

    @BeforeAll
    static void startBrowser() throws Exception {
        playwright = Playwright.create();
        browser = Chromium.launch(playwright);
        host = new HostSite();
    }

    @AfterAll
    static void stopBrowser() {
        host.close();
        browser.close();
        playwright.close();
    }

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
        market.review("b-3", "o-3", "sku-1", 4, "Good lamp.");

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
