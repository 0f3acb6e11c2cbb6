package io.candor.tenant;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class AdminTenantResourceTest {

    static String slug() {
        return "acme-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> tenant(String slug) {
        return Map.of("slug", slug, "displayName", "Acme", "issuer", "https://id." + slug + ".test.invalid",
                "publicKeys", List.of(TestMarketplace.pem(TestMarketplace.rsaKeys().getPublic())));
    }

    @Test
    void createsTenantWithDefaultsAndShowsTheApiKeyOnlyOnce() {
        String slug = slug();
        TestMarketplace.admin().body(tenant(slug)).post("/api/v1/admin/tenants")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/admin/tenants/" + slug))
                .body("slug", equalTo(slug))
                .body("apiKey", startsWith("cnd_" + slug + "_"))
                .body("policy.reviewWindowDays", equalTo(90))
                .body("policy.editWindowDays", equalTo(60))
                .body("policy.mutualRevealDays", equalTo(14))
                .body("policy.priorWeight", equalTo(7.0f))
                .body("policy.priorMean", equalTo(3.5f))
                .body("policy.minReviewsForAverage", equalTo(3))
                .body("policy.appealWindowDays", equalTo(183))
                .body("policy.requireVerifiedPurchase", equalTo(true))
                .body("publicKeys", hasSize(1));
        TestMarketplace.admin().get("/api/v1/admin/tenants/" + slug)
                .then().statusCode(200)
                .body("apiKey", nullValue())
                .body("apiKeys", hasSize(1))
                .body("apiKeys[0].prefix", notNullValue());
    }

    @Test
    void refusesDuplicatesAndBadInput() {
        String slug = slug();
        TestMarketplace.admin().body(tenant(slug)).post("/api/v1/admin/tenants").then().statusCode(201);
        TestMarketplace.admin().body(tenant(slug)).post("/api/v1/admin/tenants")
                .then().statusCode(409).contentType("application/problem+json").body("type", equalTo("/problems/already-exists"));
        TestMarketplace.admin().body(Map.of("slug", "Bad Slug!", "displayName", "x", "issuer", "https://x.test.invalid"))
                .post("/api/v1/admin/tenants")
                .then().statusCode(422).body("type", equalTo("/problems/validation")).body("errors.field", hasItem("slug"));
        TestMarketplace.admin().body(Map.of("slug", slug(), "displayName", "x", "issuer", "https://y.test.invalid",
                        "publicKeys", List.of("-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----")))
                .post("/api/v1/admin/tenants")
                .then().statusCode(422).body("errors.field", hasItem("publicKeys[0]"));
        TestMarketplace.admin().body(Map.of("slug", slug(), "displayName", "x", "issuer", "https://z.test.invalid",
                        "policy", Map.of("appealWindowDays", 30, "priorMean", 9)))
                .post("/api/v1/admin/tenants")
                .then().statusCode(422).body("errors.field", hasItem("policy.appealWindowDays")).body("errors.field", hasItem("policy.priorMean"));
        TestMarketplace.admin().body(Map.of("slug", slug(), "displayName", "x", "issuer", "https://w.test.invalid", "email", "x"))
                .post("/api/v1/admin/tenants")
                .then().statusCode(400).body("type", equalTo("/problems/unknown-field")).body("errors[0].field", equalTo("email"));
        TestMarketplace.admin().body(Map.of("slug", slug(), "displayName", "x", "issuer", "https://v.test.invalid",
                        "policy", Map.of("socialScore", true)))
                .post("/api/v1/admin/tenants")
                .then().statusCode(400).body("type", equalTo("/problems/unknown-field"));
        TestMarketplace.admin().body("{\"slug\": ").post("/api/v1/admin/tenants")
                .then().statusCode(400).body("type", equalTo("/problems/malformed-json"));
    }

    @Test
    void patchMergesPolicyAndReplacesKeys() {
        TestMarketplace market = TestMarketplace.create();
        TestMarketplace.admin().body(Map.of("displayName", "Renamed", "policy", Map.of("reviewWindowDays", 30, "blockedWords", List.of("Spam"))))
                .patch("/api/v1/admin/tenants/" + market.slug)
                .then().statusCode(200)
                .body("displayName", equalTo("Renamed"))
                .body("policy.reviewWindowDays", equalTo(30))
                .body("policy.editWindowDays", equalTo(60))
                .body("policy.blockedWords", equalTo(List.of("spam")));
        String buyerToken = market.token("b-1", "buyer");
        // used once, the token is verified and remembered (TokenVerifier's cache); replacing the keys must still refuse it
        RestAssured.given().header("Authorization", "Bearer " + buyerToken).get("/api/v1/me/reviews").then().statusCode(200);
        RestAssured.given().header("Authorization", "Bearer " + buyerToken).get("/api/v1/me/reviews").then().statusCode(200);
        TestMarketplace.admin().body(Map.of("publicKeys", List.of(TestMarketplace.pem(TestMarketplace.rsaKeys().getPublic()))))
                .patch("/api/v1/admin/tenants/" + market.slug)
                .then().statusCode(200).body("publicKeys", hasSize(1));
        RestAssured.given().header("Authorization", "Bearer " + buyerToken).get("/api/v1/me/reviews").then().statusCode(401);
        TestMarketplace.admin().body(Map.of("policy", Map.of("recentWindowDays", 0)))
                .patch("/api/v1/admin/tenants/" + market.slug)
                .then().statusCode(422);
        TestMarketplace.admin().get("/api/v1/admin/tenants/" + market.slug).then().body("policy.reviewWindowDays", equalTo(30));
    }

    @Test
    void rotatesAndRevokesApiKeys() {
        TestMarketplace market = TestMarketplace.create();
        String second = TestMarketplace.admin().post("/api/v1/admin/tenants/" + market.slug + "/api-keys")
                .then().statusCode(201).extract().path("apiKey");
        String firstPrefix = market.apiKey.substring(market.apiKey.lastIndexOf('_') + 1, market.apiKey.lastIndexOf('_') + 9);
        Map<String, Object> purchase = Map.of("ref", "o-1", "buyer", "b-1", "seller", "s-1", "completedAt", "2026-01-01T00:00:00Z", "products", List.of());
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + second).body(purchase)
                .post("/api/v1/transactions").then().statusCode(201);
        market.asMarketplace().body(purchase).post("/api/v1/transactions").then().statusCode(200);
        TestMarketplace.admin().delete("/api/v1/admin/tenants/" + market.slug + "/api-keys/" + firstPrefix).then().statusCode(204);
        market.asMarketplace().body(purchase).post("/api/v1/transactions").then().statusCode(401).body("type", equalTo("/problems/unauthenticated"));
        RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + second).body(purchase)
                .post("/api/v1/transactions").then().statusCode(200);
        TestMarketplace.admin().delete("/api/v1/admin/tenants/" + market.slug + "/api-keys/zzzzzzzz").then().statusCode(404);
    }

    @Test
    void onlyTheOperatorMayUseTheAdminApi() {
        TestMarketplace market = TestMarketplace.create();
        RestAssured.given().get("/api/v1/admin/tenants/" + market.slug)
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        RestAssured.given().header("Authorization", "Bearer wrong").get("/api/v1/admin/tenants/" + market.slug).then().statusCode(401);
        market.asMarketplace().get("/api/v1/admin/tenants/" + market.slug).then().statusCode(403).body("type", equalTo("/problems/forbidden"));
        market.as("m-1", "moderator").get("/api/v1/admin/tenants/" + market.slug).then().statusCode(403);
        TestMarketplace.admin().get("/api/v1/admin/tenants/no-such-tenant").then().statusCode(404).body("type", equalTo("/problems/not-found"));
    }
}
