package io.candor.web;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import io.candor.anonymous.AnonymousTokens;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Anonymous reviews in Chromium, end to end (issue #15): the widget's module passes the published RSA blind-signature
 * vectors in the browser; a signed-in buyer gets a token; a fresh browser context with no cookie and no credential
 * redeems it; the review appears once k tokens were issued; the author secret's page edits it and appeals its removal.
 */
@QuarkusTest
class AnonymousReviewBrowserTest extends InChromium {

    BrowserContext fresh() {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        context.setDefaultTimeout(20_000);
        return context;
    }

    @Test
    void theWidgetsModulePassesThePublishedVectorsInTheBrowser() throws Exception {
        String vectors = Files.readString(Path.of("src/test/resources/anonymous/rsabssa-vectors.json"));
        try (BrowserContext context = fresh()) {
            Page page = context.newPage();
            page.navigate(host.page("/vectors.html", "en", "<p>vectors</p>"));
            Object result = page.evaluate("""
                    async ([base, vectors]) => {
                      const m = await import(base + '/widget/anonymous.js');
                      const hex = s => Uint8Array.from(s.match(/../g) || [], x => parseInt(x, 16));
                      const toHex = b => Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
                      const b64u = b => btoa(String.fromCharCode(...b)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
                      const out = [];
                      for (const v of JSON.parse(vectors)) {
                        const key = await m.rsaKey(b64u(hex(v.n)), b64u(hex(v.e)));
                        const state = await m.blind(key, hex(v.msg), hex(v.salt), BigInt('0x' + v.inv));
                        const sig = await m.finalize(key, hex(v.msg), state, hex(v.blind_sig), v.salt.length / 2);
                        out.push([toHex(state.encoded) === v.encoded_msg, toHex(state.blinded) === v.blinded_msg, toHex(sig) === v.sig].join(','));
                      }
                      return out.join(';');
                    }""", List.of(WidgetBrowserTest.CANDOR, vectors));
            assertEquals("true,true,true;true,true,true", result, "encoding, blinding and signature of each vector");
        }
    }

    @Test
    void aBuyerGetsATokenAFreshBrowserRedeemsItAndTheSecretEditsAndAppeals() throws Exception {
        TestMarketplace market = TestMarketplace.create(Map.of("anonymitySetSize", 3));
        for (int i = 1; i <= 4; i++) {
            market.purchase("o-" + i, "b-" + i, "s-1", 2, "sku-1");
        }
        String widget = "<candor-reviews tenant=\"" + market.slug + "\" subject=\"product:sku-1\"";

        // 1. the signed-in buyer asks for a token on the product page of their purchase
        String code;
        String link;
        try (BrowserContext buyer = fresh()) {
            Page page = buyer.newPage();
            page.navigate(host.page("/buyer.html", "en", widget + " token=\"" + market.token("b-1", "buyer") + "\" transaction=\"o-1\"></candor-reviews>"));
            page.locator("candor-reviews details.w summary").click();
            page.getByText("Review anonymously instead").click();
            assertThat(page.locator("candor-reviews .anon")).containsText("wait a while");
            page.getByText("Get my token").click();
            assertThat(page.locator("candor-reviews .anon p[role=status]")).containsText("Your token");
            assertThat(page.locator("candor-reviews .anon a.tok")).isVisible();
            code = page.locator("candor-reviews .anon input.code").inputValue();
            link = page.locator("candor-reviews .anon a.tok").getAttribute("href");
            assertTrue(link.endsWith("#candor-token=" + code), link);
        }

        // 2. later, a browser with nothing of the buyer's redeems it
        String secret;
        List<Request> redemptions = new CopyOnWriteArrayList<>();
        try (BrowserContext stranger = fresh()) {
            Page page = stranger.newPage();
            page.onRequest(r -> {
                if (r.url().contains("/anonymous/reviews")) {
                    redemptions.add(r);
                }
            });
            page.navigate(host.page("/product.html", "en", widget + "></candor-reviews>") + "#candor-token=" + code);
            page.locator("candor-reviews .anon input[type=radio][value='2']").check();
            page.locator("candor-reviews .anon textarea").fill("The shade yellowed within a month. Written anonymously.");
            page.getByText("Publish anonymously").click();
            assertThat(page.locator("candor-reviews .anon")).containsText("Keep this secret link");
            assertThat(page.locator("candor-reviews .anon")).containsText("enough buyers");
            secret = page.locator("candor-reviews .anon input.code").inputValue();
            assertTrue(secret.startsWith("cna_" + market.slug + "."), secret);
            List<Request> posts = redemptions.stream().filter(r -> r.method().equals("POST")).toList();
            assertEquals(1, posts.size());
            Map<String, String> headers = posts.get(0).allHeaders();
            assertFalse(headers.containsKey("authorization"), "no credential: " + headers.keySet());
            assertFalse(headers.containsKey("cookie"), "no cookie: " + headers.keySet());
        }
        String id = RestAssured.given().header("Authorization", "Bearer " + secret).get("/api/v1/me/reviews").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].status", equalTo("sealed")).extract().path("items[0].id");
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(404);

        // 3. two more buyers take tokens: the anonymity set of three is reached and the review appears, marked
        AnonymousTokens.issue(market, "b-2", "o-2", "product", "sku-1");
        AnonymousTokens.issue(market, "b-3", "o-3", "product", "sku-1");
        try (BrowserContext shopper = fresh()) {
            Page page = shopper.newPage();
            page.navigate(host.page("/product.html", "en", widget + "></candor-reviews>"));
            assertThat(page.locator("candor-reviews article")).hasCount(1);
            assertThat(page.locator("candor-reviews article")).containsText("The shade yellowed within a month.");
            assertThat(page.locator("candor-reviews article")).containsText("Verified purchase");
            assertThat(page.locator("candor-reviews article")).containsText("Anonymous");
        }

        // 4. the author secret's page edits the review
        try (BrowserContext author = fresh()) {
            Page page = author.newPage();
            page.navigate(host.page("/product.html", "en", widget + "></candor-reviews>") + "#candor-author=" + secret);
            assertThat(page.locator("candor-reviews .anon")).containsText("Status: published");
            page.locator("candor-reviews .anon textarea").first().fill("The shade yellowed within a month; the seller replaced it.");
            page.getByText("Save changes").click();
            assertThat(page.locator("candor-reviews .anon")).containsText("Saved.");
        }
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(200)
                .body("body", equalTo("The shade yellowed within a month; the seller replaced it."));

        // 5. a moderator removes it; the author secret's page shows the statement of reasons and appeals
        market.report("b-4", id, "spam");
        Map<String, Object> open = market.openCase("review", id);
        market.decide("m-1", (String) open.get("id"), "remove", "spam", "Reads like an advert for a competitor.");
        try (BrowserContext author = fresh()) {
            Page page = author.newPage();
            page.navigate(host.page("/product.html", "en", widget + "></candor-reviews>") + "#candor-author=" + secret);
            assertThat(page.locator("candor-reviews .anon")).containsText("Status: removed");
            assertThat(page.locator("candor-reviews .anon li.notice")).containsText("Reads like an advert for a competitor.");
            page.locator("candor-reviews .anon li.notice textarea").fill("It is my own experience with the lamp, not an advert.");
            page.getByText("Appeal this decision").click();
            assertThat(page.locator("candor-reviews .anon")).containsText("Appeal sent.");
        }
        RestAssured.given().header("Authorization", "Bearer " + secret).get("/api/v1/me/appeals").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].status", equalTo("pending"));
    }
}
