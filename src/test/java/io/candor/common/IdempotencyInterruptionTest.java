package io.candor.common;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write whose database connection is killed mid-request ({@code pg_terminate_backend}) leaves its
 * {@code Idempotency-Key} free as soon as its transaction is gone: the retry with the same key does the work once,
 * and every later retry replays that answer. Nothing is half-written and the key is never stuck.
 */
@QuarkusTest
class IdempotencyInterruptionTest {

    @Inject
    DataSource db;

    @Test
    void aRequestKilledMidTransactionCanBeRetriedWithItsKey() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-0", "b-0", "s-1", 1, "sku-1");
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        market.review("b-0", "o-0", "sku-1", 4, "The first review makes the summary row exist.");
        Map<String, Object> review = Map.of("transaction", "o-1", "subject", Map.of("type", "product", "ref", "sku-1"), "rating", 2,
                "body", "Flickers after an hour of use.");

        Response interrupted;
        try (Connection blocker = db.getConnection()) {
            // hold the subject's summary row: the write claims its key, stores the review, then waits here for the row
            blocker.setAutoCommit(false);
            long tenant;
            try (PreparedStatement find = blocker.prepareStatement("SELECT tenant_id FROM tenant WHERE slug = ?")) {
                find.setString(1, market.slug);
                try (var rs = find.executeQuery()) {
                    rs.next();
                    tenant = rs.getLong(1);
                }
            }
            try (PreparedStatement lock = blocker.prepareStatement("SELECT 1 FROM summary WHERE subject_ref = 'sku-1' AND tenant_id = ? FOR UPDATE")) {
                lock.setLong(1, tenant);
                lock.executeQuery().close();
            }
            CompletableFuture<Response> request = CompletableFuture.supplyAsync(() ->
                    market.asBuyer("b-1").header("Idempotency-Key", "kill-1").body(review).post("/api/v1/reviews"));
            int killed = terminateWaitingWrite(blocker);
            assertEquals(1, killed, "one request was waiting for the summary row and its connection was killed");
            interrupted = request.get(60, TimeUnit.SECONDS);
            blocker.rollback();
        }
        assertTrue(interrupted.statusCode() >= 500, "the interrupted write is not acknowledged: " + interrupted.statusCode());
        assertNotEquals(201, interrupted.statusCode());
        market.asBuyer("b-1").get("/api/v1/me/reviews").then().statusCode(200);
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(1));

        Response retry = market.asBuyer("b-1").header("Idempotency-Key", "kill-1").body(review).post("/api/v1/reviews");
        retry.then().statusCode(201);
        assertTrue(retry.getHeader("Idempotent-Replayed") == null, "the retry did the work: the first attempt left nothing behind");
        String id = retry.path("id");
        market.asBuyer("b-1").header("Idempotency-Key", "kill-1").body(review).post("/api/v1/reviews").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(id));
        market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().body("count", equalTo(2));
    }

    /** Terminates the backend that waits for a lock held by {@code blocker}; answers how many it terminated. */
    private int terminateWaitingWrite(Connection blocker) throws Exception {
        int blockerPid;
        try (ResultSet rs = blocker.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            blockerPid = rs.getInt(1);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        try (Connection admin = db.getConnection()) {
            while (Instant.now().isBefore(deadline)) {
                try (PreparedStatement find = admin.prepareStatement("SELECT pid FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))")) {
                    find.setInt(1, blockerPid);
                    try (ResultSet rs = find.executeQuery()) {
                        if (rs.next()) {
                            int pid = rs.getInt(1);
                            try (PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
                                kill.setInt(1, pid);
                                try (ResultSet k = kill.executeQuery()) {
                                    k.next();
                                    return k.getBoolean(1) ? 1 : 0;
                                }
                            }
                        }
                    }
                }
                Thread.sleep(50);
            }
        }
        return 0;
    }
}
