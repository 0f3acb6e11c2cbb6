package io.candor.privacy;

import io.agroal.api.AgroalDataSource;
import io.candor.summary.SummaryRecompute;
import io.candor.testing.Db;
import io.candor.testing.TestMarketplace;
import io.candor.tenant.TenantDirectory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Export, erasure and retention: every kind of data a party leaves, and what becomes of it. */
@QuarkusTest
class DataRightsTest {

    @Inject
    AgroalDataSource db;
    @Inject
    RetentionJob retention;
    @Inject
    SummaryRecompute recompute;
    @Inject
    TenantDirectory tenants;

    long tenantId(TestMarketplace market) {
        return Db.count(db, "SELECT tenant_id FROM tenant WHERE slug = ?", market.slug);
    }

    /**
     * b-7 buys from s-1 twice, reviews a product and the shop, votes, reports, gets feedback, appeals; others
     * review too, so there is something that must stay.
     */
    static Map<String, String> busyBuyer(TestMarketplace market) {
        market.purchase("o-1", "b-7", "s-1", 20, "sku-1");
        market.purchase("o-2", "b-7", "s-1", 1, "sku-2");
        market.purchase("o-3", "b-8", "s-1", 1, "sku-1");
        String product = market.review("b-7", "o-1", "sku-1", 2, "The switch broke after a week of use.");
        market.asBuyer("b-7").header("If-Match", "\"1\"").body(Map.of("body", "The switch broke after a week; the seller replaced it."))
                .patch("/api/v1/reviews/" + product).then().statusCode(200);
        String shop = market.asBuyer("b-7").body(Map.of("transaction", "o-1", "subject", Map.of("type", "seller", "ref", "s-1"), "rating", 4,
                "body", "Helpful shop, quick replacement.")).post("/api/v1/reviews").then().statusCode(201).extract().path("id");
        String other = market.review("b-8", "o-3", "sku-1", 5, "Bright and steady, very happy with it.");
        market.asBuyer("b-7").body(Map.of("helpful", true)).put("/api/v1/reviews/" + other + "/vote").then().statusCode(204);
        market.report("b-7", other, "incentivized");
        market.asSeller("s-1").body(Map.of("rating", "positive", "comment", "Friendly buyer.")).put("/api/v1/transactions/o-1/buyer-feedback")
                .then().statusCode(200);
        market.asSeller("s-1").body(Map.of("body", "Glad we could replace it.")).put("/api/v1/reviews/" + product + "/response").then().statusCode(200);
        market.report("b-9", product, "spam");
        String decision = market.decide("m-1", (String) market.openCase("review", product).get("id"), "remove", "spam", "Advert.");
        String appeal = market.asBuyer("b-7").body(Map.of("decision", decision, "grounds", "It is about my lamp.")).post("/api/v1/appeals")
                .then().statusCode(201).extract().path("id");
        return Map.of("product", product, "shop", shop, "other", other, "decision", decision, "appeal", appeal);
    }

    @Test
    void theExportHoldsEverythingLinkedToTheCallerAndNoPartyRef() {
        TestMarketplace market = TestMarketplace.create(Map.of("mutualRevealDays", 0));
        Map<String, String> ids = busyBuyer(market);
        Response export = market.asBuyer("b-7").get("/api/v1/me/export");
        export.then().statusCode(200)
                .header("Content-Disposition", containsString("attachment"))
                .body("marketplace", equalTo(market.slug))
                .body("party.handle", containsString("buyer-"))
                .body("transactions.ref", equalTo(List.of("o-2", "o-1")))
                .body("transactions[0].role", equalTo("buyer"))
                .body("reviews", hasSize(2))
                .body("reviews.find { it.review.id == '" + ids.get("product") + "' }.history.body",
                        equalTo(List.of("The switch broke after a week of use.", "The switch broke after a week; the seller replaced it.")))
                .body("reviews.find { it.review.id == '" + ids.get("product") + "' }.review.status", equalTo("removed"))
                .body("votes", hasSize(1))
                .body("votes[0].review", equalTo(ids.get("other")))
                .body("reports", hasSize(1))
                .body("reports[0].reason", equalTo("incentivized"))
                .body("appeals", hasSize(1))
                .body("appeals[0].id", equalTo(ids.get("appeal")))
                .body("notices", hasSize(1))
                .body("notices[0].decision", equalTo(ids.get("decision")))
                .body("feedback.received", hasSize(1))
                .body("feedback.received[0].comment", equalTo("Friendly buyer."))
                .body("feedback.given", hasSize(0));
        // s-1 appears, as the public name of the shop that was reviewed (subject seller:s-1); no party appears as a party
        String body = export.asString();
        for (String ref : List.of("\"b-7\"", "\"b-8\"", "\"b-9\"", "\"m-1\"")) {
            assertFalse(body.contains(ref), "no party ref in the export: " + ref);
        }
        market.asSeller("s-1").get("/api/v1/me/export").then().statusCode(200)
                .body("transactions.role", equalTo(List.of("seller", "seller", "seller")))
                .body("responses", hasSize(1))
                .body("responses[0].history", hasSize(1))
                .body("feedback.given", hasSize(1));
        market.asBuyer("nobody-yet").get("/api/v1/me/export").then().statusCode(200).body("party", nullValue()).body("reviews", hasSize(0));
        market.anonymous().get("/api/v1/me/export").then().statusCode(401);
    }

