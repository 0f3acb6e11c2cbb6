package io.candor.common;

import io.candor.testing.Db;
import io.candor.testing.Management;
import io.candor.testing.OpenApiDocument;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The security probe's findings, each as the class of problem it stands for: one canonical request path, no 5xx
 * from any input, problem+json for refusals made below the application, tokens, sign-in and Location headers.
 */
@QuarkusTest
class HardeningTest {

    static final String CANDOR = "http://localhost:" + Integer.getInteger("quarkus.http.test-port", 8081);
    /** Raw requests go through the JDK client's encoder untouched: RestAssured would re-encode %2F and friends. */
    static final RestAssuredConfig RAW = RestAssuredConfig.config().encoderConfig(EncoderConfig.encoderConfig().defaultContentCharset("UTF-8"));

    @Inject
    DataSource db;

    String snapshot() {
        return Db.snapshot(db);
    }

    String signedInModerator(TestMarketplace market) {
        return RestAssured.given().redirects().follow(false).header("Origin", CANDOR).formParam("token", market.token("mod-1", "moderator"))
                .post("/signin/" + market.slug).then().statusCode(303).extract().cookie("candor_session");
    }

    /** The path variants that once reached the API with the page session cookie. */
    static List<String> variants(String path) {
        List<String> variants = new ArrayList<>();
        String[] segments = path.substring(1).split("/");
        for (int i = 0; i < segments.length; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < segments.length; j++) {
                sb.append('/').append(segments[j]);
                if (j == i) {
                    sb.append(";x");
                }
            }
            variants.add(sb.toString());
        }
        variants.add("/api;/" + path.substring("/api/".length()));
        variants.add("/api;jsessionid=1/" + path.substring("/api/".length()));
        variants.add("/" + path);
        variants.add(path.replaceFirst("/v1/", "/v1//"));
        variants.add(path.replaceFirst("/v1/", "/./v1/"));
        variants.add(path.replaceFirst("/api/", "/api/x/../"));
        variants.add(path.replaceFirst("/api/v1/", "/api%2Fv1/"));
        variants.add(path.replaceFirst("/api/v1/", "/api%2fv1/"));
        variants.add(path.replaceFirst("/api/v1/", "/api%5Cv1/"));
        variants.add(path.replace("/api/v1/", "/api\\v1/"));
        variants.add(path + "/");
        return variants;
    }

    @Test
    void everyOperationWithEveryPathVariantAndOnlyThePageCookieIsRefusedAndChangesNothing() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String review = market.review("b-1", "o-1", "sku-1", 2, "Too dim for reading.");
        market.report("b-2", review, "spam");
        String caseId = (String) market.openCase("review", review).get("id");
        String cookie = signedInModerator(market);
        String before = snapshot();
        int sent = 0;
        for (String operation : OpenApiDocument.live().operations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String template = operation.substring(operation.indexOf(' ') + 1);
            String path = template.replace("{tenant}", market.slug).replace("{slug}", market.slug).replace("{type}", "product")
                    .replace("{ref}", "sku-1").replace("{prefix}", "cnd_x").replace("{party}", "b-1")
                    .replaceAll("\\{id}", template.contains("/cases/") ? caseId : review).replaceAll("\\{[^}]+}", "x");
            for (String variant : variants(path)) {
                // Raw bytes on a socket: HTTP clients refuse or normalise most of these targets before sending.
                String body = "{\"action\":\"remove\",\"policy\":\"spam\",\"statement\":\"Gone.\"}";
                String answer;
                try {
                    answer = raw(method + " " + variant + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nCookie: candor_session=" + cookie
                            + "\r\nOrigin: https://evil.example\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
                } catch (IOException e) {
                    throw new AssertionError(method + " " + variant, e);
                }
                sent++;
                assertTrue(answer.startsWith("HTTP/1.1 400") || answer.startsWith("HTTP/1.1 401"), method + " " + variant + " answered " + answer);
                assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), method + " " + variant + ": " + answer);
            }
        }
        assertTrue(sent > 500, "sent " + sent);
        assertEquals(before, snapshot(), "nothing changed");
        assertEquals("open", market.openCase("review", review).get("status"));
    }

    @Test
    void pagesStillWorkOnTheirCanonicalPathsAndRefuseTheRest() throws IOException {
        TestMarketplace market = TestMarketplace.create();
        String cookie = signedInModerator(market);
        RestAssured.given().cookie("candor_session", cookie).get("/moderation").then().statusCode(200);
        for (String variant : List.of("/moderation;x", "/moderation/./audit", "//moderation", "/moderation%2Faudit", "/a/../moderation",
                "/moderation/.%2e/seller", "/seller\\..\\moderation")) {
            // Raw bytes: an HTTP client would normalise the dot segments before sending.
            assertProblem(raw("GET " + variant + " HTTP/1.1\r\nHost: localhost\r\nCookie: candor_session=" + cookie + "\r\n\r\n"), 400);
        }
    }

    @Test
    void controlCharactersAreRefusedWhereverTheyEnterAndNothingIsStored() {
        TestMarketplace market = TestMarketplace.create();
        String before = snapshot();
        RestAssured.given().urlEncodingEnabled(false).get(market.publicPath("/subjects/product/sku-1/reviews") + "?q=lamp%00")
                .then().statusCode(400).contentType("application/problem+json").body("type", equalTo("/problems/bad-request"));
        RestAssured.given().urlEncodingEnabled(false).get("/api/v1/public/a%00b/subjects/product/sku-1/summary")
                .then().statusCode(400).contentType("application/problem+json");
        RestAssured.given().urlEncodingEnabled(false).get(market.publicPath("/subjects/product/sku-1/reviews") + "?q=%E2%28%A1")
                .then().statusCode(400).contentType("application/problem+json");
        market.asMarketplace().body(Map.of("ref", "ord\u0000-1", "buyer", "b-1", "seller", "s-1", "completedAt", "2026-11-01T10:00:00Z",
                        "products", List.of("sku-1")))
                .post("/api/v1/transactions").then().statusCode(422).body("errors[0].field", equalTo("ref"));
        market.asMarketplace().body(Map.of("ref", "ord-2", "buyer", "b-1", "seller", "s-1", "completedAt", "2026-11-01T10:00:00Z",
                        "products", List.of("sku\u0007-1")))
                .post("/api/v1/transactions").then().statusCode(422).body("errors[0].field", equalTo("products[0]"));
        TestMarketplace.admin().body(Map.of("displayName", "Bad\u0000name")).patch("/api/v1/admin/tenants/" + market.slug)
                .then().statusCode(422).body("errors[0].field", equalTo("displayName"));
        TestMarketplace.admin().body(Map.of("policy", Map.of("blockedWords", List.of("ok", "b\u0000d"))))
                .patch("/api/v1/admin/tenants/" + market.slug)
                .then().statusCode(422).body("errors[0].field", equalTo("policy.blockedWords[1]"));
        TestMarketplace.admin().body("{\"displayName\":\"lone \\ud800 surrogate\"}").patch("/api/v1/admin/tenants/" + market.slug)
                .then().statusCode(422);
        assertEquals(before, snapshot());
    }

    @Test
    void datesOutsideWhatCanBeStoredAreRefused() {
        TestMarketplace market = TestMarketplace.create();
        String before = snapshot();
        for (String day : List.of("+300000-01-01", "-5000-01-01", "+999999999-12-31", "1969-12-31")) {
            RestAssured.given().queryParam("from", day).queryParam("to", "2026-11-01").get(market.publicPath("/transparency"))
                    .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("from"));
            RestAssured.given().queryParam("to", day).get(market.publicPath("/transparency"))
                    .then().statusCode(422).contentType("application/problem+json");
        }
        for (String instant : List.of("+300000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z")) {
            market.asMarketplace().body(Map.of("ref", "ord-" + UUID.randomUUID(), "buyer", "b-1", "seller", "s-1", "completedAt", instant,
                            "products", List.of("sku-1")))
                    .post("/api/v1/transactions").then().statusCode(422).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("completedAt"));
        }
        assertEquals(before, snapshot());
    }

    @Test
    void aBrokenNextAfterSignInIsNoError() throws IOException {
        TestMarketplace market = TestMarketplace.create();
        RestAssured.given().redirects().follow(false).header("Origin", CANDOR).formParam("token", market.token("s-1", "seller"))
                .formParam("next", "/%zz").post("/signin/" + market.slug)
                .then().statusCode(303).header("Location", equalTo("/seller"));
        assertProblem(raw("GET /signin?next=/%zz HTTP/1.1\r\nHost: localhost\r\n\r\n"), 400);
    }

    @Test
    void refusalsBelowTheApplicationAnswerProblemJson() throws IOException {
        String chunked = raw("POST /api/v1/reviews HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + ("4000\r\n" + "x".repeat(0x4000) + "\r\n").repeat(6) + "0\r\n\r\n");
        assertProblem(raw("POST /api/v1/public/x/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + ("4000\r\n" + "x".repeat(0x4000) + "\r\n").repeat(6) + "0\r\n\r\n"), 413);
        // A chunked body is read up to the limit before anything else looks at the request.
        assertProblem(chunked, 413);
        assertProblem(raw("POST /api/v1/reviews HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}"), 400);
        assertProblem(raw("GET /api/v1/public/x/policy?q=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 414);
        // Past 64 KiB the HTTP decoder itself refuses the line: still a 414, without a body.
        assertTrue(raw("GET /api/v1/public/x/policy?q=" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n").matches("(?s)HTTP/1\\.[01] 414.*"));
        assertProblem(raw("GET /api/v1/public/x/policy HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n"), 431);
    }

    static void assertProblem(String response, int status) {
        assertTrue(response.startsWith("HTTP/1.1 " + status), response.lines().findFirst().orElse(""));
        assertTrue(response.toLowerCase().contains("content-type: application/problem+json"), response);
        assertTrue(response.contains("\"status\":" + status), response);
    }

    static String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", Integer.getInteger("quarkus.http.test-port", 8081))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer and close before it has read everything; read what it said
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    answer.write(buffer, 0, n);
                    if (answer.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n{") && answer.toString(StandardCharsets.ISO_8859_1).endsWith("}")) {
                        break;
                    }
                }
            } catch (IOException reset) {
                // a reset after the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void locationHeadersNeverComeFromTheHostHeader() {
        String slug = "loc-" + UUID.randomUUID().toString().substring(0, 8);
        TestMarketplace.admin().header("Host", "evil.example").header("X-Forwarded-Host", "evil.example")
                .body(Map.of("slug", slug, "displayName", "Loc", "issuer", "https://" + slug + ".test.invalid"))
                .post("/api/v1/admin/tenants").then().statusCode(201).header("Location", equalTo("/api/v1/admin/tenants/" + slug));
    }

    @Test
    void theAdminTokenIsComparedExactly() {
        RestAssured.given().header("Authorization", "Bearer " + TestMarketplace.ADMIN_TOKEN).get("/api/v1/admin/tenants/nope").then().statusCode(404);
        for (String near : List.of("Bearer  " + TestMarketplace.ADMIN_TOKEN, "Bearer " + TestMarketplace.ADMIN_TOKEN + "\t x",
                "Bearer " + TestMarketplace.ADMIN_TOKEN + " x", "Bearer " + TestMarketplace.ADMIN_TOKEN.toUpperCase())) {
            RestAssured.given().header("Authorization", near).get("/api/v1/admin/tenants/nope").then().statusCode(401);
        }
    }

    @Test
    void anonymousIdempotencyKeysAreScopedByMarketplace() {
        TestMarketplace a = TestMarketplace.create();
        TestMarketplace b = TestMarketplace.create();
        a.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String review = a.review("b-1", "o-1", "sku-1", 4, "Warm light.");
        Map<String, Object> report = Map.of("target", Map.of("type", "review", "id", review), "reason", "spam", "details", "An advert.");
        a.anonymous().header("Idempotency-Key", "k-1").body(report).post(a.publicPath("/reports")).then().statusCode(202);
        b.anonymous().header("Idempotency-Key", "k-1").body(report).post(b.publicPath("/reports"))
                .then().statusCode(404).header("Idempotent-Replayed", nullValue());
        a.anonymous().header("Idempotency-Key", "k-1").body(report).post(a.publicPath("/reports"))
                .then().statusCode(202).header("Idempotent-Replayed", equalTo("true"));
    }

    @Test
    void aTenantsAudienceAndTheTokenTypeAreChecked() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        TestMarketplace.admin().body(Map.of("audience", "https://candor.test/api")).patch("/api/v1/admin/tenants/" + market.slug)
                .then().statusCode(200).body("audience", equalTo("https://candor.test/api"));
        RestAssured.given().header("Authorization", "Bearer " + market.token("b-1", "buyer")).get("/api/v1/me/reviews").then().statusCode(401);
        JwtClaims claims = claims(market, "b-1");
        claims.setAudience("https://candor.test/api");
        RestAssured.given().header("Authorization", "Bearer " + market.tokenWith(claims)).get("/api/v1/me/reviews").then().statusCode(200);
        JwtClaims other = claims(market, "b-1");
        other.setAudience("https://elsewhere.test/api");
        RestAssured.given().header("Authorization", "Bearer " + market.tokenWith(other)).get("/api/v1/me/reviews").then().statusCode(401);

        TestMarketplace.admin().body(Map.of("audience", "")).patch("/api/v1/admin/tenants/" + market.slug).then().statusCode(200)
                .body("audience", nullValue());
        RestAssured.given().header("Authorization", "Bearer " + market.token("b-1", "buyer")).get("/api/v1/me/reviews").then().statusCode(200);
        for (String typ : List.of("refresh+jwt", "id_token+jwt", "logout+jwt", "application/secevent+jwt")) {
            RestAssured.given().header("Authorization", "Bearer " + market.tokenWithType(claims(market, "b-1"), typ)).get("/api/v1/me/reviews")
                    .then().statusCode(401);
        }
        for (String typ : List.of("JWT", "at+jwt", "application/at+jwt")) {
            RestAssured.given().header("Authorization", "Bearer " + market.tokenWithType(claims(market, "b-1"), typ)).get("/api/v1/me/reviews")
                    .then().statusCode(200);
        }
    }

    static JwtClaims claims(TestMarketplace market, String party) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(market.issuer);
        claims.setSubject(party);
        claims.setStringListClaim("groups", "buyer");
        claims.setExpirationTime(TestMarketplace.minutesFromNow(10));
        return claims;
    }

    @Test
    void signInFormsAreTakenOnlyFromCandorOrTheMarketplacesRegisteredOrigins() {
        TestMarketplace market = TestMarketplace.create();
        String token = market.token("s-1", "seller");
        RestAssured.given().redirects().follow(false).header("Origin", "https://evil.example").formParam("token", token)
                .post("/signin/" + market.slug).then().statusCode(403).header("Set-Cookie", nullValue());
        RestAssured.given().redirects().follow(false).formParam("token", token)
                .post("/signin/" + market.slug).then().statusCode(403).header("Set-Cookie", nullValue());
        RestAssured.given().redirects().follow(false).header("Referer", "https://evil.example/login").formParam("token", token)
                .post("/signin/" + market.slug).then().statusCode(403);
        RestAssured.given().redirects().follow(false).header("Referer", CANDOR + "/signin").formParam("token", token)
                .post("/signin/" + market.slug).then().statusCode(303);
        RestAssured.given().redirects().follow(false).header("Origin", "https://shop.example").formParam("token", token)
                .post("/signin/" + market.slug).then().statusCode(403);
        market.allowSignInFrom("https://Shop.example:443");
        RestAssured.given().redirects().follow(false).header("Origin", "https://shop.example").formParam("token", token)
                .post("/signin/" + market.slug).then().statusCode(303).header("Location", equalTo("/seller"));
        TestMarketplace.admin().body(Map.of("signInOrigins", List.of("https://shop.example/path"))).patch("/api/v1/admin/tenants/" + market.slug)
                .then().statusCode(422).body("errors[0].field", equalTo("signInOrigins[0]"));
    }

    @Test
    void healthAndMetricsAreOnlyOnTheManagementInterface() {
        RestAssured.given().get("/q/metrics").then().statusCode(404);
        RestAssured.given().get("/q/health/ready").then().statusCode(404);
        Management.given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void randomPathsDoNotUseUpTheMetricsTagBudget() {
        TestMarketplace market = TestMarketplace.create();
        Random random = new Random(11);
        String big = "x".repeat(70 * 1024);
        for (int i = 0; i < 1000; i++) {
            String path = "/api/v1/random-" + Long.toHexString(random.nextLong());
            if (i % 3 == 0) {
                RestAssured.given().contentType(ContentType.JSON).body(big).post(path).then().statusCode(413);
            } else if (i % 3 == 1) {
                RestAssured.given().get(path).then().statusCode(404);
            } else {
                RestAssured.given().urlEncodingEnabled(false).get(path + ";x").then().statusCode(400);
            }
        }
        RestAssured.given().get(market.publicPath("/policy")).then().statusCode(200);
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("uri=\"/api/v1/public/{tenant}/policy\""), "the real endpoint still has its series");
        assertFalse(metrics.contains("random-"), "no series per random path");
        Map<String, Long> uris = new LinkedHashMap<>();
        metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{")).forEach(l -> {
            int at = l.indexOf("uri=\"");
            uris.merge(l.substring(at + 5, l.indexOf('"', at + 5)), 1L, Long::sum);
        });
        assertTrue(uris.size() < 100, "tags: " + uris.keySet());
        // Route templates, or Micrometer's own fixed names for what has none.
        assertTrue(uris.keySet().stream().allMatch(u -> u.startsWith("/") || Set.of("NOT_FOUND", "REDIRECTION", "UNKNOWN", "root").contains(u)),
                uris.keySet().toString());
        assertTrue(metrics.contains("uri=\"/unmatched\""), "refused and unmatched requests share one tag");
    }

    @Test
    void aNumberOutOfRangeOrAnOversizedValueIsNoServerError() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        market.asBuyer("b-1").body("{\"transaction\":\"o-1\",\"subject\":{\"type\":\"product\",\"ref\":\"sku-1\"},\"rating\":99999999999999999999,\"body\":\"x\"}")
                .post("/api/v1/reviews").then().statusCode(containsStatus4xx());
        RestAssured.given().queryParam("limit", "99999999999999999999").get(market.publicPath("/subjects/product/sku-1/reviews"))
                .then().statusCode(containsStatus4xx());
    }

    static org.hamcrest.Matcher<Integer> containsStatus4xx() {
        return org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(400)).and(org.hamcrest.Matchers.lessThan(500));
    }
}
