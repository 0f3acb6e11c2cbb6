package io.candor.moderation;

import io.agroal.api.AgroalDataSource;
import io.candor.testing.Db;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reports, the queue, the case file and decisions, through the API against the real database. */
@QuarkusTest
class ReportsAndDecisionsTest {

    @Inject
    AgroalDataSource db;

    /** A marketplace with one published review of sku-1 by b-1 (sold by s-1); answers the review id. */
    static String reviewed(TestMarketplace market) {
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        return market.review("b-1", "o-1", "sku-1", 1, "It broke within a day and the seller never answered.");
    }

    static Map<String, Object> reportOf(String reviewId, String reason, String details) {
        return details == null ? Map.of("target", Map.of("type", "review", "id", reviewId), "reason", reason)
                : Map.of("target", Map.of("type", "review", "id", reviewId), "reason", reason, "details", details);
    }

    @Test
    void aReportOpensOneCaseThatShowsEverythingButPartyRefs() {
        TestMarketplace market = TestMarketplace.create();
        String id = reviewed(market);
        market.asBuyer("b-1").header("If-Match", "\"1\"").body(Map.of("body", "It broke within a day; the seller answered after a week."))
                .patch("/api/v1/reviews/" + id).then().statusCode(200);
        market.asBuyer("b-2").body(reportOf(id, "off-topic", "Not about the lamp")).post("/api/v1/reports")
                .then().statusCode(202).body("id", notNullValue());
        market.anonymous().body(reportOf(id, "spam", "Looks like an advert to me")).post(market.publicPath("/reports"))
                .then().statusCode(202);
        Map<String, Object> item = market.openCase("review", id);
        assertNotNull(item);
        assertEquals(2, item.get("reportCount"));
        assertEquals(1.5f, ((Number) item.get("priority")).floatValue(), "a first-time reporter weighs 1, the public 0.5");
        Response detail = market.asModerator("m-1").get("/api/v1/moderation/cases/" + item.get("id"));
        detail.then().statusCode(200)
                .body("content.body", equalTo("It broke within a day; the seller answered after a week."))
                .body("content.history", hasSize(2))
                .body("content.history[0].body", equalTo("It broke within a day and the seller never answered."))
                .body("content.history[1].cause", equalTo("edited"))
                .body("reports", hasSize(2))
                .body("reports[0].reason", equalTo("off-topic"))
                .body("reports[0].details", equalTo("Not about the lamp"))
                .body("reports[0].reporter.handle", containsString("buyer-"))
                .body("reports[1].viaPublic", equalTo(true))
                .body("reports[1].reporter", nullValue())
                .body("signals.source", equalTo(List.of("report:off-topic", "report:spam")))
                .body("decisions", hasSize(0));
        String body = detail.asString();
        for (String ref : List.of("\"b-1\"", "\"b-2\"", "\"s-1\"", "\"m-1\"")) {
            assertTrue(!body.contains(ref), "the case file never shows a party ref: " + ref);
        }
        // a second report by the same buyer joins nothing: it is refused
        market.asBuyer("b-2").body(reportOf(id, "spam", null)).post("/api/v1/reports")
                .then().statusCode(409).body("type", equalTo("/problems/already-exists"));
        market.asBuyer("b-3").body(reportOf(id, "spam", null)).post("/api/v1/reports").then().statusCode(202);
        assertEquals(3, market.openCase("review", id).get("reportCount"));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM moderation_case WHERE target_id = ? AND status = 'open'", id));
    }

