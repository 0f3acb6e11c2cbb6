package io.candor.review;

import io.agroal.api.AgroalDataSource;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ReviewLifecycleTest {

    @Inject
    AgroalDataSource db;

    static Map<String, Object> productReview(String transaction, String product, int rating, String body) {
        return Map.of("transaction", transaction, "subject", Map.of("type", "product", "ref", product), "rating", rating, "body", body);
    }

    int sql(String statement, Object... params) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            if (statement.trim().toUpperCase().startsWith("SELECT")) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
            return ps.executeUpdate();
        }
    }

    @Test
    void aBuyerReviewsWhatTheyBoughtAndEveryoneSeesIt() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 3, "sku-1");
        // A control character is refused where it enters (the text gate), and nothing is stored.
        market.asBuyer("b-1")
                .body(Map.of("transaction", "o-1", "subject", Map.of("type", "product", "ref", "sku-1"), "rating", 4,
                        "title", "Solid lamp", "body", "Cafe light,\u0000 warm."))
                .post("/api/v1/reviews").then().statusCode(422).contentType("application/problem+json");
        // Format characters (a bidi override) are dropped, text is NFC-normalised and whitespace tidied.
        Response created = market.asBuyer("b-1")
                .body(Map.of("transaction", "o-1", "subject", Map.of("type", "product", "ref", "sku-1"), "rating", 4,
                        "title", "  Solid\u202E  lamp ", "body", "  Cafe\u0301 light, warm.\r\n\r\n\r\n\r\nWorks.  "))
                .post("/api/v1/reviews");
        created.then().statusCode(201)
                .header("ETag", "\"1\"")
                .header("Location", containsString("/api/v1/me/reviews/"))
                .body("status", equalTo("published"))
                .body("title", equalTo("Solid lamp"))
                .body("body", equalTo("Café light, warm.\n\nWorks."))
                .body("verifiedPurchase", equalTo(true))
                .body("author.handle", notNullValue())
                .body(not(containsString("\"b-1\""))); // quoted: a UUID may hold b-1
        String id = created.path("id");
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(200)
                .body("rating", equalTo(4)).body("labels", equalTo(List.of("verified-purchase")));
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().statusCode(200)
                .body("count", equalTo(1)).body("average", nullValue()).body("weightedAverage", equalTo(3.56f))
                .body("histogram.4", equalTo(1));
        market.asBuyer("b-1").get("/api/v1/me/reviews/" + id).then().statusCode(200).header("ETag", "\"1\"").body("transaction", equalTo("o-1"));
    }

    @Test
    void entitlementIsTheBuyersOwnTransactionAndItsSubjects() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        market.asBuyer("b-2").body(productReview("o-1", "sku-1", 5, "Not mine")).post("/api/v1/reviews")
                .then().statusCode(403).body("type", equalTo("/problems/not-entitled"));
        market.asBuyer("b-1").body(productReview("o-1", "sku-9", 5, "Not in it")).post("/api/v1/reviews")
                .then().statusCode(403).body("type", equalTo("/problems/not-entitled"));
        market.asBuyer("b-1").body(productReview("o-404", "sku-1", 5, "No such order")).post("/api/v1/reviews")
                .then().statusCode(403).body("type", equalTo("/problems/not-entitled"));
        market.asBuyer("b-1").body(Map.of("subject", Map.of("type", "product", "ref", "sku-1"), "rating", 5, "body", "No order"))
                .post("/api/v1/reviews").then().statusCode(422).body("errors.field", hasItem("transaction"));
        market.asBuyer("b-1").body(Map.of("transaction", "o-1", "subject", Map.of("type", "seller", "ref", "s-2"), "rating", 5, "body", "Other shop"))
                .post("/api/v1/reviews").then().statusCode(403);
        market.asBuyer("b-1").body(Map.of("transaction", "o-1", "subject", Map.of("type", "seller", "ref", "s-1"), "rating", 5, "body", "Great shop",
                        "aspects", Map.of("asDescribed", 5, "communication", 4, "delivery", 3)))
                .post("/api/v1/reviews").then().statusCode(201).body("aspects.delivery", equalTo(3));
        market.asBuyer("b-1").body(productReview("o-1", "sku-1", 5, "Fine")).post("/api/v1/reviews").then().statusCode(201);
        market.asBuyer("b-1").body(productReview("o-1", "sku-1", 1, "Again")).post("/api/v1/reviews")
                .then().statusCode(409).body("type", equalTo("/problems/already-exists"));
        market.purchase("o-2", "b-1", "s-1", 1, "sku-1");
        market.asBuyer("b-1").body(productReview("o-2", "sku-1", 1, "Second order, same product")).post("/api/v1/reviews")
                .then().statusCode(409);
        market.asBuyer("b-1").body(Map.of("transaction", "o-2", "subject", Map.of("type", "seller", "ref", "s-1"), "rating", 2, "body", "Second order"))
                .post("/api/v1/reviews").then().statusCode(201);
    }

    @Test
    void reviewWindowAndFieldRules() {
        TestMarketplace market = TestMarketplace.create(Map.of("reviewWindowDays", 30));
        market.purchase("o-old", "b-1", "s-1", 31, "sku-1");
        market.asBuyer("b-1").body(productReview("o-old", "sku-1", 5, "Late")).post("/api/v1/reviews")
                .then().statusCode(422).body("type", equalTo("/problems/window-closed"));
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        market.asBuyer("b-1").body(Map.of("transaction", "o-1", "subject", Map.of("type", "product", "ref", "sku-1"), "rating", 5, "body", "x",
                        "aspects", Map.of("delivery", 5)))
                .post("/api/v1/reviews").then().statusCode(422).body("errors.field", hasItem("aspects"));
        market.asBuyer("b-1").body(productReview("o-1", "sku-1", 6, "Too many stars")).post("/api/v1/reviews")
                .then().statusCode(422).body("errors.field", hasItem("rating"));
        market.asBuyer("b-1").body(productReview("o-1", "sku-1", 5, " \u200B\t \u0007 ")).post("/api/v1/reviews")
                .then().statusCode(422).body("errors.field", hasItem("body"));
        market.asBuyer("b-1").body(productReview("o-1", "sku-1", 5, "a".repeat(5001))).post("/api/v1/reviews")
                .then().statusCode(422).body("errors.field", hasItem("body"));
        market.asBuyer("b-1").body(Map.of("transaction", "o-1", "subject", Map.of("type", "product", "ref", "sku-1"), "rating", 5,
                        "title", "t".repeat(121), "body", "ok")).post("/api/v1/reviews")
                .then().statusCode(422).body("errors.field", hasItem("title"));
        market.asBuyer("b-1").body(Map.of("transaction", "o-1", "subject", Map.of("type", "service", "ref", "sku-1"), "rating", 5, "body", "ok"))
                .post("/api/v1/reviews").then().statusCode(422).body("errors.field", hasItem("subject.type"));
        market.asBuyer("b-1").body(Map.of("transaction", "o-1", "subject", Map.of("type", "product", "ref", "sku-1"), "rating", "five", "body", "ok"))
                .post("/api/v1/reviews").then().statusCode(422).body("errors.field", hasItem("rating"));
        // 5000 characters plus surrounding whitespace and invisible characters is fine: length counts after normalisation
        market.asBuyer("b-1").body(productReview("o-1", "sku-1", 5, "  \u200B" + "é".repeat(5000) + "\n\n ")).post("/api/v1/reviews")
                .then().statusCode(201);
    }

    @Test
    void editingNeedsTheCurrentETagAndKeepsEveryVersion() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String id = market.review("b-1", "o-1", "sku-1", 2, "Too dim.");
        market.asBuyer("b-1").body(Map.of("rating", 4)).patch("/api/v1/reviews/" + id)
                .then().statusCode(428).body("type", equalTo("/problems/precondition-failed"));
        market.asBuyer("b-1").header("If-Match", "\"1\"").body(Map.of("rating", 4, "body", "Brighter than I thought."))
                .patch("/api/v1/reviews/" + id)
                .then().statusCode(200).header("ETag", "\"2\"").body("rating", equalTo(4)).body("labels", hasItem("edited"))
                .body("editedAt", notNullValue());
        market.asBuyer("b-1").header("If-Match", "\"1\"").body(Map.of("rating", 5)).patch("/api/v1/reviews/" + id)
                .then().statusCode(412).body("type", equalTo("/problems/precondition-failed"));
        market.asBuyer("b-2").header("If-Match", "\"2\"").body(Map.of("rating", 1)).patch("/api/v1/reviews/" + id).then().statusCode(404);
        market.asBuyer("b-1").header("If-Match", "\"2\"").body(Map.of()).patch("/api/v1/reviews/" + id).then().statusCode(422);
        assertEquals(2, sql("SELECT count(*) FROM review_version WHERE review_id = ?", UUID.fromString(id)));
        assertEquals(1, sql("SELECT count(*) FROM review_version WHERE review_id = ? AND version = 1 AND rating = 2 AND body = 'Too dim.'", UUID.fromString(id)));
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("histogram.4", equalTo(1)).body("histogram.2", equalTo(0));
        sql("UPDATE review SET created_at = now() - interval '61 days' WHERE review_id = ?", UUID.fromString(id));
        market.asBuyer("b-1").header("If-Match", "\"2\"").body(Map.of("rating", 5)).patch("/api/v1/reviews/" + id)
                .then().statusCode(422).body("type", equalTo("/problems/window-closed"));
    }

    @Test
    void withdrawingTakesTheReviewOutOfTheListAndTheSummary() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        market.purchase("o-2", "b-2", "s-1", 1, "sku-1");
        String id = market.review("b-1", "o-1", "sku-1", 1, "Broke at once.");
        market.review("b-2", "o-2", "sku-1", 5, "Works well.");
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(2));
        market.asBuyer("b-2").delete("/api/v1/reviews/" + id).then().statusCode(404);
        market.asBuyer("b-1").delete("/api/v1/reviews/" + id).then().statusCode(204);
        market.asBuyer("b-1").delete("/api/v1/reviews/" + id).then().statusCode(204);
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(1)).body("histogram.1", equalTo(0));
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(404);
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/reviews")).then().body("items.id", not(hasItem(id)));
        market.asBuyer("b-1").get("/api/v1/me/reviews").then().statusCode(200).body("items[0].status", equalTo("withdrawn"));
        market.asBuyer("b-1").header("If-Match", "\"1\"").body(Map.of("rating", 3)).patch("/api/v1/reviews/" + id).then().statusCode(409);
    }

    @Test
    void helpfulVotesAreOnePerPartyChangeableAndNotOnOnesOwnReview() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String id = market.review("b-1", "o-1", "sku-1", 4, "Good.");
        String vote = "/api/v1/reviews/" + id + "/vote";
        market.asBuyer("b-1").body(Map.of("helpful", true)).put(vote).then().statusCode(403);
        market.asBuyer("b-2").body(Map.of("helpful", true)).put(vote).then().statusCode(204);
        market.asBuyer("b-2").body(Map.of("helpful", true)).put(vote).then().statusCode(204);
        market.asBuyer("b-3").body(Map.of("helpful", false)).put(vote).then().statusCode(204);
        market.as("s-9", "seller").body(Map.of("helpful", true)).put(vote).then().statusCode(204);
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().body("helpful.up", equalTo(2)).body("helpful.down", equalTo(1));
        market.asBuyer("b-3").body(Map.of("helpful", true)).put(vote).then().statusCode(204);
        market.asBuyer("b-2").delete(vote).then().statusCode(204);
        market.asBuyer("b-2").delete(vote).then().statusCode(204);
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().body("helpful.up", equalTo(2)).body("helpful.down", equalTo(0));
        market.asBuyer("b-2").body(Map.of("helpful", "yes")).put(vote).then().statusCode(422);
        market.asBuyer("b-2").body(Map.of()).put(vote).then().statusCode(422).body("errors.field", hasItem("helpful"));
        market.asBuyer("b-2").body(Map.of("helpful", true)).put("/api/v1/reviews/" + UUID.randomUUID() + "/vote").then().statusCode(404);
        // taking back a vote on a review that is not there is 404, also for a party Candor has never met
        market.asBuyer("b-2").delete("/api/v1/reviews/" + UUID.randomUUID() + "/vote").then().statusCode(404);
        market.as("m-never-seen", "moderator").delete("/api/v1/reviews/" + UUID.randomUUID() + "/vote").then().statusCode(404);
        market.as("m-never-seen", "moderator").delete(vote).then().statusCode(204);
        market.anonymous().body(Map.of("helpful", true)).put(vote).then().statusCode(401);
    }

    @Test
    void onlyTheSellerOfTheSubjectAnswersPublicly() throws Exception {
        TestMarketplace market = TestMarketplace.create(Map.of("mutualRevealDays", 0));
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String productReview = market.review("b-1", "o-1", "sku-1", 3, "Okay.");
        String sellerReview = market.asBuyer("b-1").body(Map.of("transaction", "o-1", "subject", Map.of("type", "seller", "ref", "s-1"),
                "rating", 2, "body", "Slow shipping.")).post("/api/v1/reviews").then().statusCode(201).extract().path("id");
        market.asSeller("s-2").body(Map.of("body", "Not my product")).put("/api/v1/reviews/" + productReview + "/response").then().statusCode(403);
        market.asBuyer("b-1").body(Map.of("body", "I am no seller")).put("/api/v1/reviews/" + productReview + "/response").then().statusCode(403);
        market.asSeller("s-1").body(Map.of("body", "Thanks, we will fix the dimmer.")).put("/api/v1/reviews/" + productReview + "/response")
                .then().statusCode(200).body("status", equalTo("published")).body("version", equalTo(1));
        market.asSeller("s-1").body(Map.of("body", "Sorry; the courier was late.")).put("/api/v1/reviews/" + sellerReview + "/response")
                .then().statusCode(200);
        market.asSeller("s-1").body(Map.of("body", "Thanks, the new dimmer ships next week.")).put("/api/v1/reviews/" + productReview + "/response")
                .then().statusCode(200).body("version", equalTo(2));
        market.anonymous().get(market.publicPath("/reviews/" + productReview)).then()
                .body("response.body", equalTo("Thanks, the new dimmer ships next week.")).body("response.editedAt", notNullValue());
        assertEquals(2, sql("SELECT count(*) FROM response_version v JOIN review_response r ON r.tenant_id = v.tenant_id AND r.response_id = v.response_id WHERE r.review_id = ?",
                UUID.fromString(productReview)));
        market.asSeller("s-1").get("/api/v1/seller/reviews?answered=false").then().statusCode(200).body("items", equalTo(List.of()));
        market.asSeller("s-1").delete("/api/v1/reviews/" + productReview + "/response").then().statusCode(204);
        market.anonymous().get(market.publicPath("/reviews/" + productReview)).then().body("response", nullValue());
        market.asSeller("s-1").get("/api/v1/seller/reviews?answered=false").then().body("items.id", equalTo(List.of(productReview)));
        market.asSeller("s-1").body(Map.of("body", " ")).put("/api/v1/reviews/" + productReview + "/response").then().statusCode(422);
    }
}
