package io.candor.common;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

@QuarkusTest
class ProblemAndIdempotencyTest {

    @Test
    void everyFailureIsProblemJsonWithoutInternals() {
        RestAssured.given().get("/api/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("/problems/not-found"));
        RestAssured.given().delete("/api/v1/transactions").then().statusCode(405)
                .contentType("application/problem+json").body("type", equalTo("/problems/method-not-allowed"));
        TestMarketplace market = TestMarketplace.create();
        market.asBuyer("b-1").contentType("text/plain").body("rating=5").post("/api/v1/reviews").then().statusCode(415)
                .contentType("application/problem+json");
        market.asBuyer("b-1").body("{\"rating\": 5,").post("/api/v1/reviews").then().statusCode(400)
                .body("type", equalTo("/problems/malformed-json"))
                .body(not(containsString("jackson")))
                .body(not(containsString("Exception")));
        market.asBuyer("b-1").body("[1,2,3]").post("/api/v1/reviews").then().statusCode(400).body("type", equalTo("/problems/malformed-json"));
        market.asBuyer("b-1").post("/api/v1/reviews").then().statusCode(400).body("type", equalTo("/problems/malformed-json"));
        market.asBuyer("b-1").body(Map.of("subject", Map.of("type", "product", "ref", "x", "phone", "1"), "rating", 5, "body", "x"))
                .post("/api/v1/reviews").then().statusCode(400).body("type", equalTo("/problems/unknown-field"))
                .body("errors[0].field", equalTo("subject.phone"));
        market.asBuyer("b-1").get("/api/v1/me/reviews/not-a-uuid").then().statusCode(404).body("type", equalTo("/problems/not-found"));
    }

    @Test
    void aRepeatedPostWithTheSameKeyGetsTheFirstAnswer() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        Map<String, Object> review = Map.of("transaction", "o-1", "subject", Map.of("type", "product", "ref", "sku-1"), "rating", 5, "body", "Once");
        String first = market.asBuyer("b-1").header("Idempotency-Key", "k-1").body(review).post("/api/v1/reviews")
                .then().statusCode(201).extract().path("id");
        var replay = market.asBuyer("b-1").header("Idempotency-Key", "k-1").body(review).post("/api/v1/reviews");
        replay.then().statusCode(201).header("Idempotent-Replayed", "true").header("ETag", "\"1\"")
                .header("Location", containsString(first));
        assertEquals(first, replay.path("id"));
        market.asBuyer("b-1").header("Idempotency-Key", "k-1").body(Map.of("transaction", "o-1", "subject", Map.of("type", "product", "ref", "sku-1"),
                "rating", 1, "body", "Changed")).post("/api/v1/reviews").then().statusCode(409).body("type", equalTo("/problems/conflict"));
        // another caller's key space is its own
        market.purchase("o-2", "b-2", "s-1", 1, "sku-1");
        String second = market.asBuyer("b-2").header("Idempotency-Key", "k-1")
                .body(Map.of("transaction", "o-2", "subject", Map.of("type", "product", "ref", "sku-1"), "rating", 4, "body", "Mine"))
                .post("/api/v1/reviews").then().statusCode(201).extract().path("id");
        assertNotEquals(first, second);
        // without a key, a repeat is a new request
        market.asBuyer("b-1").body(review).post("/api/v1/reviews").then().statusCode(409).body("type", equalTo("/problems/already-exists"));
        // refusals are replayed too
        market.asBuyer("b-1").header("Idempotency-Key", "k-2").body(review).post("/api/v1/reviews").then().statusCode(409);
        market.asBuyer("b-1").header("Idempotency-Key", "k-2").body(review).post("/api/v1/reviews").then().statusCode(409)
                .header("Idempotent-Replayed", "true");
        market.asBuyer("b-1").header("Idempotency-Key", "x".repeat(300)).body(review).post("/api/v1/reviews").then().statusCode(400);
    }

    @Test
    void transactionRegistrationReplaysWithTheSameKey() {
        TestMarketplace market = TestMarketplace.create();
        Map<String, Object> purchase = Map.of("ref", "o-9", "buyer", "b-1", "seller", "s-1", "completedAt", "2026-11-01T00:00:00Z");
        market.asMarketplace().header("Idempotency-Key", "t-1").body(purchase).post("/api/v1/transactions").then().statusCode(201);
        market.asMarketplace().header("Idempotency-Key", "t-1").body(purchase).post("/api/v1/transactions").then().statusCode(201)
                .header("Idempotent-Replayed", "true");
        market.asMarketplace().body(purchase).post("/api/v1/transactions").then().statusCode(200);
    }

    @Test
    void everyKindOfPostReplaysItsFirstAnswer() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String review = market.review("b-1", "o-1", "sku-1", 2, "The lamp flickers after a week of use.");
        Map<String, Object> report = Map.of("target", Map.of("type", "review", "id", review), "reason", "spam", "details", "An advert.");

        // answers that are DTOs, not Responses, used to fail their replay with a 500
        String recompute = "/api/v1/admin/tenants/" + market.slug + "/summaries/recompute";
        TestMarketplace.admin().header("Idempotency-Key", "r-1").post(recompute).then().statusCode(200);
        TestMarketplace.admin().header("Idempotency-Key", "r-1").post(recompute).then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("subjects", notNullValue());

        // the public report and the moderators' POSTs take an Idempotency-Key like every other POST
        String receipt = market.anonymous().header("Idempotency-Key", "p-1").body(report).post(market.publicPath("/reports"))
                .then().statusCode(202).extract().path("id");
        market.anonymous().header("Idempotency-Key", "p-1").body(report).post(market.publicPath("/reports"))
                .then().statusCode(202).header("Idempotent-Replayed", "true").body("id", equalTo(receipt));
        String caseId = (String) market.openCase("review", review).get("id");
        String assign = "/api/v1/moderation/cases/" + caseId + "/assign";
        market.asModerator("m-1").header("Idempotency-Key", "a-1").post(assign).then().statusCode(200);
        market.asModerator("m-1").header("Idempotency-Key", "a-1").post(assign).then().statusCode(200).header("Idempotent-Replayed", "true");
        Map<String, Object> decision = Map.of("action", "keep", "policy", "spam", "statement", "An honest review.");
        String decided = market.asModerator("m-1").header("Idempotency-Key", "d-1").body(decision)
                .post("/api/v1/moderation/cases/" + caseId + "/decision").then().statusCode(201).extract().path("id");
        market.asModerator("m-1").header("Idempotency-Key", "d-1").body(decision).post("/api/v1/moderation/cases/" + caseId + "/decision")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(decided));
    }
}
