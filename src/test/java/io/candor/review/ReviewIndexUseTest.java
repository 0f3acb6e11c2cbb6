package io.candor.review;

import io.candor.testing.RecordedStatements;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At 100,000 reviews in a tenant, every statement that editing, withdrawing and deciding on a review runs against the
 * review table is planned on an index ({@code EXPLAIN (GENERIC_PLAN)} of what Hibernate really sent): the lock and the
 * update both name {@code (tenant_id, review_id)}, the primary key.
 */
@QuarkusTest
class ReviewIndexUseTest {

    private static final int REVIEWS = 100_000;
    private static final Pattern ON_REVIEW = Pattern.compile("\\b(from|update|join)\\s+review\\b", Pattern.CASE_INSENSITIVE);

    @Inject
    DataSource db;

    @Test
    void editWithdrawAndDecideUseAnIndexAtAHundredThousandReviews() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        market.purchase("o-2", "b-2", "s-1", 1, "sku-2");
        market.purchase("o-3", "b-3", "s-1", 1, "sku-3");
        String edited = market.review("b-1", "o-1", "sku-1", 4, "Warm light, solid brass base.");
        String withdrawn = market.review("b-2", "o-2", "sku-2", 2, "The shade cracked in the first week.");
        String decided = market.review("b-3", "o-3", "sku-3", 1, "Useless, and the seller is a fraud who lies.");
        try {
            bulkInsert(market.slug);

            RecordedStatements.start();
            market.asBuyer("b-1").header("If-Match", "\"1\"").body(Map.of("rating", 5)).patch("/api/v1/reviews/" + edited).then().statusCode(200);
            market.asBuyer("b-2").delete("/api/v1/reviews/" + withdrawn).then().statusCode(204);
            market.report("b-4", decided, "harassment");
            String caseId = (String) market.openCase("review", decided).get("id");
            market.decide("m-1", caseId, "remove", "harassment", "Calls the seller a fraud without facts.");
            List<String> statements = RecordedStatements.stop();

            List<String> onReview = statements.stream().filter(s -> ON_REVIEW.matcher(s).find()).distinct().toList();
            assertTrue(onReview.stream().anyMatch(s -> s.toLowerCase().contains("for no key update") || s.toLowerCase().contains("for update")),
                    "the review was locked: " + onReview);
            assertTrue(onReview.stream().anyMatch(s -> s.toLowerCase().startsWith("update review")), "the review was updated: " + onReview);
            List<String> scans = new ArrayList<>();
            try (Connection c = db.getConnection(); Statement setup = c.createStatement()) {
                // EXPLAIN (GENERIC_PLAN) takes $n placeholders only over the simple protocol or from PL/pgSQL, so ask from there
                setup.execute("CREATE FUNCTION pg_temp.generic_plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $f$ DECLARE r record; "
                        + "BEGIN FOR r IN EXECUTE 'EXPLAIN (GENERIC_PLAN) ' || q LOOP RETURN NEXT r.\"QUERY PLAN\"; END LOOP; END $f$");
                for (String sql : onReview) {
                    String plan = plan(c, sql);
                    if (!lookedUpByKey(plan)) {
                        scans.add(sql + "\n" + plan);
                    }
                }
            }
            assertEquals(List.of(), scans, "statements that scan the review table");
            for (String sql : onReview) {
                String lower = sql.toLowerCase();
                if (lower.startsWith("update review") || lower.contains("for update") || lower.contains("for no key update")) {
                    assertTrue(lower.contains("tenant_id"), "locks and updates name the tenant: " + sql);
                }
            }
        } finally {
            try (Connection c = db.getConnection(); PreparedStatement clean = c.prepareStatement(
                    "DELETE FROM review WHERE tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?) AND subject_ref LIKE 'bulk-%'")) {
                clean.setString(1, market.slug);
                clean.executeUpdate();
            }
        }
    }

    /**
     * Whether every scan of the review table in the plan is an index lookup whose condition names the tenant: no
     * sequential scan, and no walk over a whole index filtered on a column that is not its first.
     */
    static boolean lookedUpByKey(String plan) {
        String[] lines = plan.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].matches(".*Scan.* on review( \\w+)? .*")) {
                continue;
            }
            if (lines[i].contains("Seq Scan")) {
                return false;
            }
            boolean keyed = false;
            for (int j = i + 1; j < lines.length && !lines[j].contains("->"); j++) {
                if ((lines[j].contains("Index Cond:") || lines[j].contains("Recheck Cond:")) && lines[j].contains("tenant_id =")) {
                    keyed = true;
                }
            }
            if (!keyed) {
                return false;
            }
        }
        return true;
    }

    /** 100,000 unverified seller reviews in the tenant, spread over 5,000 shops, then fresh planner statistics. */
    private void bulkInsert(String slug) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO review (tenant_id, review_id, subject_type, subject_ref, author_party_id, rating, body, status, verified, created_at, "
                        + "status_changed_at, version) "
                        + "SELECT t.tenant_id, gen_random_uuid(), 'seller', 'bulk-' || (i % 5000), p.party_id, 1 + i % 5, 'Bulk review ' || i, "
                        + "'published', false, now() - make_interval(mins => i), now() - make_interval(mins => i), 1 "
                        + "FROM tenant t JOIN party p ON p.tenant_id = t.tenant_id AND p.ref = 'b-1', generate_series(1, ?) AS i WHERE t.slug = ?");
             Statement analyze = c.createStatement()) {
            ps.setInt(1, REVIEWS);
            ps.setString(2, slug);
            assertEquals(REVIEWS, ps.executeUpdate());
            analyze.execute("ANALYZE review");
        }
    }

    /** The generic plan of a statement with its ? parameters numbered, as PostgreSQL would run it prepared. */
    private static String plan(Connection c, String sql) throws Exception {
        StringBuilder numbered = new StringBuilder();
        Matcher m = Pattern.compile("\\?").matcher(sql);
        int n = 0;
        while (m.find()) {
            m.appendReplacement(numbered, "\\$" + (++n));
        }
        m.appendTail(numbered);
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement explain = c.prepareStatement("SELECT * FROM pg_temp.generic_plan(?)")) {
            explain.setString(1, numbered.toString());
            ResultSet rs = explain.executeQuery();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        assertFalse(plan.isEmpty());
        return plan.toString();
    }
}
