package io.candor.moderation;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The automated checks as buyers, sellers and moderators meet them: through the API, against the real database. */
@QuarkusTest
class AutomatedChecksTest {

    static Map<String, Object> productReview(String transaction, String product, int rating, String body) {
        return Map.of("transaction", transaction, "subject", Map.of("type", "product", "ref", product), "rating", rating, "body", body);
    }

    static Response post(TestMarketplace market, String buyer, Map<String, Object> review) {
        return market.asBuyer(buyer).body(review).post("/api/v1/reviews");
    }

    @Test
    void personalDataIsRedactedBeforeItIsStoredAndTheAuthorIsTold() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        Response created = post(market, "b-1", Map.of("transaction", "o-1", "subject", Map.of("type", "product", "ref", "sku-1"), "rating", 2,
                "title", "Mail shopper@example.com", "body", "Seller wanted payment to DE89 3704 0044 0532 0130 00 and a call on 415-555-0132."));
        created.then().statusCode(201)
                .body("status", equalTo("published"))
                .body("title", equalTo("Mail [personal information removed]"))
                .body("body", equalTo("Seller wanted payment to [personal information removed] and a call on [personal information removed]."))
                .body("labels", hasItem("redacted"))
                .body(not(containsString("example.com")));
        String id = created.path("id");
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(200).body("labels", hasItem("redacted"));
        market.asBuyer("b-1").get("/api/v1/me/notices").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].action", equalTo("redact"))
                .body("items[0].target.id", equalTo(id))
                .body("items[0].source", equalTo("automated-check"))
                .body("items[0].automatedDetection", equalTo(true))
                .body("items[0].automatedDecision", equalTo(true))
                .body("items[0].policy.code", equalTo("personal-information"))
                .body("items[0].policy.version", equalTo(1))
                .body("items[0].facts", containsString("iban"))
                .body("items[0].appeal.allowed", equalTo(false))
                .body(not(containsString("DE89")));
        // nothing for a moderator to do: the decision is made and its case closed
        assertNull(market.openCase("review", id));
        market.asModerator("m-1").get("/api/v1/moderation/cases?status=closed").then().statusCode(200)
                .body("items.target.id", hasItem(id))
                .body("items.find { it.target.id == '" + id + "' }.signals[0].source", equalTo("check:personal-information"));
    }

    @Test
    void numbersThatFailTheirChecksumAreLeftAlone() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String body = "Order 4111 1111 1111 1112 arrived; tracking 00340434161234567890, EAN 4006381333931, €1,299.00 on 2026-11-20.";
        post(market, "b-1", productReview("o-1", "sku-1", 5, body)).then().statusCode(201)
                .body("status", equalTo("published")).body("body", equalTo(body)).body("labels", not(hasItem("redacted")));
        market.asBuyer("b-1").get("/api/v1/me/notices").then().body("items", hasSize(0));
        market.purchase("o-2", "b-2", "s-1", 1, "sku-2");
        post(market, "b-2", productReview("o-2", "sku-2", 4, "Paid with 4111 1111 1111 1111 and it went through.")).then().statusCode(201)
                .body("body", equalTo("Paid with [personal information removed] and it went through."));
    }

    @Test
    void blockedWordsHoldTheReviewOutOfSightAndOutOfTheSummary() {
        TestMarketplace market = TestMarketplace.create(Map.of("blockedWords", List.of("scam")));
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        market.purchase("o-2", "b-2", "s-1", 1, "sku-1");
        Response held = post(market, "b-1", productReview("o-1", "sku-1", 1, "A total S.C.4.M, stay away"));
        held.then().statusCode(201).body("status", equalTo("held"));
        String id = held.path("id");
        post(market, "b-2", productReview("o-2", "sku-1", 4, "Scampi-scented candle, lovely.")).then().statusCode(201).body("status", equalTo("published"));
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(404);
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(1)).body("histogram.1", equalTo(0));
        market.asBuyer("b-1").get("/api/v1/me/reviews/" + id).then().statusCode(200).body("status", equalTo("held"));
        Map<String, Object> item = market.openCase("review", id);
        assertNotNull(item, "a held review waits in the queue");
        assertEquals(5.0f, ((Number) item.get("priority")).floatValue());
        market.asModerator("m-1").get("/api/v1/moderation/cases/" + item.get("id")).then().statusCode(200)
                .body("signals[0].source", equalTo("check:blocked-words"))
                .body("signals[0].detail", containsString("scam"))
                .body("content.status", equalTo("held"))
                .body("content.body", equalTo("A total S.C.4.M, stay away"));
        market.decide("m-1", (String) item.get("id"), "keep", "offensive", "Strong criticism of a purchase is within the rules.");
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(200);
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(2)).body("histogram.1", equalTo(1));
    }

    @Test
    void aKeptSellerReviewInsideTheRevealWindowIsSealedNotPublished() {
        TestMarketplace market = TestMarketplace.create(Map.of("blockedWords", List.of("scam"), "mutualRevealDays", 14));
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String id = post(market, "b-1", Map.of("transaction", "o-1", "subject", Map.of("type", "seller", "ref", "s-1"), "rating", 1,
                "body", "Felt like a scam, slow and rude.")).then().statusCode(201).body("status", equalTo("held")).extract().path("id");
        market.decide("m-1", (String) market.openCase("review", id).get("id"), "keep", "offensive", "Harsh, but about the shop.");
        market.asBuyer("b-1").get("/api/v1/me/reviews/" + id).then().body("status", equalTo("sealed"));
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(404);
        market.asSeller("s-1").body(Map.of("rating", "neutral")).put("/api/v1/transactions/o-1/buyer-feedback").then().statusCode(200);
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(200);
        market.anonymous().get(market.publicPath("/subjects/seller/s-1/summary")).then().body("count", equalTo(1));
    }

    @Test
    void aSealedReviewEditedIntoBreakingTheRulesIsHeldNotRevealed() {
        TestMarketplace market = TestMarketplace.create(Map.of("blockedWords", List.of("scam"), "mutualRevealDays", 14));
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String id = post(market, "b-1", Map.of("transaction", "o-1", "subject", Map.of("type", "seller", "ref", "s-1"), "rating", 2,
                "body", "Slow shipping.")).then().statusCode(201).body("status", equalTo("sealed")).extract().path("id");
        market.asBuyer("b-1").header("If-Match", "\"1\"").body(Map.of("body", "Slow shipping, a scam.")).patch("/api/v1/reviews/" + id)
                .then().statusCode(200).body("status", equalTo("held"));
        // the seller's feedback would reveal a sealed review; a held one waits for its moderator
        market.asSeller("s-1").body(Map.of("rating", "neutral")).put("/api/v1/transactions/o-1/buyer-feedback").then().statusCode(200);
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(404);
        // and the feedback stays sealed too: the buyer could otherwise read it and rewrite the held review in reply
        market.asBuyer("b-1").get("/api/v1/me/feedback").then().body("items", hasSize(0));
    }

    @Test
    void linksOutsideTheMarketplaceHoldTheReview() {
        TestMarketplace market = TestMarketplace.create(Map.of("allowedLinkDomains", List.of("shop.example")));
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        market.purchase("o-2", "b-2", "s-1", 1, "sku-1");
        post(market, "b-1", productReview("o-1", "sku-1", 5, "Same lamp, half the price at cheap-lamps.example/deal")).then().statusCode(201)
                .body("status", equalTo("held"));
        post(market, "b-2", productReview("o-2", "sku-1", 5, "The manual at https://help.shop.example/lamp helped.")).then().statusCode(201)
                .body("status", equalTo("published"));
    }

    @Test
    void theSameTextInAnotherReviewIsHeldButShortPraiseIsNot() {
        TestMarketplace market = TestMarketplace.create();
        for (int i = 1; i <= 4; i++) {
            market.purchase("o-" + i, "b-" + i, "s-1", 1, "sku-" + i);
        }
        String copied = "Best purchase of my life, five stars, buy it now!";
        post(market, "b-1", productReview("o-1", "sku-1", 5, copied)).then().statusCode(201).body("status", equalTo("published"));
        Response copy = post(market, "b-2", productReview("o-2", "sku-2", 5, "best purchase of my LIFE... five stars; buy it now"));
        copy.then().statusCode(201).body("status", equalTo("held"));
        market.asModerator("m-1").get("/api/v1/moderation/cases/" + market.openCase("review", copy.path("id")).get("id")).then()
                .body("signals[0].source", equalTo("check:duplicate-text"));
        post(market, "b-3", productReview("o-3", "sku-3", 5, "Great!")).then().body("status", equalTo("published"));
        post(market, "b-4", productReview("o-4", "sku-4", 5, "Great!")).then().body("status", equalTo("published"));
    }

    @Test
    void aBurstOfReviewsOnOneProductIsHeldInOneCase() {
        TestMarketplace market = TestMarketplace.create(Map.of("burstFloor", 5));
        for (int i = 1; i <= 7; i++) {
            market.purchase("o-" + i, "b-" + i, "s-1", 1, "sku-1");
        }
        for (int i = 1; i <= 5; i++) {
            post(market, "b-" + i, productReview("o-" + i, "sku-1", 1, "Review number " + i + " of this lamp")).then().body("status", equalTo("published"));
        }
        String sixth = post(market, "b-6", productReview("o-6", "sku-1", 1, "Review number 6 of this lamp")).then().statusCode(201)
                .body("status", equalTo("held")).extract().path("id");
        String seventh = post(market, "b-7", productReview("o-7", "sku-1", 1, "Review number 7 of this lamp")).then().statusCode(201)
                .body("status", equalTo("held")).extract().path("id");
        assertNull(market.openCase("review", sixth), "the surge has one case, not one per review");
        Map<String, Object> surge = market.openCase("subject", "product:sku-1");
        assertNotNull(surge);
        String caseId = (String) surge.get("id");
        market.asModerator("m-1").get("/api/v1/moderation/cases/" + caseId).then().statusCode(200)
                .body("items.id", equalTo(List.of(sixth, seventh)))
                .body("signals.source", everyItemIs("check:burst"))
                .body("signals[0].detail", containsString("6 reviews of this product in 24 hours"));
        market.asModerator("m-1").body(Map.of("action", "keep", "policy", "spam", "statement", "Buyers of a recalled lamp, all genuine."))
                .post("/api/v1/moderation/cases/" + caseId + "/decision").then().statusCode(201)
                .body("related", hasSize(1));
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(7));
        market.asBuyer("b-6").get("/api/v1/me/notices").then().body("items[0].action", equalTo("keep"))
                .body("items[0].scope", containsString("was held for review and is now published"));
    }

    static org.hamcrest.Matcher<Iterable<? extends String>> everyItemIs(String value) {
        return org.hamcrest.Matchers.everyItem(equalTo(value));
    }

    @Test
    void sellersCannotReviewTheirOwnShopOrWhatTheySell() {
        TestMarketplace market = TestMarketplace.create(Map.of("requireVerifiedPurchase", false));
        market.as("s-1", "buyer", "seller").body(Map.of("subject", Map.of("type", "seller", "ref", "s-1"), "rating", 5, "body", "My own shop is great"))
                .post("/api/v1/reviews").then().statusCode(422)
                .body("errors[0].field", equalTo("subject"))
                .body("errors[0].message", containsString("your own shop"));
        // s-1 sells sku-1, then buys one from s-2 and tries to review the product
        market.purchase("o-1", "b-1", "s-1", 2, "sku-1");
        market.purchase("o-2", "s-1", "s-2", 1, "sku-1");
        market.as("s-1", "buyer", "seller").body(productReview("o-2", "sku-1", 5, "The best lamp on the market"))
                .post("/api/v1/reviews").then().statusCode(422)
                .body("errors[0].message", containsString("a product you sell"));
        market.as("s-1", "buyer", "seller").body(Map.of("transaction", "o-2", "subject", Map.of("type", "seller", "ref", "s-2"), "rating", 4,
                "body", "A competitor, but a fair one")).post("/api/v1/reviews").then().statusCode(201);
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(0));
    }

    @Test
    void editsAndSellerResponsesGoThroughTheSameChecks() {
        TestMarketplace market = TestMarketplace.create(Map.of("blockedWords", List.of("idiot")));
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String id = market.review("b-1", "o-1", "sku-1", 3, "Fine lamp.");
        market.asBuyer("b-1").header("If-Match", "\"1\"").body(Map.of("body", "Fine lamp, the seller is an idiot."))
                .patch("/api/v1/reviews/" + id).then().statusCode(200).body("status", equalTo("held"));
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(0));
        assertNotNull(market.openCase("review", id));

        market.purchase("o-2", "b-2", "s-1", 1, "sku-1");
        String other = market.review("b-2", "o-2", "sku-1", 2, "Too dim for reading.");
        Response answer = market.asSeller("s-1").body(Map.of("body", "Sorry! Call us on 415-555-0132 and we will swap it."))
                .put("/api/v1/reviews/" + other + "/response");
        answer.then().statusCode(200).body("status", equalTo("published"))
                .body("body", equalTo("Sorry! Call us on [personal information removed] and we will swap it.")).body("redacted", equalTo(true));
        market.asSeller("s-1").get("/api/v1/me/notices").then().body("items[0].target.type", equalTo("response"));
        market.asSeller("s-1").body(Map.of("body", "You are an idiot.")).put("/api/v1/reviews/" + other + "/response")
                .then().statusCode(200).body("status", equalTo("held"));
        market.anonymous().get(market.publicPath("/reviews/" + other)).then().body("response", nullValue());
        assertNotNull(market.openCase("response", answer.path("id")));
    }
}
