package io.candor.appeal;

import io.agroal.api.AgroalDataSource;
import io.candor.auth.Caller;
import io.candor.tenant.TenantDirectory;
import io.candor.testing.Db;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Appeals: who may appeal what and when, the four-eyes rule, and what overturning does. */
@QuarkusTest
class AppealsTest {

    @Inject
    AgroalDataSource db;
    @Inject
    AppealService appeals;
    @Inject
    TenantDirectory tenants;

    record Scenario(TestMarketplace market, String review, String caseId) {
    }

    /** b-1's 1-star review of sku-1, reported for spam by b-2, in an open case. */
    static Scenario reported() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        market.purchase("o-2", "b-3", "s-1", 1, "sku-1");
        String review = market.review("b-1", "o-1", "sku-1", 1, "Arrived broken, the seller ignored three messages.");
        market.review("b-3", "o-2", "sku-1", 5, "Mine works fine and looks great.");
        market.report("b-2", review, "spam");
        return new Scenario(market, review, (String) market.openCase("review", review).get("id"));
    }

    static Response appeal(TestMarketplace market, String party, String decision, String grounds) {
        return market.asBuyer(party).body(Map.of("decision", decision, "grounds", grounds)).post("/api/v1/appeals");
    }

    @Test
    void oneAppealReadsForModeratorsAsInTheirQueueAndOnlyInItsOwnMarketplace() {
        Scenario s = reported();
        TestMarketplace market = s.market();
        String decision = market.decide("m-1", s.caseId(), "remove", "spam", "Reads like an advert.");
        String appealId = appeal(market, "b-1", decision, "It is my honest experience.").then().statusCode(201).extract().path("id");
        Caller moderator = Caller.party(tenantOf(market), "m-2", Set.of("moderator"));
        AppealView one = appeals.forModerators(moderator, UUID.fromString(appealId)).orElseThrow();
        assertEquals("pending", one.status());
        assertEquals(decision, one.decision().id());
        assertEquals(s.caseId(), one.decision().caseId());
        assertEquals(market.asModerator("m-2").get("/api/v1/moderation/appeals").jsonPath().getString("items[0].appellant"), one.appellant());
        assertEquals(market.asModerator("m-2").get("/api/v1/moderation/appeals").jsonPath().getString("items[0].decision.decidedBy"),
                one.decision().decidedBy());
        TestMarketplace other = TestMarketplace.create();
        Caller stranger = Caller.party(tenantOf(other), "m-2", Set.of("moderator"));
        assertTrue(appeals.forModerators(stranger, UUID.fromString(appealId)).isEmpty(), "another marketplace's moderator finds nothing");
    }

    private long tenantOf(TestMarketplace market) {
        return tenants.requireSlug(market.slug).id();
    }

    @Test
    void theAuthorAppealsARemovalAndADifferentModeratorOverturnsIt() {
        Scenario s = reported();
        TestMarketplace market = s.market();
        String decision = market.decide("m-1", s.caseId(), "remove", "spam", "Reads like an advert.");
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(1));

        Response filed = appeal(market, "b-1", decision, "It is my honest experience of a broken lamp.");
        filed.then().statusCode(201).body("status", equalTo("pending")).body("role", equalTo("author")).body("decisionId", equalTo(decision));
        String appealId = filed.path("id");
        appeal(market, "b-1", decision, "Again").then().statusCode(409).body("type", equalTo("/problems/already-exists"));
        appeal(market, "b-2", decision, "The reporter cannot appeal a removal").then().statusCode(403);
        appeal(market, "b-9", decision, "A stranger").then().statusCode(403);
        appeal(market, "b-1", UUID.randomUUID().toString(), "No such decision").then().statusCode(404);
        appeal(market, "b-1", decision, "  ").then().statusCode(422).body("errors.field", equalTo(List.of("grounds")));

        String decider = market.asModerator("m-2").get("/api/v1/moderation/appeals").then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo(appealId))
                .body("items[0].grounds", containsString("honest experience"))
                .body("items[0].appellant", containsString("buyer-"))
                .body("items[0].decision.decidedBy", containsString("mod-"))
                .body("items[0].decision.action", equalTo("remove"))
                .extract().path("items[0].decision.decidedBy");
        String path = "/api/v1/moderation/appeals/" + appealId + "/decision";
        market.asModerator("m-1").body(Map.of("outcome", "overturned", "statement", "I was wrong")).post(path)
                .then().statusCode(403).body("detail", containsString("different moderator"));
        market.asModerator("m-2").body(Map.of("outcome", "reversed", "statement", "x")).post(path)
                .then().statusCode(422).body("errors.field", equalTo(List.of("outcome")));
        market.asBuyer("b-3").body(Map.of("outcome", "overturned", "statement", "x")).post(path).then().statusCode(403);
        market.asModerator("m-2").body(Map.of("outcome", "overturned", "statement", "A genuine, if angry, account of the purchase."))
                .post(path).then().statusCode(201).body("status", equalTo("decided")).body("outcome", equalTo("overturned"))
                .body("decidedBy", notNullValue());
        market.asModerator("m-3").body(Map.of("outcome", "upheld", "statement", "Twice?")).post(path).then().statusCode(409);

        market.anonymous().get(market.publicPath("/reviews/" + s.review())).then().statusCode(200);
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(2)).body("histogram.1", equalTo(1));
        market.asBuyer("b-1").get("/api/v1/me/appeals").then().body("items", hasSize(1)).body("items[0].outcome", equalTo("overturned"));
        market.asBuyer("b-1").get("/api/v1/me/notices").then()
                .body("items", hasSize(2))
                .body("items[0].appealOutcome.outcome", equalTo("overturned"))
                .body("items[0].appealOutcome.appeal", equalTo(appealId))
                .body("items[0].statement", equalTo("A genuine, if angry, account of the purchase."))
                .body("items[0].scope", containsString("published again"))
                .body("items[0].appeal.allowed", equalTo(false))
                .body("items[1].action", equalTo("remove"));
        market.asModerator("m-2").get("/api/v1/moderation/appeals?status=decided").then().body("items[0].id", equalTo(appealId));
        market.asModerator("m-2").get("/api/v1/moderation/appeals").then().body("items", hasSize(0));
        // the appeal was decided by a person, and by another one than the decision
        market.asModerator("m-2").get("/api/v1/moderation/audit?limit=100").then()
                .body("items.find { it.action == 'appeal.decided' }.actor.role", equalTo("moderator"))
                .body("items.find { it.action == 'appeal.decided' }.actor.handle",
                        org.hamcrest.Matchers.not(equalTo(decider)));
    }

    @Test
    void aReporterAppealsAKeepAndOverturningRemovesTheReviewAndTellsItsAuthor() {
        Scenario s = reported();
        TestMarketplace market = s.market();
        String decision = market.decide("m-1", s.caseId(), "keep", "spam", "An honest review.");
        appeal(market, "b-1", decision, "The author has nothing to appeal").then().statusCode(403);
        String appealId = appeal(market, "b-2", decision, "It is copied from another shop.").then().statusCode(201)
                .body("role", equalTo("reporter")).extract().path("id");
        market.asModerator("m-2").body(Map.of("outcome", "upheld", "statement", "It is not copied.")).post("/api/v1/moderation/appeals/" + appealId + "/decision")
                .then().statusCode(201);
        market.anonymous().get(market.publicPath("/reviews/" + s.review())).then().statusCode(200);
        market.asBuyer("b-2").get("/api/v1/me/notices").then().body("items[0].appealOutcome.outcome", equalTo("upheld"))
                .body("items[0].scope", equalTo("The decision stands."));

        // the same again with a second reporter, overturned this time
        market.purchase("o-4", "b-4", "s-1", 1, "sku-4");
        String other = market.review("b-4", "o-4", "sku-4", 5, "Buy from my cousin's shop instead, much cheaper there.");
        market.report("b-5", other, "spam");
        String kept = market.decide("m-1", (String) market.openCase("review", other).get("id"), "keep", "spam", "Fine.");
        String second = appeal(market, "b-5", kept, "It advertises another shop.").then().statusCode(201).extract().path("id");
        market.asModerator("m-2").body(Map.of("outcome", "overturned", "statement", "It sends buyers to another shop."))
                .post("/api/v1/moderation/appeals/" + second + "/decision").then().statusCode(201);
        market.anonymous().get(market.publicPath("/reviews/" + other)).then().statusCode(404);
        market.anonymous().get(market.publicPath("/subjects/product/sku-4/summary")).then().body("count", equalTo(0));
        market.asBuyer("b-4").get("/api/v1/me/reviews/" + other).then().body("status", equalTo("removed"));
        market.asBuyer("b-4").get("/api/v1/me/notices").then()
                .body("items[0].action", equalTo("remove"))
                .body("items[0].statement", equalTo("It sends buyers to another shop."))
                .body("items[0].appealOutcome.outcome", equalTo("overturned"));
    }

    @Test
    void anOverturnedRedactionRestoresTheText() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String review = market.review("b-1", "o-1", "sku-1", 2, "The lamp flickers like a cheap disco ball.");
        market.report("b-2", review, "offensive");
        String decision = market.asModerator("m-1").body(Map.of("action", "redact", "policy", "offensive", "statement", "Mocking language.",
                        "redactions", List.of(Map.of("field", "body", "text", "like a cheap disco ball"))))
                .post("/api/v1/moderation/cases/" + market.openCase("review", review).get("id") + "/decision")
                .then().statusCode(201).extract().path("id");
        market.anonymous().get(market.publicPath("/reviews/" + review)).then().body("body", equalTo("The lamp flickers [removed by a moderator]."));
        String appealId = appeal(market, "b-1", decision, "A comparison, not an insult.").then().statusCode(201).extract().path("id");
        market.asModerator("m-2").body(Map.of("outcome", "overturned", "statement", "A comparison is fine."))
                .post("/api/v1/moderation/appeals/" + appealId + "/decision").then().statusCode(201);
        market.anonymous().get(market.publicPath("/reviews/" + review)).then()
                .body("body", equalTo("The lamp flickers like a cheap disco ball."))
                .body("labels", equalTo(List.of("verified-purchase")));
        assertEquals(List.of("created", "redacted", "restored"), List.of(
                Db.text(db, "SELECT cause FROM review_version WHERE review_id = ? AND version = 1", UUID.fromString(review)),
                Db.text(db, "SELECT cause FROM review_version WHERE review_id = ? AND version = 2", UUID.fromString(review)),
                Db.text(db, "SELECT cause FROM review_version WHERE review_id = ? AND version = 3", UUID.fromString(review))));
    }

    @Test
    void appealsCloseWithTheirWindowAndAutomatedRedactionsCannotBeAppealed() {
        Scenario s = reported();
        TestMarketplace market = s.market();
        String decision = market.decide("m-1", s.caseId(), "remove", "spam", "Advert.");
        Db.update(db, "UPDATE decision SET appeal_until = now() - interval '1 second' WHERE decision_id = ?", UUID.fromString(decision));
        appeal(market, "b-1", decision, "Too late?").then().statusCode(422).body("type", equalTo("/problems/window-closed"));

        market.purchase("o-7", "b-7", "s-1", 1, "sku-7");
        market.review("b-7", "o-7", "sku-7", 3, "Call me on 415-555-0132 about it.");
        String automated = market.asBuyer("b-7").get("/api/v1/me/notices").then().body("items[0].automatedDecision", equalTo(true))
                .extract().path("items[0].decision");
        appeal(market, "b-7", automated, "I wanted my number there").then().statusCode(403).body("detail", containsString("never stored"));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM appeal WHERE decision_id IN (?, ?)", UUID.fromString(decision), UUID.fromString(automated)));
    }
}
