package io.candor.common;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class AbuseLimitsTest {

    @Test
    void oversizedBodiesAreRefusedBeforeTheyAreRead() {
        String huge = "{\"body\":\"" + "x".repeat(70_000) + "\"}";
        RestAssured.given().contentType("application/json").body(huge).post("/api/v1/reviews")
                .then().statusCode(413).contentType("application/problem+json").body("type", equalTo("/problems/payload-too-large"));
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutExhaustingTheServer() {
        TestMarketplace market = TestMarketplace.create();
        String nested = "{\"subject\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";
        market.asBuyer("b-1").body(nested).post("/api/v1/reviews").then().statusCode(422).contentType("application/problem+json");
        String untyped = "[".repeat(5000) + "]".repeat(5000);
        market.asBuyer("b-1").body(untyped).post("/api/v1/reviews").then().statusCode(400).body("type", equalTo("/problems/malformed-json"));
    }

    @Test
    void unverifiedReviewsAreCappedPerPartyAndWeek() {
        TestMarketplace market = TestMarketplace.create(Map.of("requireVerifiedPurchase", false, "unverifiedReviewsPerWeek", 2));
        for (int i = 0; i < 2; i++) {
            market.asBuyer("b-1").body(Map.of("subject", Map.of("type", "product", "ref", "p-" + i), "rating", 4, "body", "Seen in a shop"))
                    .post("/api/v1/reviews").then().statusCode(201).body("verifiedPurchase", equalTo(false));
        }
        market.asBuyer("b-1").body(Map.of("subject", Map.of("type", "product", "ref", "p-9"), "rating", 4, "body", "One more"))
                .post("/api/v1/reviews").then().statusCode(429).header("Retry-After", notNullValue());
        // unverified reviews are shown but never count towards a score
        market.anonymous().get(market.publicPath("/subjects/product/p-0/summary")).then().body("count", equalTo(0));
        market.anonymous().get(market.publicPath("/subjects/product/p-0/reviews")).then().body("items[0].verifiedPurchase", equalTo(false));
    }
}
