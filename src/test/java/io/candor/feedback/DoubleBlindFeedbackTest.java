package io.candor.feedback;

import io.agroal.api.AgroalDataSource;
import io.candor.testing.TestMarketplace;
import io.candor.testing.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class DoubleBlindFeedbackTest {

    @Inject
    AgroalDataSource db;

    static Map<String, Object> sellerReview(String transaction, String seller, int rating) {
        return Map.of("transaction", transaction, "subject", Map.of("type", "seller", "ref", seller), "rating", rating, "body", "About the shop");
    }

    /**
     * Moves a transaction into the past, as if time had passed: its completion and, if sealed, its review's reveal time
     * (arithmetic in UTC, which is immutable, so that Citus can run it on the shards).
     */
    void backdate(String slug, String ref, int days) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE completed_transaction SET completed_at = ((completed_at AT TIME ZONE 'UTC') - ? * interval '1 day') AT TIME ZONE 'UTC' "
                        + "WHERE ref = ? AND tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?)");
             PreparedStatement sealed = c.prepareStatement("UPDATE review r SET reveal_by = ((r.reveal_by AT TIME ZONE 'UTC') - ? * interval '1 day') AT TIME ZONE 'UTC' "
                     + "FROM completed_transaction t WHERE t.tenant_id = r.tenant_id AND t.transaction_id = r.transaction_id AND t.ref = ? "
                     + "AND r.tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?) AND r.reveal_by IS NOT NULL")) {
            for (PreparedStatement statement : new PreparedStatement[]{ps, sealed}) {
                statement.setInt(1, days);
                statement.setString(2, ref);
                statement.setString(3, slug);
                statement.executeUpdate();
            }
        }
    }

    @Test
    void bothSidesStaySealedUntilBothExistThenAreRevealedTogether() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        try (WebhookReceiver receiver = WebhookReceiver.start(0, 0)) {
            market.asMarketplace().body(Map.of("url", receiver.url(), "secret", "a-webhook-secret-for-tests")).put("/api/v1/webhook").then().statusCode(200);
            market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
            String review = market.asBuyer("b-1").body(sellerReview("o-1", "s-1", 2)).post("/api/v1/reviews")
                    .then().statusCode(201).body("status", equalTo("sealed")).extract().path("id");
            // nobody but the author sees a sealed review, and it does not count
            market.anonymous().get(market.publicPath("/reviews/" + review)).then().statusCode(404);
            market.anonymous().get(market.publicPath("/subjects/seller/s-1/summary")).then().body("count", equalTo(0));
            market.asSeller("s-1").get("/api/v1/seller/reviews").then().body("items", hasSize(0));
            market.asBuyer("b-1").get("/api/v1/me/reviews/" + review).then().statusCode(200).body("status", equalTo("sealed"));

            market.asSeller("s-1").body(Map.of("rating", "positive", "comment", "Paid quickly, friendly messages."))
                    .put("/api/v1/transactions/o-1/buyer-feedback")
                    .then().statusCode(200).body("status", equalTo("published")).body("revealedAt", notNullValue());
            market.anonymous().get(market.publicPath("/reviews/" + review)).then().statusCode(200).body("rating", equalTo(2));
            market.anonymous().get(market.publicPath("/subjects/seller/s-1/summary")).then().body("count", equalTo(1));
            market.asBuyer("b-1").get("/api/v1/me/feedback").then().statusCode(200)
                    .body("items[0].rating", equalTo("positive")).body("items[0].transaction", equalTo("o-1"));
            market.asSeller("s-1").body(Map.of("rating", "negative")).put("/api/v1/transactions/o-1/buyer-feedback")
                    .then().statusCode(409);
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.accepted().stream()
                    .anyMatch(r -> "feedback.revealed".equals(JsonPath.from(r.body()).getString("type"))));
            JsonPath revealed = receiver.accepted().stream().map(r -> JsonPath.from(r.body()))
                    .filter(j -> "feedback.revealed".equals(j.getString("type"))).findFirst().orElseThrow();
            org.junit.jupiter.api.Assertions.assertEquals(review, revealed.getString("data.review.id"));
            org.junit.jupiter.api.Assertions.assertEquals("positive", revealed.getString("data.feedback.rating"));
        }
    }

    @Test
    void feedbackFirstStaysSealedAndTheWindowsEndRevealsWhatever() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        market.asSeller("s-1").body(Map.of("rating", "negative", "comment", "Returned the item used.")).put("/api/v1/transactions/o-1/buyer-feedback")
                .then().statusCode(200).body("status", equalTo("sealed")).body("revealBy", notNullValue());
        market.asBuyer("b-1").get("/api/v1/me/feedback").then().body("items", hasSize(0));
        market.asMarketplace().get("/api/v1/buyers/b-1/feedback-summary").then().statusCode(200).body("negative", equalTo(0));
        // the seller may still change sealed feedback
        market.asSeller("s-1").body(Map.of("rating", "neutral")).put("/api/v1/transactions/o-1/buyer-feedback")
                .then().statusCode(200).body("rating", equalTo("neutral")).body("comment", nullValue());
        market.asSeller("s-1").get("/api/v1/me/feedback?direction=given").then().body("items[0].status", equalTo("sealed"));

        market.purchase("o-2", "b-2", "s-1", 1, "sku-1");
        String lonelyReview = market.asBuyer("b-2").body(sellerReview("o-2", "s-1", 5)).post("/api/v1/reviews")
                .then().statusCode(201).body("status", equalTo("sealed")).extract().path("id");

        backdate(market.slug, "o-1", 15);
        backdate(market.slug, "o-2", 15);
        await().atMost(Duration.ofSeconds(90)).until(() ->
                market.anonymous().get(market.publicPath("/reviews/" + lonelyReview)).statusCode() == 200);
        await().atMost(Duration.ofSeconds(90)).until(() ->
                market.asBuyer("b-1").get("/api/v1/me/feedback").jsonPath().getList("items").size() == 1);
        market.asMarketplace().get("/api/v1/buyers/b-1/feedback-summary").then()
                .body("windowDays", equalTo(365)).body("neutral", equalTo(1)).body("positive", equalTo(0));
        market.anonymous().get(market.publicPath("/subjects/seller/s-1/summary")).then().body("count", equalTo(1));
    }

    @Test
    void onlyTheSellerOfTheTransactionGivesFeedbackAndOnlyInside() {
        TestMarketplace market = TestMarketplace.create(Map.of("mutualRevealDays", 0, "reviewWindowDays", 30));
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        market.asSeller("s-2").body(Map.of("rating", "positive")).put("/api/v1/transactions/o-1/buyer-feedback").then().statusCode(404);
        market.asBuyer("b-1").body(Map.of("rating", "positive")).put("/api/v1/transactions/o-1/buyer-feedback").then().statusCode(403);
        market.asSeller("s-1").body(Map.of("rating", "great")).put("/api/v1/transactions/o-1/buyer-feedback")
                .then().statusCode(422).body("errors.field", hasItem("rating"));
        market.asSeller("s-1").body(Map.of("rating", "positive", "comment", "x".repeat(1001))).put("/api/v1/transactions/o-1/buyer-feedback")
                .then().statusCode(422).body("errors.field", hasItem("comment"));
        market.asSeller("s-1").body(Map.of("rating", "positive")).put("/api/v1/transactions/o-1/buyer-feedback")
                .then().statusCode(200).body("status", equalTo("published"));
        market.purchase("o-old", "b-1", "s-1", 31, "sku-1");
        market.asSeller("s-1").body(Map.of("rating", "positive")).put("/api/v1/transactions/o-old/buyer-feedback")
                .then().statusCode(422).body("type", equalTo("/problems/window-closed"));
        market.asSeller("s-1").get("/api/v1/seller/feedback-due").then().statusCode(200).body("transaction", hasItem("o-1"));
        market.asBuyer("b-1").get("/api/v1/buyers/b-1/feedback-summary").then().statusCode(403);
        market.asMarketplace().get("/api/v1/buyers/b-9/feedback-summary").then().statusCode(200).body("positive", equalTo(0));
        // a buyer has no score anywhere public
        market.anonymous().get(market.publicPath("/subjects/buyer/b-1/summary")).then().statusCode(404);
        market.asBuyer("b-1").get("/api/v1/me/feedback").then().body("items", hasSize(1)).body("items[0].rating", equalTo("positive"));
        market.asBuyer("b-2").get("/api/v1/me/feedback").then().body("items", equalTo(List.of()));
    }
}
