package io.candor.transparency;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The transparency report against a scenario whose every count is known. */
@QuarkusTest
class TransparencyTest {

    @Test
    void countsWhatHappenedAndShowsRemovalRatesByStarRating() {
        TestMarketplace market = TestMarketplace.create(Map.of("blockedWords", List.of("scam")));
        int[] ratings = {1, 1, 1, 2, 3, 4, 5, 5};
        String[] ids = new String[ratings.length];
        for (int i = 0; i < ratings.length; i++) {
            market.purchase("o-" + i, "b-" + i, "s-1", 1, "sku-" + i);
            ids[i] = market.review("b-" + i, "o-" + i, "sku-" + i, ratings[i], "Honest review number " + i + " of what I bought.");
        }
        market.purchase("o-held", "b-held", "s-1", 1, "sku-held");
        market.asBuyer("b-held").body(Map.of("transaction", "o-held", "subject", Map.of("type", "product", "ref", "sku-held"), "rating", 1,
                "body", "What a scam")).post("/api/v1/reviews").then().statusCode(201).body("status", equalTo("held"));
        market.purchase("o-pi", "b-pi", "s-1", 1, "sku-pi");
        market.review("b-pi", "o-pi", "sku-pi", 3, "Average. Ask me at buyer.pi@example.com");
        market.asBuyer("b-0").body(Map.of("transaction", "o-0", "subject", Map.of("type", "seller", "ref", "s-1"), "rating", 2,
                "body", "Slow shipping.")).post("/api/v1/reviews").then().statusCode(201).body("status", equalTo("sealed"));

        market.report("r-1", ids[0], "spam");
        market.report("r-2", ids[7], "spam");
        market.report("r-3", ids[2], "harassment");
        String removedOneStar = market.decide("m-1", (String) market.openCase("review", ids[0]).get("id"), "remove", "spam", "Advert.");
        market.decide("m-1", (String) market.openCase("review", ids[7]).get("id"), "remove", "incentivized", "Written for a voucher.");
        market.decide("m-1", (String) market.openCase("review", ids[2]).get("id"), "keep", "harassment", "Criticism, not harassment.");
        Map<String, Object> held = market.asModerator("m-1").get("/api/v1/moderation/cases").jsonPath()
                .<Map<String, Object>>getList("items").stream().filter(c -> ((List<?>) c.get("signals")).toString().contains("check:blocked-words"))
                .findFirst().orElseThrow();
        market.decide("m-1", (String) held.get("id"), "keep", "offensive", "Strong words about a purchase are allowed.");
        String appeal = market.asBuyer("b-0").body(Map.of("decision", removedOneStar, "grounds", "My honest experience."))
                .post("/api/v1/appeals").then().statusCode(201).extract().path("id");
        market.asModerator("m-2").body(Map.of("outcome", "overturned", "statement", "Not an advert."))
                .post("/api/v1/moderation/appeals/" + appeal + "/decision").then().statusCode(201);

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        Response report = market.anonymous().queryParam("from", today).queryParam("to", today).get(market.publicPath("/transparency"));
        report.then().statusCode(200)
                .header("Cache-Control", "public, max-age=30")
                .body("from", equalTo(today)).body("to", equalTo(today))
                .body("reviews.submitted", equalTo(11))
                .body("reviews.published", equalTo(9))
                .body("reviews.held", equalTo(1))
                .body("reviews.sealed", equalTo(1))
                .body("automated.'personal-information'", equalTo(1))
                .body("automated.'blocked-words'", equalTo(1))
                .body("automated.links", equalTo(0))
                .body("automated.burst", equalTo(0))
                .body("reports.spam", equalTo(2))
                .body("reports.harassment", equalTo(1))
                .body("reports.illegal", equalTo(0))
                .body("decisions.byAction.remove", equalTo(2))
                .body("decisions.byAction.keep", equalTo(2))
                .body("decisions.byAction.redact", equalTo(1))
                .body("decisions.byPolicy.spam", equalTo(1))
                .body("decisions.byPolicy.incentivized", equalTo(1))
                .body("decisions.byPolicy.'personal-information'", equalTo(1))
                .body("decisions.automated", equalTo(1))
                .body("decisions.medianHoursToDecision", lessThan(1.0f))
                .body("appeals.submitted", equalTo(1))
                .body("appeals.upheld", equalTo(0))
                .body("appeals.overturned", equalTo(1))
                .body("appeals.medianHoursToDecision", notNullValue())
                // 1 star: four written, the one removal was overturned; 5 stars: one of two removed
                .body("removalRateByRating.\'1\'", equalTo(0.0f))
                .body("removalRateByRating.\'2\'", equalTo(0.0f))
                .body("removalRateByRating.\'3\'", equalTo(0.0f))
                .body("removalRateByRating.\'4\'", equalTo(0.0f))
                .body("removalRateByRating.\'5\'", equalTo(0.5f));
        market.anonymous().header("If-None-Match", report.header("ETag")).queryParam("from", today).queryParam("to", today)
                .get(market.publicPath("/transparency")).then().statusCode(304);
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        market.anonymous().queryParam("from", yesterday).queryParam("to", yesterday).get(market.publicPath("/transparency")).then().statusCode(200)
                .body("reviews.submitted", equalTo(0)).body("removalRateByRating.\'1\'", nullValue()).body("decisions.medianHoursToDecision", nullValue());
        market.anonymous().get(market.publicPath("/transparency")).then().statusCode(200).body("reviews.submitted", equalTo(11));
    }

    @Test
    void badPeriodsAreRefused() {
        TestMarketplace market = TestMarketplace.create();
        market.anonymous().queryParam("from", "yesterday").get(market.publicPath("/transparency")).then().statusCode(422)
                .body("errors.field", hasItem("from"));
        market.anonymous().queryParam("from", "2026-11-02").queryParam("to", "2026-11-01").get(market.publicPath("/transparency"))
                .then().statusCode(422);
        market.anonymous().queryParam("from", "2024-01-01").queryParam("to", "2026-01-01").get(market.publicPath("/transparency"))
                .then().statusCode(422).body("errors.field", hasItem("to"));
        market.anonymous().get("/api/v1/public/no-such-market/transparency").then().statusCode(404);
    }
}
