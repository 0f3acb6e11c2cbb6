package io.candor.review;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Incentive disclosure (issue #14): a review says whether its author received something for it; the author declares it,
 * or the marketplace on the transaction, and then it stays; incentivised reviews carry a badge everywhere, the tenant's
 * policy decides whether they count in summaries, and the summary and the transparency report say how many there are.
 */
@QuarkusTest
class IncentiveDisclosureTest {

    static Map<String, Object> review(String transaction, String product, int rating, String incentive) {
        return incentive == null
                ? Map.of("transaction", transaction, "subject", Map.of("type", "product", "ref", product), "rating", rating, "body", "Works well.")
                : Map.of("transaction", transaction, "subject", Map.of("type", "product", "ref", product), "rating", rating, "body", "Works well.",
                "incentive", incentive);
    }

    @Test
    void anIncentivisedReviewIsShownWithItsBadgeAndCountedApartByDefault() {
        TestMarketplace market = TestMarketplace.create(Map.of("minReviewsForAverage", 1));
        market.purchase("o-1", "b-1", "s-1", 2, "sku-1");
        market.purchase("o-2", "b-2", "s-1", 2, "sku-1");
        String free = market.asBuyer("b-1").body(review("o-1", "sku-1", 5, "free_product")).post("/api/v1/reviews")
                .then().statusCode(201).body("incentive", equalTo("free_product"))
                .body("labels", equalTo(List.of("verified-purchase", "incentivized"))).extract().path("id");
        market.asBuyer("b-2").body(review("o-2", "sku-1", 2, null)).post("/api/v1/reviews")
                .then().statusCode(201).body("incentive", equalTo("none")).body("labels", equalTo(List.of("verified-purchase")));

        market.anonymous().get(market.publicPath("/reviews/" + free)).then().statusCode(200)
                .body("incentive", equalTo("free_product")).body("labels", hasItem("incentivized"));
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().statusCode(200)
                .body("count", equalTo(1)).body("average", equalTo(2.0f)).body("histogram.5", equalTo(0))
                .body("incentivized.count", equalTo(1)).body("incentivized.counted", equalTo(false));
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/reviews")).then().statusCode(200)
                .body("items.size()", equalTo(2)); // shown, whatever the policy
        market.anonymous().get("/api/v1/public/" + market.slug + "/policy").then().statusCode(200)
                .body("policy.countIncentivizedReviews", equalTo(false)).body("ratings", containsString("do not count"));

        // the author discloses later, or takes back what they alone declared: the summary follows
        String plain = market.asBuyer("b-2").get("/api/v1/me/reviews").then().statusCode(200).extract().path("items[0].id");
        market.asBuyer("b-2").header("If-Match", "\"1\"").body(Map.of("incentive", "payment")).patch("/api/v1/reviews/" + plain)
                .then().statusCode(200).body("incentive", equalTo("payment")).body("labels", hasItem("incentivized"));
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then()
                .body("count", equalTo(0)).body("incentivized.count", equalTo(2));
        market.asBuyer("b-1").header("If-Match", "\"1\"").body(Map.of("incentive", "none")).patch("/api/v1/reviews/" + free)
                .then().statusCode(200).body("labels", not(hasItem("incentivized")));
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then()
                .body("count", equalTo(1)).body("average", equalTo(5.0f)).body("incentivized.count", equalTo(1));
    }

    @Test
    void whatTheMarketplaceDeclaredOnTheTransactionStays() {
        TestMarketplace market = TestMarketplace.create();
        market.asMarketplace().body(Map.of("ref", "o-vine", "buyer", "b-1", "seller", "s-1",
                        "completedAt", Instant.now().minusSeconds(3600).toString(), "products", List.of("sku-1"), "incentive", "free_product"))
                .post("/api/v1/transactions").then().statusCode(201).body("incentive", equalTo("free_product"));
        // the same registration again is a no-op; another incentive for the same ref is a conflict
        market.asMarketplace().body(Map.of("ref", "o-vine", "buyer", "b-1", "seller", "s-1",
                        "completedAt", Instant.now().minusSeconds(3600).toString(), "products", List.of("sku-1"), "incentive", "discount"))
                .post("/api/v1/transactions").then().statusCode(409);

        String id = market.asBuyer("b-1").body(review("o-vine", "sku-1", 5, null)).post("/api/v1/reviews")
                .then().statusCode(201).body("incentive", equalTo("free_product")).body("labels", hasItem("incentivized"))
                .extract().path("id");
        market.asBuyer("b-1").header("If-Match", "\"1\"").body(Map.of("incentive", "none")).patch("/api/v1/reviews/" + id)
                .then().statusCode(422).body("errors.field", hasItem("incentive"));
        market.asBuyer("b-1").get("/api/v1/me/reviews/" + id).then().statusCode(200).header("ETag", "\"1\"").body("incentive", equalTo("free_product"));
        market.asBuyer("b-1").header("If-Match", "\"1\"").body(Map.of("incentive", "free_product", "rating", 4)).patch("/api/v1/reviews/" + id)
                .then().statusCode(200).body("rating", equalTo(4)).body("incentive", equalTo("free_product"));
    }

    @Test
    void anUnknownIncentiveIsRefusedWhereItEntersAndChangesNothing() {
        TestMarketplace market = TestMarketplace.create();
        market.asMarketplace().body(Map.of("ref", "o-bad", "buyer", "b-1", "seller", "s-1",
                        "completedAt", Instant.now().minusSeconds(3600).toString(), "products", List.of("sku-1"), "incentive", "gift card"))
                .post("/api/v1/transactions").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("incentive"));
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        market.asBuyer("b-1").body(review("o-1", "sku-1", 5, "FREE_PRODUCT")).post("/api/v1/reviews")
                .then().statusCode(422).body("errors.field", hasItem("incentive"));
        market.asBuyer("b-1").get("/api/v1/me/reviews").then().statusCode(200).body("items.size()", equalTo(0));
        market.purchase("o-bad", "b-1", "s-1", 1, "sku-1"); // nothing was stored under that ref: a new registration is 201
    }

    @Test
    void thePolicyDecidesWhetherTheyCountAndTheTransparencyReportCountsThem() {
        TestMarketplace market = TestMarketplace.create(Map.of("minReviewsForAverage", 1));
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        market.purchase("o-2", "b-2", "s-1", 1, "sku-1");
        market.asBuyer("b-1").body(review("o-1", "sku-1", 5, "discount")).post("/api/v1/reviews").then().statusCode(201);
        market.asBuyer("b-2").body(review("o-2", "sku-1", 3, null)).post("/api/v1/reviews").then().statusCode(201);
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(1));

        TestMarketplace.admin().body(Map.of("policy", Map.of("countIncentivizedReviews", true)))
                .patch("/api/v1/admin/tenants/" + market.slug).then().statusCode(200).body("policy.countIncentivizedReviews", equalTo(true));
        // the tenant's summaries are recomputed after the change commits, on a thread of its own
        awaitSummary(market, "sku-1", 2);
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then()
                .body("average", equalTo(4.0f)).body("incentivized.count", equalTo(1)).body("incentivized.counted", equalTo(true));
        // a write under the new policy moves the counters the same way
        market.purchase("o-3", "b-3", "s-1", 1, "sku-1");
        market.asBuyer("b-3").body(review("o-3", "sku-1", 1, "payment")).post("/api/v1/reviews").then().statusCode(201);
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then()
                .body("count", equalTo(3)).body("incentivized.count", equalTo(2));
        TestMarketplace.admin().post("/api/v1/admin/tenants/" + market.slug + "/summaries/recompute").then().statusCode(200)
                .body("drifted", equalTo(0));

        TestMarketplace.admin().body(Map.of("policy", Map.of("countIncentivizedReviews", false)))
                .patch("/api/v1/admin/tenants/" + market.slug).then().statusCode(200);
        awaitSummary(market, "sku-1", 1);

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        market.anonymous().get("/api/v1/public/" + market.slug + "/transparency?from=" + today + "&to=" + today).then().statusCode(200)
                .body("reviews.submitted", equalTo(3)).body("reviews.incentivized", equalTo(2));
    }

    static void awaitSummary(TestMarketplace market, String product, int count) {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        int seen = -1;
        while (Instant.now().isBefore(until)) {
            seen = market.anonymous().get(market.publicPath("/subjects/product/" + product + "/summary")).then().statusCode(200)
                    .extract().path("count");
            if (seen == count) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        assertEquals(count, seen, "the summary after the policy change");
    }
}
