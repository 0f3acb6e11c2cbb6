package io.candor.review;

import io.agroal.api.AgroalDataSource;
import io.candor.testing.TestMarketplace;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The burst check's hourly arrival counts: every review written counts once in its hour, in its own transaction;
 * the counts answer a window's arrivals exactly where the window is made of whole hours and pro rata at its edges;
 * reading them costs a bounded number of rows however busy the subject; old hours are deleted.
 */
@QuarkusTest
class ReviewArrivalsTest {

    @Inject
    AgroalDataSource db;
    @Inject
    ReviewArrivals arrivals;
    @Inject
    ReviewStatisticsQueries statistics;

    long tenantId(TestMarketplace market) throws Exception {
        return query("SELECT tenant_id FROM tenant WHERE slug = ?", market.slug).get(0).longValue();
    }

    List<Number> query(String sql, Object... params) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i] instanceof Instant instant ? Timestamp.from(instant) : params[i]);
            }
            List<Number> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add((Number) rs.getObject(1));
                }
            }
            return out;
        }
    }

    void update(String sql, Object... params) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i] instanceof Instant instant ? Timestamp.from(instant) : params[i]);
            }
            ps.executeUpdate();
        }
    }

    int stored(long tenant, String ref) throws Exception {
        return query("SELECT coalesce(sum(arrivals), 0)::int FROM review_arrival WHERE tenant_id = ? AND subject_type = 'product' AND subject_ref = ?",
                tenant, ref).get(0).intValue();
    }

    @Test
    void everyReviewWrittenCountsOnceInItsHourAndARefusedOneNotAtAll() throws Exception {
        TestMarketplace market = TestMarketplace.create(Map.of("burstFloor", 1000));
        long tenant = tenantId(market);
        for (int i = 1; i <= 6; i++) {
            market.purchase("o-" + i, "b-" + i, "s-1", 1, "sku-1", "sku-2");
        }
        for (int i = 1; i <= 6; i++) {
            market.review("b-" + i, "o-" + i, "sku-1", 1 + i % 5, "Arrival number " + i + " of this kettle");
        }
        market.review("b-1", "o-1", "sku-2", 4, "The other product");
        // a second review of the same purchase is refused: nothing stored, nothing counted
        market.asBuyer("b-2").body(Map.of("transaction", "o-2", "subject", Map.of("type", "product", "ref", "sku-1"), "rating", 5, "body", "Again"))
                .post("/api/v1/reviews").then().statusCode(409);
        assertEquals(6, stored(tenant, "sku-1"));
        assertEquals(1, stored(tenant, "sku-2"));
        assertEquals(query("SELECT count(*) FROM review WHERE tenant_id = ? AND subject_ref = 'sku-1'", tenant).get(0).intValue(), stored(tenant, "sku-1"));
        Instant now = Instant.now();
        assertEquals(6, statistics.arrivals(tenant, "product", "sku-1", now.minus(Duration.ofDays(1)), null, 100));
        assertEquals(5, statistics.arrivals(tenant, "product", "sku-1", now.minus(Duration.ofDays(1)), null, 5), "never more than the cap");
        assertEquals(0, statistics.arrivals(tenant, "product", "sku-1", now.minus(Duration.ofDays(31)), now.minus(Duration.ofDays(1)), 100));
    }

    @Test
    void aTransactionThatRollsBackCountsNothingAndOneThatCommitsCountsEachReview() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        long tenant = tenantId(market);
        Instant at = Instant.parse("2026-03-04T10:15:00Z");
        // a request that fails after its review was counted (a later statement, a conflict): its transaction rolls back
        IllegalStateException failed = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> QuarkusTransaction.requiringNew().run(() -> {
                    arrivals.count(tenant, "product", "sku-r", at);
                    throw new IllegalStateException("a later step fails");
                }));
        assertEquals("a later step fails", failed.getMessage());
        assertEquals(0, stored(tenant, "sku-r"));
        QuarkusTransaction.requiringNew().run(() -> {
            arrivals.count(tenant, "product", "sku-r", at);
            arrivals.count(tenant, "product", "sku-r", at.plusSeconds(60));
            arrivals.count(tenant, "product", "sku-r", at.plus(Duration.ofHours(1)));
        });
        assertEquals(List.of(2, 1), query("SELECT arrivals FROM review_arrival WHERE tenant_id = ? AND subject_ref = 'sku-r' ORDER BY hour", tenant)
                .stream().map(Number::intValue).toList());
        assertEquals(at.truncatedTo(ChronoUnit.HOURS), query("SELECT extract(epoch FROM min(hour))::bigint FROM review_arrival WHERE tenant_id = ?", tenant)
                .stream().map(n -> Instant.ofEpochSecond(n.longValue())).findFirst().orElseThrow());
    }

    /** The reference: hours inside the window whole, the edge hours by the share of them inside it. */
    static double expected(Map<Instant, Integer> hours, Instant since, Instant until) {
        double sum = 0;
        for (Map.Entry<Instant, Integer> h : hours.entrySet()) {
            Instant start = h.getKey().isAfter(since) ? h.getKey() : since;
            Instant end = h.getKey().plus(Duration.ofHours(1));
            if (until != null && until.isBefore(end)) {
                end = until;
            }
            if (end.isAfter(start)) {
                sum += h.getValue() * (Duration.between(start, end).toMillis() / 3_600_000.0);
            }
        }
        return sum;
    }

    @Test
    void windowsCountWholeHoursExactlyAndTheirEdgeHoursProRata() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        long tenant = tenantId(market);
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Random random = new Random(11);
        Map<Instant, Integer> hours = new java.util.TreeMap<>();
        for (int h = 0; h < 40 * 24; h++) {
            if (random.nextInt(3) > 0) {
                hours.put(base.minus(Duration.ofHours(h)), 1 + random.nextInt(50));
            }
        }
        for (Map.Entry<Instant, Integer> h : hours.entrySet()) {
            update("INSERT INTO review_arrival (tenant_id, subject_type, subject_ref, hour, arrivals) VALUES (?, 'product', 'sku-w', ?, ?)",
                    tenant, h.getKey(), h.getValue());
        }
        // whole hours: exact
        Instant dayAgo = base.minus(Duration.ofDays(1));
        int wholeDay = hours.entrySet().stream().filter(e -> !e.getKey().isBefore(dayAgo)).mapToInt(Map.Entry::getValue).sum();
        assertEquals(wholeDay, statistics.arrivals(tenant, "product", "sku-w", dayAgo.minusMillis(1), null, Integer.MAX_VALUE),
                "a window starting on an hour counts that hour and the ones after it");
        for (int i = 0; i < 200; i++) {
            Instant now = base.plusSeconds(random.nextInt(3600));
            Instant since = now.minus(Duration.ofDays(1)).minusSeconds(random.nextInt(7200));
            Instant until = random.nextBoolean() ? null : since.plus(Duration.ofHours(1 + random.nextInt(800))).plusSeconds(random.nextInt(3600));
            double want = expected(hours, since, until);
            int got = statistics.arrivals(tenant, "product", "sku-w", since, until, Integer.MAX_VALUE);
            assertTrue(Math.abs(got - want) <= 0.5 + 1e-6, "since " + since + " until " + until + ": " + got + " against " + want);
        }
        assertEquals(0, statistics.arrivals(tenant, "product", "sku-other", base.minus(Duration.ofDays(40)), null, 100));
    }

    @Test
    void aBusySubjectIsReadInABoundedNumberOfRows() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        long tenant = tenantId(market);
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS);
        // 40 days of 500 reviews an hour: 480,000 arrivals
        update("INSERT INTO review_arrival (tenant_id, subject_type, subject_ref, hour, arrivals) "
                + "SELECT ?, 'product', 'sku-busy', ?::timestamptz - h * interval '1 hour', 500 FROM generate_series(0, 40 * 24 - 1) h", tenant, base);
        // and a catalogue as busy around it, so that reading the table is not the cheaper plan
        update("INSERT INTO review_arrival (tenant_id, subject_type, subject_ref, hour, arrivals) "
                + "SELECT ?, 'product', 'sku-n-' || p, ?::timestamptz - h * interval '1 hour', 1 FROM generate_series(0, 40 * 24 - 1) h, "
                + "generate_series(1, 60) p", tenant, base);
        update("ANALYZE review_arrival");
        Instant now = base.plusSeconds(1800);
        for (boolean trailing : new boolean[] {false, true}) {
            Instant since = trailing ? now.minus(Duration.ofDays(31)) : now.minus(Duration.ofDays(1));
            Instant until = trailing ? now.minus(Duration.ofDays(1)) : null;
            int rows = rowsRead(ReviewStatisticsQueries.arrivalsSql(until != null), tenant, "sku-busy", since, until);
            assertTrue(rows <= (trailing ? 30 * 24 + 1 : 24 + 1), "rows read for " + (trailing ? "the 30 days" : "the day") + ": " + rows);
            // the far edge hour half inside each window; the trailing window's near edge too
            assertEquals(trailing ? 30 * 24 * 500 : 24 * 500 + 250, statistics.arrivals(tenant, "product", "sku-busy", since, until, Integer.MAX_VALUE));
        }
    }

    /** The rows the statement's scan of review_arrival returned (EXPLAIN ANALYZE). */
    int rowsRead(String sql, long tenant, String ref, Instant since, Instant until) throws Exception {
        List<Object> params = ReviewStatisticsQueries.arrivalsParameters(tenant, "product", ref, since, until);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i) instanceof Instant instant ? Timestamp.from(instant) : params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String plan = rs.getString(1);
                java.util.regex.Matcher scan = java.util.regex.Pattern.compile(
                        "\"Index Name\": \"review_arrival_pkey\",[^}]*?\"Actual Rows\": (\\d+)").matcher(plan);
                assertTrue(scan.find(), "an index scan of review_arrival: " + plan);
                return Integer.parseInt(scan.group(1));
            }
        }
    }

    @Test
    void hoursTheCheckCanNoLongerReachAreDeleted() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        long tenant = tenantId(market);
        Instant now = Instant.now();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        for (int days : new int[] {0, 31, 32, 33, 90}) {
            update("INSERT INTO review_arrival (tenant_id, subject_type, subject_ref, hour, arrivals) VALUES (?, 'seller', 's-old', ?, 3)",
                    tenant, hour.minus(Duration.ofDays(days)));
        }
        arrivals.deleteOld(now);
        assertEquals(List.of(0L, 31L, 32L), query("SELECT round(extract(epoch FROM ?::timestamptz - hour) / 86400)::bigint FROM review_arrival "
                + "WHERE tenant_id = ? ORDER BY hour DESC", hour, tenant).stream().map(Number::longValue).toList());
    }
}
