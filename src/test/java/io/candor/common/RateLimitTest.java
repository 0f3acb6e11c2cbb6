package io.candor.common;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** The real budgets, made small: public reads per address and writes per party answer 429 with Retry-After. */
@QuarkusTest
@TestProfile(RateLimitTest.SmallBudgets.class)
class RateLimitTest {

    public static class SmallBudgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("candor.rate-limit.public-reads-per-minute", "5",
                    "candor.rate-limit.writes-per-minute", "3",
                    "candor.rate-limit.writes-per-minute-per-address", "1000",
                    "candor.rate-limit.sign-ins-per-minute-per-address", "3",
                    "candor.rate-limit.exports-per-hour", "2",
                    "candor.rate-limit.exports-per-hour-per-address", "1000");
        }
    }

    @Test
    void publicReadsArePacedPerClientAddress() {
        TestMarketplace market = TestMarketplace.create();
        String path = market.publicPath("/subjects/product/p-1/summary");
        for (int i = 0; i < 5; i++) {
            RestAssured.given().get(path).then().statusCode(200);
        }
        RestAssured.given().get(path).then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/rate-limited"))
                .header("Retry-After", notNullValue());
    }

    @Test
    void writesArePacedPerPartyNotForEveryone() {
        TestMarketplace market = TestMarketplace.create();
        for (int i = 0; i < 3; i++) {
            market.asBuyer("b-1").body(Map.of("helpful", true)).put("/api/v1/reviews/" + java.util.UUID.randomUUID() + "/vote").then().statusCode(404);
        }
        market.asBuyer("b-1").body(Map.of("helpful", true)).put("/api/v1/reviews/" + java.util.UUID.randomUUID() + "/vote")
                .then().statusCode(429).header("Retry-After", notNullValue());
        market.asBuyer("b-2").body(Map.of("helpful", true)).put("/api/v1/reviews/" + java.util.UUID.randomUUID() + "/vote").then().statusCode(404);
    }

    @Test
    void signInsArePacedPerAddressAndExportsPerParty() {
        TestMarketplace market = TestMarketplace.create();
        String origin = "http://localhost:" + Integer.getInteger("quarkus.http.test-port", 8081);
        for (int i = 0; i < 3; i++) {
            RestAssured.given().redirects().follow(false).header("Origin", origin).formParam("token", market.token("s-1", "seller"))
                    .post("/signin/" + market.slug).then().statusCode(303);
        }
        RestAssured.given().redirects().follow(false).header("Origin", origin).formParam("token", market.token("s-1", "seller"))
                .post("/signin/" + market.slug).then().statusCode(429).header("Retry-After", notNullValue());

        for (int i = 0; i < 2; i++) {
            market.asBuyer("b-1").get("/api/v1/me/export").then().statusCode(200);
        }
        market.asBuyer("b-1").get("/api/v1/me/export").then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", notNullValue());
        market.asBuyer("b-2").get("/api/v1/me/export").then().statusCode(200);
    }
}