    @Test
    void erasureDeletesWhatThePartyWroteUnlinksWhatTheyTookPartInAndKeepsTheRest() throws Exception {
        TestMarketplace market = TestMarketplace.create(Map.of("mutualRevealDays", 0));
        Map<String, String> ids = busyBuyer(market);
        long t = tenantId(market);
        market.anonymous().get(market.publicPath("/reviews/" + ids.get("other"))).then().body("helpful.up", equalTo(1));
        market.anonymous().get(market.publicPath("/subjects/seller/s-1/summary")).then().body("count", equalTo(1));

        market.asBuyer("b-7").delete("/api/v1/me").then().statusCode(202);

        assertEquals(0, Db.count(db, "SELECT count(*) FROM party WHERE tenant_id = ? AND ref = 'b-7'", t));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM review WHERE tenant_id = ? AND review_id IN (?, ?)", t,
                UUID.fromString(ids.get("product")), UUID.fromString(ids.get("shop"))));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM review_version WHERE tenant_id = ? AND review_id = ?", t, UUID.fromString(ids.get("product"))));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM completed_transaction WHERE tenant_id = ? AND ref IN ('o-1', 'o-2')", t));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM buyer_feedback WHERE tenant_id = ?", t));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM review_vote WHERE tenant_id = ?", t));
        // what others wrote stays; what b-7 took part in stays without b-7
        market.anonymous().get(market.publicPath("/reviews/" + ids.get("other"))).then().statusCode(200).body("helpful.up", equalTo(0));
        market.anonymous().get(market.publicPath("/subjects/seller/s-1/summary")).then().body("count", equalTo(0));
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(1));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM report WHERE tenant_id = ? AND reason = 'incentivized' AND reporter_party_id IS NULL", t));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM appeal WHERE tenant_id = ? AND appellant_party_id IS NULL", t));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM notice WHERE tenant_id = ? AND recipient_party_id IS NOT NULL "
                + "AND recipient_party_id NOT IN (SELECT party_id FROM party WHERE tenant_id = ?)", t, t));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM outbox_event WHERE tenant_id = ? AND payload LIKE '%\"b-7\"%'", t));
        // the summaries equal a recompute, and the audit log still holds and names nobody
        assertEquals(0, recompute.recomputeTenant(tenants.byId(t)).drifted());
        market.asModerator("m-1").get("/api/v1/moderation/audit/verify").then().body("valid", equalTo(true));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM log_entry WHERE tenant_id = ? AND (data LIKE '%\"b-7\"%' OR target_id = 'b-7')", t));
        market.asModerator("m-1").get("/api/v1/moderation/audit?limit=1").then().body("items[0].action", equalTo("party.erased"))
                .body("items[0].data.reviewsDeleted", equalTo(2)).body("items[0].actor.handle", nullValue());
        // the pending appeal about erased content can still be decided
        market.asModerator("m-2").body(Map.of("outcome", "upheld", "statement", "Nothing left to restore."))
                .post("/api/v1/moderation/appeals/" + ids.get("appeal") + "/decision").then().statusCode(201);
        // erasing again, or someone unknown, is fine and changes nothing
        market.asBuyer("b-7").delete("/api/v1/me").then().statusCode(202);
        market.asMarketplace().body(Map.of("party", "never-seen")).post("/api/v1/erasures").then().statusCode(202);
        market.asMarketplace().body(Map.of("party", "not a ref!")).post("/api/v1/erasures").then().statusCode(422);
        market.asBuyer("b-8").body(Map.of("party", "b-8")).post("/api/v1/erasures").then().statusCode(403);
    }

    @Test
    void theMarketplaceErasesASellerWhoseShopsReviewsStay() {
        TestMarketplace market = TestMarketplace.create(Map.of("mutualRevealDays", 0));
        market.purchase("o-1", "b-1", "s-9", 1, "sku-1");
        String review = market.review("b-1", "o-1", "sku-1", 4, "Good lamp from a small shop.");
        market.asSeller("s-9").body(Map.of("body", "Thank you!")).put("/api/v1/reviews/" + review + "/response").then().statusCode(200);
        market.asMarketplace().body(Map.of("party", "s-9")).post("/api/v1/erasures").then().statusCode(202);
        market.anonymous().get(market.publicPath("/reviews/" + review)).then().statusCode(200)
                .body("response", nullValue()).body("verifiedPurchase", equalTo(true));
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(1));
        long t = tenantId(market);
        assertEquals(1, Db.count(db, "SELECT count(*) FROM completed_transaction WHERE tenant_id = ? AND ref = 'o-1' AND seller_party_id IS NULL", t));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM seller_product WHERE tenant_id = ?", t));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM seller_month WHERE tenant_id = ?", t));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM review WHERE tenant_id = ? AND seller_party_id IS NOT NULL", t));
    }

    @Test
    void contentAReporterMayStillAppealAboutIsWithdrawnAtOnceAndDeletedWhenTheWindowEnds() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String review = market.review("b-1", "o-1", "sku-1", 1, "Dangerous wiring, it sparked.");
        market.report("b-2", review, "illegal");
        market.decide("m-1", (String) market.openCase("review", review).get("id"), "keep", "illegal", "A safety warning is no crime.");
        long t = tenantId(market);
        market.asBuyer("b-1").delete("/api/v1/me").then().statusCode(202);
        // gone for everyone, and from the summary, but kept (unlinked) so a moderator can judge the reporter's appeal
        market.anonymous().get(market.publicPath("/reviews/" + review)).then().statusCode(404);
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(0));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM review WHERE tenant_id = ? AND review_id = ? AND author_party_id IS NULL "
                + "AND status = 'withdrawn' AND erase_after IS NOT NULL", t, UUID.fromString(review)));
        String decision = market.asBuyer("b-2").get("/api/v1/me/notices").path("items[0].decision");
        String appeal = market.asBuyer("b-2").body(Map.of("decision", decision, "grounds", "It was dangerous advice.")).post("/api/v1/appeals")
                .then().statusCode(201).extract().path("id");
        market.asModerator("m-2").get("/api/v1/moderation/cases/" + market.asModerator("m-2").get("/api/v1/moderation/cases?status=closed")
                .path("items.find { it.target.id == '" + review + "' }.id")).then().body("content.body", equalTo("Dangerous wiring, it sparked."))
                .body("content.author.handle", nullValue());
        // the window ends: still kept while the appeal is pending, deleted once it is decided
        Instant later = Instant.now().plus(Duration.ofDays(400));
        assertEquals(0, retention.run(later).deleted());
        market.asModerator("m-2").body(Map.of("outcome", "upheld", "statement", "Withdrawn anyway."))
                .post("/api/v1/moderation/appeals/" + appeal + "/decision").then().statusCode(201);
        assertTrue(retention.run(later).deleted() >= 1);
        assertEquals(0, Db.count(db, "SELECT count(*) FROM review WHERE tenant_id = ? AND review_id = ?", t, UUID.fromString(review)));
    }

    @Test
    void retentionUnlinksOldModerationRecordsOnlyAfterTheirAppealWindows() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String review = market.review("b-1", "o-1", "sku-1", 3, "Fine, nothing special.");
        market.report("b-2", review, "spam");
        market.decide("m-1", (String) market.openCase("review", review).get("id"), "keep", "spam", "Not spam.");
        long t = tenantId(market);
        // a year and a day later the links would be due, but the reporter can still appeal the keep: nothing changes
        Db.update(db, "UPDATE decision SET appeal_until = now() + interval '400 days' WHERE tenant_id = ?", t);
        retention.run(Instant.now().plus(Duration.ofDays(366)));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM report WHERE tenant_id = ? AND reporter_party_id IS NOT NULL", t));
        assertEquals(2, Db.count(db, "SELECT count(*) FROM notice WHERE tenant_id = ? AND recipient_party_id IS NOT NULL", t));
        // once the window is over too, reporter, recipients and the claiming moderator are forgotten; the records stay
        Db.update(db, "UPDATE decision SET appeal_until = now() - interval '1 day' WHERE tenant_id = ?", t);
        retention.run(Instant.now().plus(Duration.ofDays(366)));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM report WHERE tenant_id = ? AND reporter_party_id IS NOT NULL", t));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM notice WHERE tenant_id = ? AND recipient_party_id IS NOT NULL", t));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM report WHERE tenant_id = ?", t));
        market.asBuyer("b-2").get("/api/v1/me/notices").then().body("items", hasSize(0));
        market.asModerator("m-1").get("/api/v1/moderation/cases?status=closed").then().body("items[0].reportCount", equalTo(1))
                .body(not(containsString("\"b-2\""))); // quoted: a UUID may hold b-2
    }
}
