package io.candor.feedback;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Buyer feedback is content under moderation like reviews: the buyer reports unfair feedback, a moderator removes or
 * redacts it (it leaves the buyer's view and the counts the marketplace sees), the seller gets a statement of reasons
 * and appeals, a second moderator restores it. Sealed feedback cannot be reported yet.
 */
@QuarkusTest
class FeedbackModerationTest {

    private static final String COMMENT = "Rude on the phone and returned the lamp used.";

    private static String give(TestMarketplace market, String transaction, String comment) {
        return market.asSeller("s-1").body(Map.of("rating", "negative", "comment", comment)).put("/api/v1/transactions/" + transaction + "/buyer-feedback")
                .then().statusCode(200).extract().path("id");
    }

    private static void report(TestMarketplace market, String buyer, String feedback) {
        market.asBuyer(buyer).body(Map.of("target", Map.of("type", "feedback", "id", feedback), "reason", "harassment", "details", "Untrue and insulting."))
                .post("/api/v1/reports").then().statusCode(202);
    }

    @Test
    void reportedFeedbackIsRemovedNoticedAppealedAndRestored() {
        TestMarketplace market = TestMarketplace.create(Map.of("mutualRevealDays", 0));
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String feedback = give(market, "o-1", COMMENT);
        market.asBuyer("b-1").get("/api/v1/me/feedback").then().body("items", hasSize(1));
        market.asMarketplace().get("/api/v1/buyers/b-1/feedback-summary").then().body("negative", equalTo(1));

        // the seller cannot report their own feedback; the buyer can
        market.asSeller("s-1").body(Map.of("target", Map.of("type", "feedback", "id", feedback), "reason", "spam", "details", "x"))
                .post("/api/v1/reports").then().statusCode(403);
        report(market, "b-1", feedback);
        String caseId = (String) market.openCase("feedback", feedback).get("id");
        market.asModerator("m-1").get("/api/v1/moderation/cases/" + caseId).then().statusCode(200)
                .body("content.type", equalTo("feedback"))
                .body("content.body", equalTo(COMMENT))
                .body("content.subject.ref", equalTo("o-1"))
                .body("content.history", hasSize(1));

        market.decide("m-1", caseId, "remove", "harassment", "Insults the buyer without facts.");
        market.asBuyer("b-1").get("/api/v1/me/feedback").then().body("items", hasSize(0));
        market.asMarketplace().get("/api/v1/buyers/b-1/feedback-summary").then().body("negative", equalTo(0));
        String decision = market.asSeller("s-1").get("/api/v1/me/notices").then().statusCode(200)
                .body("items[0].recipientRole", equalTo("author"))
                .body("items[0].target.type", equalTo("feedback"))
                .body("items[0].scope", containsString("Your feedback of transaction o-1 is hidden"))
                .body("items[0].appeal.allowed", equalTo(true))
                .extract().path("items[0].decision");
        market.asBuyer("b-1").get("/api/v1/me/notices").then().body("items[0].recipientRole", equalTo("reporter"))
                .body("items[0].scope", containsString("has been removed"));

        String appeal = market.asSeller("s-1").body(Map.of("decision", decision, "grounds", "It happened exactly like that."))
                .post("/api/v1/appeals").then().statusCode(201).extract().path("id");
        market.asModerator("m-2").body(Map.of("outcome", "overturned", "statement", "Blunt, but an account of the sale."))
                .post("/api/v1/moderation/appeals/" + appeal + "/decision").then().statusCode(201);
        market.asBuyer("b-1").get("/api/v1/me/feedback").then().body("items", hasSize(1)).body("items[0].comment", equalTo(COMMENT));
        market.asMarketplace().get("/api/v1/buyers/b-1/feedback-summary").then().body("negative", equalTo(1));
    }

    @Test
    void aModeratorRedactsPartOfTheCommentAndTheHistoryKeepsBoth() {
        TestMarketplace market = TestMarketplace.create(Map.of("mutualRevealDays", 0));
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String feedback = give(market, "o-1", COMMENT);
        report(market, "b-1", feedback);
        String caseId = (String) market.openCase("feedback", feedback).get("id");
        market.asModerator("m-1").body(Map.of("action", "redact", "policy", "harassment", "statement", "The insult goes; the facts stay.",
                        "redactions", List.of(Map.of("field", "title", "text", "Rude"))))
                .post("/api/v1/moderation/cases/" + caseId + "/decision").then().statusCode(422);
        market.asModerator("m-1").body(Map.of("action", "redact", "policy", "harassment", "statement", "The insult goes; the facts stay.",
                        "redactions", List.of(Map.of("field", "body", "text", "Rude on the phone and"))))
                .post("/api/v1/moderation/cases/" + caseId + "/decision").then().statusCode(201);
        market.asBuyer("b-1").get("/api/v1/me/feedback").then().body("items[0].comment", equalTo("[removed by a moderator] returned the lamp used."))
                .body("items[0].redacted", equalTo(true));
        market.asModerator("m-1").get("/api/v1/moderation/cases/" + caseId).then()
                .body("content.history", hasSize(2))
                .body("content.history[0].body", equalTo(COMMENT))
                .body("content.history[1].cause", equalTo("redacted"));
    }

    @Test
    void sealedFeedbackCannotBeReportedAndOtherTypesAreRefused() {
        TestMarketplace market = TestMarketplace.create(Map.of("mutualRevealDays", 14));
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String feedback = give(market, "o-1", COMMENT);
        market.asBuyer("b-1").body(Map.of("target", Map.of("type", "feedback", "id", feedback), "reason", "harassment", "details", "x"))
                .post("/api/v1/reports").then().statusCode(404);
        market.asBuyer("b-1").body(Map.of("target", Map.of("type", "listing", "id", feedback), "reason", "harassment", "details", "x"))
                .post("/api/v1/reports").then().statusCode(422).body("errors.field", org.hamcrest.Matchers.hasItem("target.type"))
                .body("errors.message", org.hamcrest.Matchers.hasItem("must be review, response, feedback or photo"));
    }
}