    @Test
    void badReportsAreRefusedAndChangeNothing() {
        TestMarketplace market = TestMarketplace.create();
        String id = reviewed(market);
        market.anonymous().body(reportOf(id, "spam", null)).post(market.publicPath("/reports"))
                .then().statusCode(422).body("errors.field", hasItem("details"));
        market.anonymous().body(reportOf(id, "spam", "  \u200B ")).post(market.publicPath("/reports"))
                .then().statusCode(422).body("errors.field", hasItem("details"));
        market.asBuyer("b-2").body(reportOf(id, "boring", null)).post("/api/v1/reports")
                .then().statusCode(422).body("errors.field", hasItem("reason"));
        market.asBuyer("b-2").body(Map.of("target", Map.of("type", "seller", "id", id), "reason", "spam")).post("/api/v1/reports")
                .then().statusCode(422).body("errors.field", hasItem("target.type"));
        market.asBuyer("b-2").body(reportOf(UUID.randomUUID().toString(), "spam", null)).post("/api/v1/reports").then().statusCode(404);
        market.asBuyer("b-2").body(reportOf("not-an-id", "spam", null)).post("/api/v1/reports").then().statusCode(404);
        market.asBuyer("b-1").body(reportOf(id, "spam", null)).post("/api/v1/reports")
                .then().statusCode(403).body("type", equalTo("/problems/forbidden"));
        market.asBuyer("b-2").body(Map.of("target", Map.of("type", "review", "id", id), "reason", "spam", "extra", "x")).post("/api/v1/reports")
                .then().statusCode(400).body("type", equalTo("/problems/unknown-field"));
        RestAssured.given().contentType("application/json").body(reportOf(id, "spam", null)).post("/api/v1/reports").then().statusCode(401);
        TestMarketplace other = TestMarketplace.create();
        other.asBuyer("b-2").body(reportOf(id, "spam", null)).post("/api/v1/reports").then().statusCode(404);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM report WHERE target_id = ?", UUID.fromString(id)));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM moderation_case WHERE target_id = ?", id));
    }

    @Test
    void onlyPersonalInformationAndIllegalReportsPastTheThresholdHideContentAndNeverTheSellersAlone() {
        TestMarketplace market = TestMarketplace.create();
        String id = reviewed(market);
        for (String reporter : List.of("b-2", "b-3", "b-4")) {
            market.report(reporter, id, "spam");
        }
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(200);
        // the seller of the product and one buyer: the seller's weight does not count towards hiding
        market.as("s-1", "seller").body(reportOf(id, "personal-information", "Names our staff member")).post("/api/v1/reports").then().statusCode(202);
        market.report("b-5", id, "personal-information");
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(200);
        market.report("b-6", id, "illegal");
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(404);
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(0));
        Map<String, Object> item = market.openCase("review", id);
        assertEquals(true, item.get("hiddenByReports"));
        market.asBuyer("b-1").get("/api/v1/me/reviews/" + id).then().body("status", equalTo("held"));
        market.decide("m-1", (String) item.get("id"), "keep", "personal-information", "The review names no one.");
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(200);
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(1));
    }

    @Test
    void removingHidesNeverDeletesAndTellsAuthorAndReporters() {
        TestMarketplace market = TestMarketplace.create();
        String id = reviewed(market);
        market.report("b-2", id, "harassment");
        market.anonymous().body(reportOf(id, "harassment", "Insults staff")).post(market.publicPath("/reports")).then().statusCode(202);
        String caseId = (String) market.openCase("review", id).get("id");
        Instant before = Instant.now();
        Response decided = market.asModerator("m-1").body(Map.of("action", "remove", "policy", "harassment",
                "statement", "The review insults a named employee.")).post("/api/v1/moderation/cases/" + caseId + "/decision");
        decided.then().statusCode(201)
                .body("action", equalTo("remove"))
                .body("policy.code", equalTo("harassment"))
                .body("policy.title", equalTo("Harassment and threats"))
                .body("source", equalTo("report"))
                .body("automatedDecision", equalTo(false))
                .body("decidedBy", containsString("mod-"));
        Instant deadline = Instant.parse(decided.path("appealDeadline"));
        assertTrue(Duration.between(before, deadline).toDays() >= 182, "appealable for six months");
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(404);
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(0));
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/reviews")).then().body("items", hasSize(0));
        market.asBuyer("b-1").get("/api/v1/me/reviews/" + id).then().statusCode(200).body("status", equalTo("removed"))
                .body("body", equalTo("It broke within a day and the seller never answered."));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM review_version WHERE review_id = ?", UUID.fromString(id)));
        market.asBuyer("b-1").get("/api/v1/me/notices").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].decision", equalTo(decided.path("id")))
                .body("items[0].action", equalTo("remove"))
                .body("items[0].scope", containsString("hidden"))
                .body("items[0].duration", containsString("kept at least until"))
                .body("items[0].facts", containsString("Reported 2 times (harassment ×2)"))
                .body("items[0].source", equalTo("report"))
                .body("items[0].automatedDetection", equalTo(false))
                .body("items[0].automatedDecision", equalTo(false))
                .body("items[0].policy.version", equalTo(1))
                .body("items[0].statement", equalTo("The review insults a named employee."))
                .body("items[0].appeal.allowed", equalTo(true))
                .body("items[0].appeal.endpoint", equalTo("/api/v1/appeals"))
                .body("items[0].appeal.deadline", equalTo(decided.path("appealDeadline")))
                .body("items[0].recipientRole", equalTo("author"));
        market.asBuyer("b-2").get("/api/v1/me/notices").then()
                .body("items", hasSize(1))
                .body("items[0].recipientRole", equalTo("reporter"))
                .body("items[0].appeal.allowed", equalTo(false));
        market.asModerator("m-1").get("/api/v1/moderation/cases/" + caseId).then().body("status", equalTo("closed"))
                .body("reports.outcome", equalTo(List.of("agreed", "agreed")))
                .body("decisions", hasSize(1));
        // a decided case cannot be decided again
        market.asModerator("m-2").body(Map.of("action", "keep", "policy", "other", "statement", "Second thoughts"))
                .post("/api/v1/moderation/cases/" + caseId + "/decision").then().statusCode(409);
        // the reporter who was right now weighs more; one who was wrong, less
        market.purchase("o-9", "b-9", "s-1", 1, "sku-9");
        String next = market.review("b-9", "o-9", "sku-9", 5, "Lovely lamp, warm light.");
        market.report("b-2", next, "spam");
        assertEquals(1.333f, ((Number) market.openCase("review", next).get("priority")).floatValue(), 0.001f);
    }

    @Test
    void aKeptReviewLowersItsReportersWeight() {
        TestMarketplace market = TestMarketplace.create();
        String id = reviewed(market);
        market.report("b-2", id, "offensive");
        market.decide("m-1", (String) market.openCase("review", id).get("id"), "keep", "offensive", "Harsh but about the product.");
        market.purchase("o-9", "b-9", "s-1", 1, "sku-9");
        String next = market.review("b-9", "o-9", "sku-9", 2, "Meh, it is fine.");
        market.report("b-2", next, "offensive");
        assertEquals(0.667f, ((Number) market.openCase("review", next).get("priority")).floatValue(), 0.001f);
    }

    @Test
    void aRedactionReplacesTheQuotedTextAndKeepsTheOriginalInTheHistory() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String id = market.review("b-1", "o-1", "sku-1", 2, "The courier, a rude man in a red van, threw it over the fence.");
        market.report("b-2", id, "harassment");
        String caseId = (String) market.openCase("review", id).get("id");
        market.asModerator("m-1").body(Map.of("action", "redact", "policy", "harassment", "statement", "Names a courier.",
                        "redactions", List.of(Map.of("field", "body", "text", "a rude man in a red van")))).post("/api/v1/moderation/cases/" + caseId + "/decision")
                .then().statusCode(201).body("action", equalTo("redact"));
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(200)
                .body("body", equalTo("The courier, [removed by a moderator], threw it over the fence."))
                .body("labels", hasItem("redacted"));
        market.asModerator("m-1").get("/api/v1/moderation/cases/" + caseId).then()
                .body("content.history.cause", equalTo(List.of("created", "redacted")))
                .body("content.history[0].body", containsString("red van"));
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(1));
    }

    @Test
    void decisionsAreValidatedAndNeverTakenOnOnesOwnContent() {
        TestMarketplace market = TestMarketplace.create();
        String id = reviewed(market);
        market.report("b-2", id, "spam");
        String caseId = (String) market.openCase("review", id).get("id");
        String path = "/api/v1/moderation/cases/" + caseId + "/decision";
        market.asModerator("m-1").body(Map.of("action", "ban", "policy", "spam", "statement", "x")).post(path)
                .then().statusCode(422).body("errors.field", hasItem("action"));
        market.asModerator("m-1").body(Map.of("action", "remove", "policy", "rudeness", "statement", "x")).post(path)
                .then().statusCode(422).body("errors.field", hasItem("policy"));
        market.asModerator("m-1").body(Map.of("action", "remove", "policy", "spam", "statement", " ")).post(path)
                .then().statusCode(422).body("errors.field", hasItem("statement"));
        market.asModerator("m-1").body(Map.of("action", "redact", "policy", "spam", "statement", "x")).post(path)
                .then().statusCode(422).body("errors.field", hasItem("redactions"));
        market.asModerator("m-1").body(Map.of("action", "redact", "policy", "spam", "statement", "x",
                "redactions", List.of(Map.of("field", "body", "text", "not in the review")))).post(path)
                .then().statusCode(422).body("errors.field", hasItem("redactions[0].text"));
        market.as("b-1", "buyer", "moderator").body(Map.of("action", "keep", "policy", "spam", "statement", "Mine is fine")).post(path)
                .then().statusCode(403);
        market.asBuyer("b-3").body(Map.of("action", "keep", "policy", "spam", "statement", "x")).post(path).then().statusCode(403);
        TestMarketplace.create().asModerator("m-1").body(Map.of("action", "keep", "policy", "spam", "statement", "x")).post(path).then().statusCode(404);
        market.asModerator("m-1").get("/api/v1/moderation/cases/" + caseId).then().body("status", equalTo("open"));
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(200);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM decision WHERE case_id = ?", UUID.fromString(caseId)));
    }

    @Test
    void theQueueSortsByPriorityOrAgeWithCursorsAndCasesCanBeClaimed() {
        TestMarketplace market = TestMarketplace.create();
        List<String> reviews = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            market.purchase("o-" + i, "b-" + i, "s-1", 1, "sku-" + i);
            reviews.add(market.review("b-" + i, "o-" + i, "sku-" + i, 3, "An ordinary review, number " + i));
        }
        // review i gets i reports: priorities 1..5, opened oldest first for review 1
        for (int i = 1; i <= 5; i++) {
            for (int r = 1; r <= i; r++) {
                market.report("r-" + i + "-" + r, reviews.get(i - 1), "spam");
            }
        }
        List<String> byPriority = new ArrayList<>();
        String cursor = null;
        do {
            Response page = market.asModerator("m-1").queryParam("limit", 2).queryParam("sort", "priority")
                    .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor)).get("/api/v1/moderation/cases");
            page.then().statusCode(200);
            byPriority.addAll(page.jsonPath().getList("items.target.id"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        assertEquals(List.of(reviews.get(4), reviews.get(3), reviews.get(2), reviews.get(1), reviews.get(0)), byPriority);
        Response oldest = market.asModerator("m-1").queryParam("sort", "oldest").queryParam("limit", 3).get("/api/v1/moderation/cases");
        assertEquals(List.of(reviews.get(0), reviews.get(1), reviews.get(2)), oldest.jsonPath().getList("items.target.id"));
        market.asModerator("m-1").queryParam("sort", "oldest").queryParam("cursor", (String) oldest.path("nextCursor")).get("/api/v1/moderation/cases")
                .then().body("items.target.id", equalTo(List.of(reviews.get(3), reviews.get(4))));
        market.asModerator("m-1").queryParam("sort", "priority").queryParam("cursor", (String) oldest.path("nextCursor")).get("/api/v1/moderation/cases")
                .then().statusCode(400);
        market.asModerator("m-1").queryParam("sort", "random").get("/api/v1/moderation/cases").then().statusCode(422);
        Map<String, Object> top = market.openCase("review", reviews.get(4));
        assertEquals(List.of(Map.of("source", "report:spam", "count", 5, "weight", 5.0f)), top.get("signals"));
        market.asModerator("m-2").post("/api/v1/moderation/cases/" + top.get("id") + "/assign").then().statusCode(200)
                .body("assignee", containsString("mod-"));
        assertEquals(new HashSet<>(List.of(Db.text(db, "SELECT handle FROM party WHERE ref = 'm-2' AND tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?)",
                market.slug))), new HashSet<>(List.of((String) market.openCase("review", reviews.get(4)).get("assignee"))));
        market.asBuyer("b-1").get("/api/v1/moderation/cases").then().statusCode(403);
        market.anonymous().get("/api/v1/moderation/cases").then().statusCode(401);
    }

    @Test
    void noticesArePagedNewestFirstWithCursors() {
        TestMarketplace market = TestMarketplace.create();
        List<String> decisions = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            market.purchase("o-" + i, "b-1", "s-1", 1, "sku-" + i);
            String review = market.review("b-1", "o-" + i, "sku-" + i, 2, "Review " + i + " that a moderator will take up.");
            market.asModerator("m-1").body(Map.of("target", Map.of("type", "review", "id", review))).post("/api/v1/moderation/cases").then().statusCode(201);
            decisions.add(market.decide("m-1", (String) market.openCase("review", review).get("id"), "remove", "off-topic", "Not about it."));
        }
        Response first = market.asBuyer("b-1").queryParam("limit", 2).get("/api/v1/me/notices");
        first.then().statusCode(200).body("items.decision", equalTo(List.of(decisions.get(2), decisions.get(1))));
        market.asBuyer("b-1").queryParam("limit", 2).queryParam("cursor", (String) first.path("nextCursor")).get("/api/v1/me/notices").then()
                .body("items.decision", equalTo(List.of(decisions.get(0)))).body("nextCursor", nullValue());
        market.asModerator("m-1").queryParam("cursor", (String) first.path("nextCursor")).get("/api/v1/me/notices").then().statusCode(400);
    }

    @Test
    void aModeratorCanTakeUpAReviewNobodyReported() {
        TestMarketplace market = TestMarketplace.create();
        String id = reviewed(market);
        market.asModerator("m-1").body(Map.of("target", Map.of("type", "review", "id", id))).post("/api/v1/moderation/cases")
                .then().statusCode(201).body("target.id", equalTo(id)).body("status", equalTo("open"));
        market.asModerator("m-1").body(Map.of("target", Map.of("type", "review", "id", id))).post("/api/v1/moderation/cases")
                .then().statusCode(200);
        String decision = market.decide("m-1", (String) market.openCase("review", id).get("id"), "remove", "incentivized",
                "The review says it was written for a voucher.");
        market.asBuyer("b-1").get("/api/v1/me/notices").then().body("items[0].decision", equalTo(decision))
                .body("items[0].source", equalTo("own-initiative"))
                .body("items[0].facts", containsString("own initiative"));
    }

    @Test
    void responsesAreReportedAndDecidedLikeReviews() {
        TestMarketplace market = TestMarketplace.create();
        String id = reviewed(market);
        String response = market.asSeller("s-1").body(Map.of("body", "You clearly dropped it, liar."))
                .put("/api/v1/reviews/" + id + "/response").then().statusCode(200).extract().path("id");
        market.asBuyer("b-1").body(Map.of("target", Map.of("type", "response", "id", response), "reason", "harassment"))
                .post("/api/v1/reports").then().statusCode(202);
        market.asSeller("s-1").body(Map.of("target", Map.of("type", "response", "id", response), "reason", "spam"))
                .post("/api/v1/reports").then().statusCode(403);
        String caseId = (String) market.openCase("response", response).get("id");
        market.asModerator("m-1").get("/api/v1/moderation/cases/" + caseId).then()
                .body("content.type", equalTo("response")).body("content.review", equalTo(id)).body("content.body", containsString("liar"));
        market.decide("m-1", caseId, "remove", "harassment", "Calls the buyer a liar.");
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().statusCode(200).body("response", nullValue());
        market.asSeller("s-1").get("/api/v1/seller/reviews").then().body("items[0].answered", equalTo(false));
        market.asSeller("s-1").get("/api/v1/me/notices").then().body("items[0].action", equalTo("remove"))
                .body("items[0].target.type", equalTo("response"));
        market.asSeller("s-1").body(Map.of("body", "Sorry, let us fix it.")).put("/api/v1/reviews/" + id + "/response").then().statusCode(409);
        market.anonymous().get(market.publicPath("/reviews/" + id)).then().body(not(containsString("liar")));
    }
}
