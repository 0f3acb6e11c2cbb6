package io.candor.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.LoadState;
import io.candor.demo.DemoMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a newcomer sees after {@code ./mvnw quarkus:dev}: the demo shop, signing in as the demo's people,
 * a buyer voting and reviewing, the seller answering in the portal, and the answer on the product page.
 * Every page is scanned with axe-core and photographed at desktop and phone width.
 */
@QuarkusTest
@TestProfile(DemoStorefrontBrowserTest.DemoMode.class)
class DemoStorefrontBrowserTest extends InChromium {

    static final String CANDOR = WidgetBrowserTest.CANDOR;

    /** Demo mode on, as in dev mode. */
    public static class DemoMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("candor.demo", "true");
        }
    }


    BrowserContext context;
    Page page;
    final List<String> policyViolations = new ArrayList<>();

    @BeforeEach
    void openPage() {
        context = newContext();
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
        assertEquals(List.of(), policyViolations, "the pages and the widget work within the Content-Security-Policy");
    }

    @Test
    void aNewcomerShopsReviewsAndAnswersAcrossTheDemo() {
        AtomicInteger batches = new AtomicInteger();
        page.onRequest(request -> {
            if (request.url().contains("/summaries?")) {
                batches.incrementAndGet();
            }
        });
        page.navigate(CANDOR + "/");
        assertThat(page.locator("h1")).hasText("Home & travel");
        assertThat(page.locator("candor-stars .m")).hasCount(15);
        assertEquals(1, batches.get(), "the shop's fifteen stars come with one request");
        Chromium.assertAccessible(page, "the demo storefront");
        Screenshots.take(page, "storefront");

        page.navigate(CANDOR + "/products/sku-lamp-01");
        assertThat(page.locator("candor-reviews article").first()).isVisible();
        assertThat(page.locator("candor-reviews[token]")).hasCount(0);
        Chromium.assertAccessible(page, "a product page");
        Screenshots.take(page, "product");

        // the demo's reviews include photos, made at seeding and uploaded as a buyer uploads them
        String pictured = DemoMarketplace.PRODUCTS.stream().map(DemoMarketplace.Product::ref)
                .filter(ref -> !io.restassured.RestAssured.get("/api/v1/public/" + DemoMarketplace.SLUG + "/subjects/product/" + ref
                        + "/reviews?sort=newest&limit=100").jsonPath().getList("items.findAll { it.photos.size() > 0 }").isEmpty())
                .findFirst().orElseThrow(() -> new AssertionError("no demo review has a photo"));
        page.navigate(CANDOR + "/products/" + pictured);
        page.getByLabel("Sort by").selectOption("newest");
        page.waitForLoadState(LoadState.NETWORKIDLE);
        for (int more = 0; more < 10 && page.locator("candor-reviews .ph img").count() == 0; more++) {
            page.getByText("Show more reviews").click();
            page.waitForLoadState(LoadState.NETWORKIDLE);
        }
        Locator thumb = page.locator("candor-reviews .ph button").first();
        thumb.click();
        assertThat(page.locator("candor-reviews dialog img")).isVisible();
        assertThat(page.locator("candor-reviews dialog")).containsText("as it arrived, on a table");
        Chromium.assertAccessible(page, "the photo viewer on a demo product");
        page.screenshot(new Page.ScreenshotOptions().setPath(Screenshots.DIRECTORY.resolve("product-photo-desktop.png")));
        page.keyboard().press("Escape");
        assertThat(page.locator("candor-reviews dialog")).hasCount(0);

        page.getByText("Sign in", new Page.GetByTextOptions().setExact(true)).click();
        assertThat(page.locator("h1")).hasText("Sign in to the demo");
        Chromium.assertAccessible(page, "the demo sign-in");
        Screenshots.take(page, "signin-demo");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in as Demo buyer")).click();
        page.waitForURL(CANDOR + "/");
        assertThat(page.locator("header.site")).containsText("Signed in as buyer");

        // the invitation the shop would e-mail: its link opens the write form for the order's line
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("review Brass desk lamp")).click();
        assertThat(page.locator("h1")).hasText("Review your purchase");
        assertThat(page.locator("candor-reviews details.w")).hasAttribute("open", "");
        assertThat(page.locator("candor-reviews details.w summary")).hasText("Write a review");
        Chromium.assertAccessible(page, "the page a review invitation links to");

        page.navigate(CANDOR + "/products/sku-lamp-01");
        assertThat(page.locator("p.hint")).containsText("from your order ord-demo-1001");
        Locator first = page.locator("candor-reviews article").first();
        first.getByText(java.util.regex.Pattern.compile("^Yes \\(\\d+\\)$")).click();
        assertThat(page.locator("candor-reviews article [role=status]", new Page.LocatorOptions().setHasText("Thank you for your vote."))).hasCount(1);
        page.locator("candor-reviews details.w summary").click();
        page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName("5 stars").setExact(true)).check();
        page.getByLabel("Title (optional)").fill("A newcomer's lamp");
        page.getByLabel("Your review").fill("Bright, steady light and it was easy to put together.");
        page.getByText("Publish review").click();
        assertThat(page.locator("candor-reviews .ok")).hasText("Thank you! Your review is published.");
        Chromium.assertAccessible(page, "a product page with the buyer's review form");

        page.getByText("Sign out").click();
        page.waitForURL(CANDOR + "/");
        page.navigate(CANDOR + "/signin/demo?next=/seller");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in as Lumen Lighting")).click();
        page.waitForURL(CANDOR + "/seller");
        assertThat(page.locator("h1")).hasText("Seller dashboard");
        Chromium.assertAccessible(page, "the demo seller's dashboard");
        Screenshots.take(page, "seller-dashboard");

        page.navigate(CANDOR + "/seller/reviews?answered=false&product=sku-lamp-01");
        Locator card = page.locator("article.review", new Page.LocatorOptions().setHasText("A newcomer's lamp"));
        card.getByText("Answer publicly").click();
        card.getByLabel("Your public answer").fill("Thank you, enjoy the light!");
        card.getByText("Publish answer").click();
        assertThat(page.locator("article.review .notice")).hasText("Your answer is published.");
        Chromium.assertAccessible(page, "the demo seller's inbox");
        Screenshots.take(page, "seller-reviews");

        BrowserContext shopper = newContext();
        Page storefront = shopper.newPage();
        storefront.navigate(CANDOR + "/products/sku-lamp-01");
        storefront.getByLabel("Sort by").selectOption("newest");
        Locator mine = storefront.locator("candor-reviews article", new Page.LocatorOptions().setHasText("A newcomer's lamp"));
        assertThat(mine).containsText("Response from the seller");
        assertThat(mine).containsText("Thank you, enjoy the light!");
        shopper.close();
    }

    @Test
    void theShopAndPolicyPagesAreAccessible() {
        page.navigate(CANDOR + "/shops/s-oakleaf");
        assertThat(page.locator("h1")).hasText("Oakleaf Kitchen");
        assertThat(page.locator("candor-reviews [data-summary]")).isAttached();
        Chromium.assertAccessible(page, "a shop page");
        Screenshots.take(page, "shop");

        page.navigate(CANDOR + "/policy/demo");
        assertThat(page.locator("h1")).hasText("How ratings work at Candor Demo Market");
        Chromium.assertAccessible(page, "how ratings work");
        Screenshots.take(page, "policy");
    }

    private BrowserContext newContext() {
        BrowserContext c = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        c.setDefaultTimeout(15_000);
        return c;
    }
}
