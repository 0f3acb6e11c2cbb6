package io.candor.common;

import io.candor.testing.Management;
import io.candor.testing.RestartablePostgresResource;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database goes away while reviews are being written and comes back. Every acknowledged write is
 * there afterwards, every other one is absent or complete, readiness follows the database, and the
 * service recovers without a restart.
 */
@QuarkusTest
@QuarkusTestResource(value = RestartablePostgresResource.class, restrictToAnnotatedClass = true)
class DatabaseOutageTest {

    record Outcome(int status, String id, String type) {
    }

    @Test
    void acknowledgedWritesSurviveAnOutageAndTheServiceRecovers() throws Exception {
        // 120 reviews of one product in a minute would be a burst; this marketplace expects them
        TestMarketplace market = TestMarketplace.create(Map.of("burstFloor", 1000));
        int writes = 120;
        for (int i = 0; i < writes; i++) {
            market.purchase("o-" + i, "b-" + i, "s-1", 1, "sku-1");
        }
        Map<Integer, Outcome> outcomes = new ConcurrentHashMap<>();
        AtomicBoolean outageDone = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int first = w;
            running.add(writers.submit(() -> {
                for (int i = first; i < writes; i += 4) {
                    try {
                        Response r = market.asBuyer("b-" + i).header("Idempotency-Key", "outage-" + i).body(outageReview(i))
                                .post("/api/v1/reviews");
                        outcomes.put(i, new Outcome(r.statusCode(), r.statusCode() == 201 ? r.path("id") : null,
                                r.statusCode() == 201 ? null : r.path("type")));
                    } catch (Exception connectionLost) {
                        outcomes.put(i, new Outcome(-1, null, null));
                    }
                    if (i > writes / 2 && !outageDone.get()) {
                        await().atMost(Duration.ofSeconds(60)).until(outageDone::get);
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> outcomes.size() >= 12);
        RestartablePostgresResource.stopServer();
        await().atMost(Duration.ofSeconds(30)).until(() -> Management.given().get("/q/health/ready").statusCode() == 503);
        RestAssured.given().get(market.publicPath("/subjects/product/sku-1/summary")).then().statusCode(503)
                .contentType("application/problem+json").body("type", equalTo("/problems/unavailable"));
        RestartablePostgresResource.startServerAgain();
        outageDone.set(true);
        await().atMost(Duration.ofSeconds(60)).until(() -> Management.given().get("/q/health/ready").statusCode() == 200);
        for (Future<?> f : running) {
            f.get(120, TimeUnit.SECONDS);
        }
        writers.shutdown();

        assertTrue(outcomes.values().stream().anyMatch(o -> o.status() != 201), "some writes met the outage");
        // never a 500: a write the database did not confirm is a 503 that says to retry with the same key
        outcomes.forEach((i, o) -> {
            if (o.status() != 201 && o.status() != -1) {
                assertEquals(503, o.status(), "write " + i + " answered " + o.status() + " " + o.type());
                assertEquals("/problems/outcome-unknown", o.type(), "write " + i);
            }
        });
        try (Connection c = RestartablePostgresResource.server().getPostgresDatabase().getConnection()) {
            for (Map.Entry<Integer, Outcome> entry : outcomes.entrySet()) {
                int reviews = count(c, "SELECT count(*) FROM review r JOIN completed_transaction t ON t.tenant_id = r.tenant_id "
                        + "AND t.transaction_id = r.transaction_id WHERE t.ref = ? AND r.tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?)",
                        "o-" + entry.getKey(), market.slug);
                if (entry.getValue().status() == 201) {
                    assertEquals(1, reviews, "acknowledged review " + entry.getKey() + " is there");
                }
                if (reviews == 1) {
                    assertEquals(1, count(c, "SELECT count(*) FROM review_version v JOIN review r ON r.review_id = v.review_id "
                            + "JOIN completed_transaction t ON t.transaction_id = r.transaction_id WHERE t.ref = ? "
                            + "AND r.tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?)", "o-" + entry.getKey(), market.slug),
                            "a stored review is complete, with its first version");
                }
            }
            int stored = count(c, "SELECT count(*) FROM review WHERE tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?)", market.slug);
            int summarised = count(c, "SELECT review_count FROM summary WHERE subject_ref = 'sku-1' "
                    + "AND tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?)", market.slug);
            assertEquals(stored, summarised, "the summary counts exactly the stored reviews");
        }
        // Every write is retried with its Idempotency-Key, as a client would after an outage: an acknowledged one
        // replays its answer, one that never committed is done now; none is stuck or "already exists".
        for (Map.Entry<Integer, Outcome> entry : outcomes.entrySet()) {
            int i = entry.getKey();
            Response retry = market.asBuyer("b-" + i).header("Idempotency-Key", "outage-" + i).body(outageReview(i)).post("/api/v1/reviews");
            assertEquals(201, retry.statusCode(), "retry of " + i + " (first answered " + entry.getValue().status() + "): " + retry.asString());
            if (entry.getValue().status() == 201) {
                assertEquals("true", retry.header("Idempotent-Replayed"), "retry of acknowledged " + i);
                assertEquals(entry.getValue().id(), retry.path("id"), "the same review " + i);
            }
        }
        // the same instance serves writes again
        market.purchase("after", "b-after", "s-1", 1, "sku-2");
        market.review("b-after", "after", "sku-2", 5, "After the outage");
        TestMarketplace.admin().post("/api/v1/admin/tenants/" + market.slug + "/summaries/recompute").then().statusCode(200).body("drifted", equalTo(0));
    }

    static Map<String, Object> outageReview(int i) {
        return Map.of("transaction", "o-" + i, "subject", Map.of("type", "product", "ref", "sku-1"), "rating", 1 + i % 5,
                "body", "Written during an outage " + i);
    }

    static int count(Connection c, String sql, String... params) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }
}
