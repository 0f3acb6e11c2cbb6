package io.candor.web;

import io.candor.auth.BrowserSession;
import io.candor.auth.SessionCodec;
import io.candor.common.Jdbc;
import io.candor.tenant.TenantDirectory;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing in through a marketplace's token, the session cookie, CSRF on every form, and the API refusing cookies. */
@QuarkusTest
class SignInAndSessionTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @Inject
    SessionCodec codec;
    @Inject
    TenantDirectory tenants;
    @Inject
    Jdbc jdbc;

    @Test
    void aMarketplaceTokenSignsInWithAnOpaqueHardenedCookie() {
        TestMarketplace market = TestMarketplace.create();
        Response signIn = RestAssured.given().redirects().follow(false)
                .formParam("token", market.token("s-shop-1", "seller"))
                .header("Origin", WidgetBrowserTest.CANDOR).post("/signin/" + market.slug);
        signIn.then().statusCode(303).header("Location", equalTo("/seller"));
        String setCookie = signIn.getHeader("Set-Cookie");
        assertTrue(setCookie.startsWith(SessionCodec.COOKIE + "="), setCookie);
        assertTrue(setCookie.contains("; HttpOnly"), setCookie);
        assertTrue(setCookie.contains("; SameSite=Lax"), setCookie);
        assertTrue(setCookie.contains("; Path=/"), setCookie);
        assertTrue(setCookie.contains("; Max-Age=28800"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain http in tests: " + setCookie);
        String cookie = signIn.getCookie(SessionCodec.COOKIE);
        assertFalse(cookie.contains("s-shop-1"), "no party ref in clear");

        RestAssured.given().cookie(SessionCodec.COOKIE, cookie).get("/seller")
                .then().statusCode(200).body(containsString("Seller dashboard")).body(containsString("Signed in as seller"));
        assertEquals(1, jdbc.query("SELECT count(*) FROM server_secret", List.of(), rs -> rs.getInt(1)).get(0),
                "one session key for every pod, kept in the database");
    }

    @Test
    void aTokenOfAnotherMarketplaceOrAnAlteredCookieSignsNobodyIn() {
        TestMarketplace market = TestMarketplace.create();
        TestMarketplace other = TestMarketplace.create();
        RestAssured.given().redirects().follow(false).formParam("token", other.token("s-1", "seller"))
                .header("Origin", WidgetBrowserTest.CANDOR).post("/signin/" + market.slug)
                .then().statusCode(401).header("Set-Cookie", nullValue()).body(containsString("not valid"));
        RestAssured.given().redirects().follow(false).formParam("token", "not-a-token")
                .header("Origin", WidgetBrowserTest.CANDOR).post("/signin/" + market.slug)
                .then().statusCode(401);

        String cookie = RestAssured.given().redirects().follow(false).formParam("token", market.token("s-1", "seller"))
                .header("Origin", WidgetBrowserTest.CANDOR).post("/signin/" + market.slug).getCookie(SessionCodec.COOKIE);
        char flipped = cookie.charAt(20) == 'A' ? 'B' : 'A';
        String altered = cookie.substring(0, 20) + flipped + cookie.substring(21);
        RestAssured.given().redirects().follow(false).cookie(SessionCodec.COOKIE, altered).get("/seller")
                .then().statusCode(303).header("Location", containsString("/signin?next=%2Fseller"));

        long tenantId = tenants.requireSlug(market.slug).id();
        String expired = codec.seal(new BrowserSession("expired-session", tenantId, "s-1", Set.of("seller"), Instant.now().minusSeconds(1)));
        RestAssured.given().redirects().follow(false).cookie(SessionCodec.COOKIE, expired).get("/seller")
                .then().statusCode(303);
    }

    @Test
    void theApiNeverAcceptsTheSessionCookie() {
        TestMarketplace market = TestMarketplace.create();
        String cookie = RestAssured.given().redirects().follow(false).formParam("token", market.token("s-1", "seller"))
                .header("Origin", WidgetBrowserTest.CANDOR).post("/signin/" + market.slug).getCookie(SessionCodec.COOKIE);
        RestAssured.given().cookie(SessionCodec.COOKIE, cookie).get("/api/v1/seller/summary")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void everyFormPostNeedsTheSessionsCsrfToken() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String review = market.review("b-1", "o-1", "sku-1", 4, "Nice enough");
        String cookie = RestAssured.given().redirects().follow(false).formParam("token", market.token("s-1", "seller"))
                .header("Origin", WidgetBrowserTest.CANDOR).post("/signin/" + market.slug).getCookie(SessionCodec.COOKIE);
        String page = RestAssured.given().cookie(SessionCodec.COOKIE, cookie).get("/seller/reviews").then().statusCode(200).extract().asString();
        Matcher m = CSRF.matcher(page);
        assertTrue(m.find(), "the inbox's forms carry a CSRF token");
        String csrf = m.group(1);

        RestAssured.given().redirects().follow(false).cookie(SessionCodec.COOKIE, cookie).formParam("body", "Thanks!")
                .post("/seller/reviews/" + review + "/response")
                .then().statusCode(403).contentType(containsString("text/html"));
        RestAssured.given().redirects().follow(false).cookie(SessionCodec.COOKIE, cookie).formParam("body", "Thanks!").formParam("csrf", "forged")
                .post("/seller/reviews/" + review + "/response")
                .then().statusCode(403);
        String otherSession = RestAssured.given().redirects().follow(false).formParam("token", market.token("s-1", "seller"))
                .header("Origin", WidgetBrowserTest.CANDOR).post("/signin/" + market.slug).getCookie(SessionCodec.COOKIE);
        RestAssured.given().redirects().follow(false).cookie(SessionCodec.COOKIE, otherSession).formParam("body", "Thanks!").formParam("csrf", csrf)
                .post("/seller/reviews/" + review + "/response")
                .then().statusCode(403);
        market.anonymous().get(market.publicPath("/reviews/" + review)).then().body("response", nullValue());

        RestAssured.given().redirects().follow(false).cookie(SessionCodec.COOKIE, cookie).formParam("body", "Thanks!").formParam("csrf", csrf)
                .post("/seller/reviews/" + review + "/response")
                .then().statusCode(303);
        market.anonymous().get(market.publicPath("/reviews/" + review)).then().body("response.body", equalTo("Thanks!"));

        RestAssured.given().redirects().follow(false).cookie(SessionCodec.COOKIE, cookie).post("/signout").then().statusCode(403);
        RestAssured.given().redirects().follow(false).cookie(SessionCodec.COOKIE, cookie).header("X-CSRF-Token", csrf).post("/signout")
                .then().statusCode(303).header("Set-Cookie", containsString("Max-Age=0"));
    }

    @Test
    void theConsolesAndPortalsNewFormsRefuseAPostWithoutTheSessionsToken() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String review = market.review("b-1", "o-1", "sku-1", 2, "Too dim for reading.");
        market.report("b-2", review, "spam");
        String caseId = (String) market.openCase("review", review).get("id");
        String moderator = RestAssured.given().redirects().follow(false).formParam("token", market.token("mod-1", "moderator"))
                .header("Origin", WidgetBrowserTest.CANDOR).post("/signin/" + market.slug).then().statusCode(303).header("Location", equalTo("/moderation"))
                .extract().cookie(SessionCodec.COOKIE);
        String seller = RestAssured.given().redirects().follow(false).formParam("token", market.token("s-1", "seller"))
                .header("Origin", WidgetBrowserTest.CANDOR).post("/signin/" + market.slug).getCookie(SessionCodec.COOKIE);

        RestAssured.given().redirects().follow(false).cookie(SessionCodec.COOKIE, moderator).formParam("action", "remove").formParam("policy", "spam")
                .post("/moderation/cases/" + caseId + "/decision").then().statusCode(403);
        RestAssured.given().redirects().follow(false).cookie(SessionCodec.COOKIE, moderator).post("/moderation/cases/" + caseId + "/claim")
                .then().statusCode(403);
        RestAssured.given().redirects().follow(false).cookie(SessionCodec.COOKIE, seller).formParam("reason", "spam").formParam("details", "x")
                .post("/seller/reviews/" + review + "/report").then().statusCode(403);
        RestAssured.given().redirects().follow(false).cookie(SessionCodec.COOKIE, seller).formParam("rating", "negative")
                .post("/seller/feedback/o-1").then().statusCode(403);
        RestAssured.given().redirects().follow(false).cookie(SessionCodec.COOKIE, seller).formParam("decision", caseId).formParam("grounds", "x")
                .post("/seller/notices/appeals").then().statusCode(403);
        assertEquals("open", market.openCase("review", review).get("status"), "nothing was decided");
        market.asSeller("s-1").get("/api/v1/seller/feedback-due").then().body("[0].feedback", nullValue());

        String page = RestAssured.given().cookie(SessionCodec.COOKIE, moderator).get("/moderation/cases/" + caseId).then().statusCode(200)
                .body(not(containsString("mod-1"))).body(not(containsString(">b-1<"))).extract().asString();
        Matcher m = CSRF.matcher(page);
        assertTrue(m.find(), "the decision form carries a CSRF token");
        RestAssured.given().redirects().follow(false).cookie(SessionCodec.COOKIE, moderator).formParam("csrf", m.group(1))
                .formParam("action", "remove").formParam("policy", "spam").formParam("statement", "")
                .post("/moderation/cases/" + caseId + "/decision").then().statusCode(303);
        market.anonymous().get(market.publicPath("/reviews/" + review)).then().statusCode(404);
        RestAssured.given().cookie(SessionCodec.COOKIE, seller).get("/moderation").then().statusCode(403);
    }

    @Test
    void pagesSendAStrictContentSecurityPolicy() {
        String csp = RestAssured.given().get("/").then().statusCode(200).extract().header("Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self'"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertFalse(csp.contains("http"), "no third-party sources: " + csp);
        RestAssured.given().get("/signin").then().statusCode(200).header("Content-Security-Policy", equalTo(csp))
                .header("Cache-Control", equalTo("no-store")).body(not(containsString("<script>")));
    }
}
