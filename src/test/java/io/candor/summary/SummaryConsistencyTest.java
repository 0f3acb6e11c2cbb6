package io.candor.summary;

import io.agroal.api.AgroalDataSource;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The property behind "never computed by scanning reviews on read": after any sequence of writes,
 * the maintained summaries equal summaries computed from scratch from the reviews.
 */
@QuarkusTest
class SummaryConsistencyTest {

    private static final String[] INCENTIVES = {"none", "free_product", "discount", "payment"};

    @Inject
    AgroalDataSource db;

    static final String[] PRODUCTS = {"p-1", "p-2", "p-3"};
    static final String[] SELLERS = {"s-1", "s-2"};

    record Written(String id, String buyer, boolean seller, int version, String status) {
    }

    @Test
    void maintainedSummariesEqualARecomputeAfterRandomWrites() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            runSequence(seed, 60);
        }
    }

    void runSequence(long seed, int steps) throws Exception {
        Random random = new Random(seed);
        TestMarketplace market = TestMarketplace.create(Map.of("minReviewsForAverage", 1, "blockedWords", List.of("zzbad")));
        List<Written> live = new ArrayList<>();
        int orders = 0;
        for (int step = 0; step < steps; step++) {
            int action = random.nextInt(14);
            if (action < 5 || live.isEmpty()) {
                String buyer = "b-" + random.nextInt(15);
                String seller = SELLERS[random.nextInt(SELLERS.length)];
                String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
                String ref = "o-" + seed + "-" + orders++;
                market.purchase(ref, buyer, seller, random.nextInt(20), product);
                boolean aboutSeller = random.nextBoolean();
                Map<String, Object> body = new HashMap<>(Map.of("transaction", ref, "rating", 1 + random.nextInt(5), "body", "Step " + step));
                if (random.nextInt(4) == 0) { // an incentivised review: shown, counted apart (the default policy)
                    body.put("incentive", INCENTIVES[random.nextInt(INCENTIVES.length)]);
                }
                if (aboutSeller) {
                    body.put("subject", Map.of("type", "seller", "ref", seller));
                    body.put("aspects", Map.of("asDescribed", 1 + random.nextInt(5), "delivery", 1 + random.nextInt(5)));
                } else {
                    body.put("subject", Map.of("type", "product", "ref", product));
                }
                var response = market.asBuyer(buyer).body(body).post("/api/v1/reviews");
                if (response.statusCode() == 201) {
                    live.add(new Written(response.path("id"), buyer, aboutSeller, 1, response.path("status")));
                } else {
                    assertEquals(409, response.statusCode(), "only duplicates may be refused here");
                }
            } else if (action < 8) {
                int index = random.nextInt(live.size());
                Written w = live.get(index);
                Map<String, Object> change = new HashMap<>(Map.of("rating", 1 + random.nextInt(5)));
                if (random.nextInt(5) == 0) {
                    change.put("incentive", INCENTIVES[random.nextInt(INCENTIVES.length)]);
                }
                if (w.seller() && random.nextBoolean()) {
                    change.put("aspects", Map.of("communication", 1 + random.nextInt(5)));
                }
                var edited = market.asBuyer(w.buyer()).header("If-Match", "\"" + w.version() + "\"").body(change).patch("/api/v1/reviews/" + w.id());
                if ("removed".equals(w.status())) {
                    edited.then().statusCode(409);
                } else {
                    edited.then().statusCode(200);
                    live.set(index, new Written(w.id(), w.buyer(), w.seller(), w.version() + 1, edited.path("status")));
                }
            } else if (action < 9) {
                Written w = live.remove(random.nextInt(live.size()));
                market.asBuyer(w.buyer()).delete("/api/v1/reviews/" + w.id()).then().statusCode(204);
            } else if (action < 10) {
                Written w = live.get(random.nextInt(live.size()));
                market.asBuyer("voter-" + random.nextInt(5)).body(Map.of("helpful", random.nextBoolean()))
                        .put("/api/v1/reviews/" + w.id() + "/vote").then().statusCode("published".equals(w.status()) ? 204 : 404);
            } else if (action < 11) {
                // a moderator removes a review; half the time its author appeals and a second moderator restores it
                int index = random.nextInt(live.size());
                Written w = live.get(index);
                if (!"published".equals(w.status()) && !"held".equals(w.status())) {
                    continue;
                }
                var opened = market.asModerator("m-1").body(Map.of("target", Map.of("type", "review", "id", w.id()))).post("/api/v1/moderation/cases");
                String decision = market.decide("m-1", opened.path("id"), "remove", "spam", "Step " + step);
                String status = "removed";
                if (random.nextBoolean()) {
                    String appeal = market.asBuyer(w.buyer()).body(Map.of("decision", decision, "grounds", "Mine.")).post("/api/v1/appeals")
                            .then().statusCode(201).extract().path("id");
                    market.asModerator("m-2").body(Map.of("outcome", "overturned", "statement", "Fine."))
                            .post("/api/v1/moderation/appeals/" + appeal + "/decision").then().statusCode(201);
                    // published again, or sealed: a seller review inside its reveal window goes back under double-blind
                    status = market.asBuyer(w.buyer()).get("/api/v1/me/reviews/" + w.id()).path("status");
                }
                live.set(index, new Written(w.id(), w.buyer(), w.seller(), w.version(), status));
            } else if (action < 12) {
                // an edit with a listed word is held, and a moderator keeps it
                int index = random.nextInt(live.size());
                Written w = live.get(index);
                if ("removed".equals(w.status())) {
                    continue;
                }
                market.asBuyer(w.buyer()).header("If-Match", "\"" + w.version() + "\"").body(Map.of("body", "zzbad at step " + step))
                        .patch("/api/v1/reviews/" + w.id()).then().statusCode(200);
                String status = "held";
                if (random.nextBoolean()) {
                    market.decide("m-1", (String) market.openCase("review", w.id()).get("id"), "keep", "offensive", "Fine.");
                    status = market.asBuyer(w.buyer()).get("/api/v1/me/reviews/" + w.id()).path("status");
                }
                live.set(index, new Written(w.id(), w.buyer(), w.seller(), w.version() + 1, status));
            } else {
                // a buyer has everything erased
                String buyer = live.get(random.nextInt(live.size())).buyer();
                market.asBuyer(buyer).delete("/api/v1/me").then().statusCode(202);
                live.removeIf(w -> w.buyer().equals(buyer));
            }
        }
        assertEquals(fromScratch(market.slug), maintained(market.slug), "summaries after seed " + seed);
        assertEquals(trendFromScratch(market.slug), trendMaintained(market.slug), "seller trends after seed " + seed);
        TestMarketplace.admin().post("/api/v1/admin/tenants/" + market.slug + "/summaries/recompute")
                .then().statusCode(200).body("drifted", equalTo(0));

        // drift: counters and trends damaged behind Candor's back are rebuilt from the reviews by a recompute
        try (Connection c = db.getConnection(); PreparedStatement damage = c.prepareStatement(
                "UPDATE summary SET review_count = review_count + 3, hist_5 = hist_5 + 3, rating_sum = rating_sum + 15 "
                        + "WHERE tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?)");
             PreparedStatement trend = c.prepareStatement("UPDATE seller_month SET review_count = review_count + 1, rating_sum = rating_sum + 1 "
                     + "WHERE tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?)")) {
            damage.setString(1, market.slug);
            trend.setString(1, market.slug);
            assertTrue(damage.executeUpdate() > 0 && trend.executeUpdate() > 0, "something to damage");
        }
        assertTrue(!fromScratch(market.slug).equals(maintained(market.slug)));
        TestMarketplace.admin().post("/api/v1/admin/tenants/" + market.slug + "/summaries/recompute")
                .then().statusCode(200).body("drifted", org.hamcrest.Matchers.greaterThan(0));
        assertEquals(fromScratch(market.slug), maintained(market.slug), "summaries after a recompute repaired drift");
        assertEquals(trendFromScratch(market.slug), trendMaintained(market.slug), "seller trends after a recompute repaired drift");
    }

    /**
     * The recent window is decided by the row's own {@code recent_since}, inside the UPDATE that adds a change: a
     * review from before it (a recompute moved the window past it) leaves the recent counters alone when it is
     * edited or removed, one inside it moves them.
     */
    @Test
    void changesToAReviewOlderThanTheRecentWindowLeaveTheRecentCountersAlone() throws Exception {
        TestMarketplace market = TestMarketplace.create(Map.of("minReviewsForAverage", 1, "recentWindowDays", 30));
        market.purchase("o-old", "b-old", "s-1", 1, "p-w");
        market.purchase("o-new", "b-new", "s-1", 1, "p-w");
        String old = market.asBuyer("b-old").body(Map.of("transaction", "o-old", "rating", 4, "body", "From long ago.",
                "subject", Map.of("type", "product", "ref", "p-w"))).post("/api/v1/reviews").then().statusCode(201).extract().path("id");
        // the review is 40 days old now, and a recompute moves the window (30 days) past it
        // (the time is computed here: Citus refuses a STABLE function of a column in an UPDATE)
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE review SET created_at = ? WHERE review_id = ?::uuid")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofDays(40))));
            ps.setString(2, old);
            assertEquals(1, ps.executeUpdate());
        }
        TestMarketplace.admin().post("/api/v1/admin/tenants/" + market.slug + "/summaries/recompute").then().statusCode(200);
        assertEquals(List.of(1L, 4L, 0L, 0L), counters(market.slug, "p-w"));

        String fresh = market.asBuyer("b-new").body(Map.of("transaction", "o-new", "rating", 2, "body", "Just now.",
                "subject", Map.of("type", "product", "ref", "p-w"))).post("/api/v1/reviews").then().statusCode(201).extract().path("id");
        assertEquals(List.of(2L, 6L, 1L, 2L), counters(market.slug, "p-w"), "a new review is in the window");
        market.asBuyer("b-old").header("If-Match", "\"1\"").body(Map.of("rating", 1)).patch("/api/v1/reviews/" + old).then().statusCode(200);
        assertEquals(List.of(2L, 3L, 1L, 2L), counters(market.slug, "p-w"), "an edit of the old review moves the totals only");
        market.asBuyer("b-new").header("If-Match", "\"1\"").body(Map.of("rating", 5)).patch("/api/v1/reviews/" + fresh).then().statusCode(200);
        assertEquals(List.of(2L, 6L, 1L, 5L), counters(market.slug, "p-w"), "an edit of the new one moves both");
        market.asBuyer("b-old").delete("/api/v1/reviews/" + old).then().statusCode(204);
        assertEquals(List.of(1L, 5L, 1L, 5L), counters(market.slug, "p-w"), "removing the old one leaves the window alone");
        TestMarketplace.admin().post("/api/v1/admin/tenants/" + market.slug + "/summaries/recompute")
                .then().statusCode(200).body("drifted", equalTo(0));
    }

    /** review count, rating sum, recent count, recent sum of one product. */
    List<Long> counters(String slug, String product) throws Exception {
        return rows("SELECT s.subject_ref, s.review_count, s.rating_sum, s.recent_count, s.recent_sum FROM summary s "
                + "JOIN tenant t ON t.tenant_id = s.tenant_id WHERE t.slug = ? AND s.subject_type = 'product' AND s.subject_ref = '" + product + "'", slug)
                .get(product);
    }

    Map<String, List<Long>> maintained(String slug) throws Exception {
        return rows("SELECT s.subject_type || ':' || s.subject_ref, s.review_count, s.rating_sum, s.hist_1, s.hist_2, s.hist_3, s.hist_4, s.hist_5, "
                + "s.recent_count, s.recent_sum, s.as_described_count, s.as_described_sum, s.communication_count, s.communication_sum, "
                + "s.delivery_count, s.delivery_sum, s.incentivized_count FROM summary s JOIN tenant t ON t.tenant_id = s.tenant_id "
                + "WHERE t.slug = ? AND (s.review_count > 0 OR s.incentivized_count > 0)", slug);
    }

    Map<String, List<Long>> fromScratch(String slug) throws Exception {
        // the default policy: incentivised reviews are counted apart (incentivized_count), not in the averages
        String c = "r.incentive = 'none'";
        return rows("SELECT r.subject_type || ':' || r.subject_ref, count(*) FILTER (WHERE " + c + "), coalesce(sum(rating) FILTER (WHERE " + c + "), 0), "
                + "count(*) FILTER (WHERE " + c + " AND rating = 1), count(*) FILTER (WHERE " + c + " AND rating = 2), "
                + "count(*) FILTER (WHERE " + c + " AND rating = 3), count(*) FILTER (WHERE " + c + " AND rating = 4), "
                + "count(*) FILTER (WHERE " + c + " AND rating = 5), count(*) FILTER (WHERE " + c + "), coalesce(sum(rating) FILTER (WHERE " + c + "), 0), "
                + "count(aspect_as_described) FILTER (WHERE " + c + "), coalesce(sum(aspect_as_described) FILTER (WHERE " + c + "), 0), "
                + "count(aspect_communication) FILTER (WHERE " + c + "), coalesce(sum(aspect_communication) FILTER (WHERE " + c + "), 0), "
                + "count(aspect_delivery) FILTER (WHERE " + c + "), coalesce(sum(aspect_delivery) FILTER (WHERE " + c + "), 0), "
                + "count(*) FILTER (WHERE r.incentive <> 'none') "
                + "FROM review r JOIN tenant t ON t.tenant_id = r.tenant_id WHERE t.slug = ? AND r.status = 'published' AND r.verified "
                + "GROUP BY r.subject_type, r.subject_ref", slug);
    }

    Map<String, List<Long>> trendMaintained(String slug) throws Exception {
        return rows("SELECT m.seller_party_id || ':' || m.month, m.review_count, m.rating_sum FROM seller_month m "
                + "JOIN tenant t ON t.tenant_id = m.tenant_id WHERE t.slug = ? AND m.review_count > 0", slug);
    }

    Map<String, List<Long>> trendFromScratch(String slug) throws Exception {
        return rows("SELECT r.seller_party_id || ':' || date_trunc('month', r.created_at AT TIME ZONE 'UTC')::date, count(*), sum(rating) "
                + "FROM review r JOIN tenant t ON t.tenant_id = r.tenant_id WHERE t.slug = ? AND r.status = 'published' AND r.verified "
                + "AND r.incentive = 'none' GROUP BY 1", slug);
    }

    Map<String, List<Long>> rows(String sql, String slug) throws Exception {
        Map<String, List<Long>> out = new TreeMap<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Long> values = new ArrayList<>();
                    for (int i = 2; i <= columns; i++) {
                        values.add(rs.getLong(i));
                    }
                    out.put(rs.getString(1), values);
                }
            }
        }
        return out;
    }
}
