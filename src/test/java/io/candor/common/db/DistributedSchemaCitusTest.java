package io.candor.common.db;

import io.agroal.api.AgroalDataSource;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Candor on a Citus coordinator with two workers (started by scripts/test-scaleout, which points the test profile's
 * database at the coordinator). The service's own HTTP tests run on the same cluster; these check what is Citus's own:
 * where every table lives, that a marketplace's requests stay on its shard group (no query spans shards, no two-phase
 * commit), that a summary changed through another pod is seen within two seconds, and that a marketplace moves to a
 * shard and a worker of its own while it keeps writing, with nothing lost.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedSchemaCitusTest {

    /** Tables every node holds a copy of: small, read on every request, written by the operator. */
    static final Map<String, String> REFERENCE = Map.of(
            "tenant", "the marketplaces: every request resolves its marketplace, and foreign keys of every table point here",
            "server_secret", "the operator's few keys and secrets, read by every node");

    /** Tables deliberately left on the coordinator alone. */
    static final Map<String, String> LOCAL = Map.of(
            "flyway_schema_history", "Flyway's own record of migrations, read and written by the migration only");

    /** Queries that may run on every shard: the cross-tenant jobs' reads, each of which then works tenant by tenant. */
    static final List<String> CROSS_TENANT_READS = List.of(
            "SELECT DISTINCT tenant_id FROM log_entry WHERE leaf_index IS NULL",                  // the sequencer's work list
            "SELECT DISTINCT ON (tenant_id, target_key) tenant_id, target_key, next_attempt_at",  // the webhook sender's heads
            "SELECT DISTINCT e.tenant_id FROM outbox_event e WHERE e.status = 'pending'",         // tenants without a receiver
            "SELECT DISTINCT tenant_id FROM outbox_event WHERE status IN ('delivered', 'skipped')", // the purge of settled events
            "SELECT tenant_id, url, secret_encrypted, key_source FROM webhook_endpoint WHERE key_source", // key rotation check
            "SELECT tenant_id, subject_type, subject_ref, changed_at FROM summary WHERE changed_at >", // the summary cache's poll
            "SELECT DISTINCT tenant_id FROM review_invitation",                                   // invitations due
            "SELECT DISTINCT tenant_id FROM review_photo",                                        // uploads to expire
            "SELECT DISTINCT tenant_id FROM object_deletion",                                     // stored objects to delete
            "SELECT f.tenant_id, f.transaction_id FROM buyer_feedback f",                         // sealed feedback to reveal
            "SELECT tenant_id, transaction_id, reveal_by FROM review WHERE status = 'sealed'",   // sealed reviews to reveal
            "SELECT count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'dead') FROM outbox_event"); // metrics

    @Inject
    AgroalDataSource db;

    @Test
    @Order(1)
    void everyTableIsDistributedByTenantOrAReferenceTableOrListedAsLocal() throws Exception {
        Map<String, String> problems = new TreeMap<>();
        Set<Long> colocation = new TreeSet<>();
        int distributed = 0;
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT c.relname, p.partmethod, p.repmodel, p.colocationid "
                        + "FROM pg_class c LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid "
                        + "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
                        + "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e') "
                        + "ORDER BY 1")) {
            while (rs.next()) {
                String table = rs.getString(1);
                String method = rs.getString(2);
                if (REFERENCE.containsKey(table)) {
                    if (!"n".equals(method) || !"t".equals(rs.getString(3))) {
                        problems.put(table, "should be a reference table");
                    }
                } else if (LOCAL.containsKey(table)) {
                    if (method != null) {
                        problems.put(table, "should stay on the coordinator");
                    }
                } else if (!"h".equals(method)) {
                    problems.put(table, "is neither distributed by tenant_id, nor a reference table, nor listed as local (see docs/citus.md)");
                } else {
                    distributed++;
                    colocation.add(rs.getLong(4));
                }
            }
        }
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT logicalrelid::text, column_to_column_name(logicalrelid, partkey) FROM pg_dist_partition WHERE partmethod = 'h'")) {
            while (rs.next()) {
                if (!"tenant_id".equals(rs.getString(2))) {
                    problems.put(rs.getString(1), "is distributed by " + rs.getString(2) + ", not tenant_id");
                }
            }
        }
        assertEquals(Map.of(), problems);
        assertTrue(distributed >= 30, "the tables were read: " + distributed);
        assertEquals(1, colocation.size(), "every distributed table in one colocation group: " + colocation);
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_dist_node WHERE noderole = 'primary' AND groupid > 0")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "two workers");
        }
    }

    @Test
    @Order(2)
    void aMarketplacesRequestsStayOnItsShardGroupWithNoTwoPhaseCommit() throws Exception {
        TestMarketplace a = TestMarketplace.create(Map.of("burstFloor", 100000));
        TestMarketplace b = TestMarketplace.create(Map.of("burstFloor", 100000));
        long twoPhaseBefore = count("SELECT count(*) FROM pg_dist_transaction");
        String marker = "candor-router-check-" + UUID.randomUUID();
        logMarker(marker);
        int writes = 0;
        for (TestMarketplace market : List.of(a, b)) {
            List<String> reviews = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                market.purchase("o-" + i, "b-" + i, "s-" + (i % 4), 1, "sku-" + (i % 10));
                reviews.add(market.review("b-" + i, "o-" + i, "sku-" + (i % 10), 1 + i % 5, "Review number " + i + " of the router check."));
                writes += 2;
            }
            for (int i = 1; i < 100; i++) {
                market.asBuyer("b-" + i).body(Map.of("helpful", i % 3 != 0)).put("/api/v1/reviews/" + reviews.get(i - 1) + "/vote").then().statusCode(204);
                writes++;
            }
            for (int i = 0; i < 100; i += 2) {
                market.asSeller("s-" + (i % 4)).body(Map.of("body", "Thank you for review " + i + "."))
                        .put("/api/v1/reviews/" + reviews.get(i) + "/response").then().statusCode(200);
                market.asBuyer("b-" + i).header("If-Match", "\"1\"").body(Map.of("rating", 3)).patch("/api/v1/reviews/" + reviews.get(i)).then().statusCode(200);
                writes += 2;
            }
            for (int i = 0; i < 10; i++) {
                market.report("b-" + (i + 50), reviews.get(i * 3 + 1), "spam");
                writes++;
            }
            Map<String, Object> open = market.openCase("review", reviews.get(1));
            market.decide("m-1", (String) open.get("id"), "keep", "spam", "The review describes the product; it is not an advert.");
            market.asBuyer("b-" + 7).delete("/api/v1/reviews/" + reviews.get(7)).then().statusCode(204);
            market.anonymous().get(market.publicPath("/subjects/product/sku-1/summary")).then().statusCode(200);
            market.anonymous().get(market.publicPath("/subjects/product/sku-1/reviews?sort=helpful&limit=10")).then().statusCode(200);
            market.anonymous().get(market.publicPath("/subjects/product/sku-1/reviews?sort=newest&limit=10&q=router")).then().statusCode(200);
            market.asBuyer("b-3").get("/api/v1/me/export").then().statusCode(200);
            market.asMarketplace().body(Map.of("party", "b-9")).post("/api/v1/erasures").then().statusCode(202);
            writes += 3;
        }
        // let the sequencer, the webhook sender and the cache's poller do their rounds meanwhile
        Thread.sleep(2000);
        logMarker(marker + "-end");
        long twoPhase = count("SELECT count(*) FROM pg_dist_transaction") - twoPhaseBefore;
        System.out.printf("%d writes of two marketplaces through the API: %d two-phase commits%n", writes, twoPhase);
        assertEquals(0, twoPhase, "two-phase commits for " + writes + " single-marketplace writes");

        List<String> multiShard = multiShardStatements(marker);
        List<String> unexpected = multiShard.stream().filter(s -> CROSS_TENANT_READS.stream().noneMatch(s::startsWith)).distinct().toList();
        System.out.printf("statements that ran on more than one shard meanwhile: %d, all of them the jobs' cross-tenant reads%n", multiShard.size());
        assertEquals(List.of(), unexpected, "statements of the request path that were not routed to one shard");
    }

    /**
     * EXPLAIN of the write path's statements, in the shapes the repositories send them with a marketplace's values: each
     * is planned for one shard (Citus's router or fast-path planner, "Task Count: 1"). The log check above covers every
     * statement a request actually ran; this shows the plans themselves.
     */
    @Test
    @Order(2)
    void theWritePathsStatementsArePlannedForOneShard() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String review = market.review("b-1", "o-1", "sku-1", 4, "A review whose statements are explained.");
        long t = count("SELECT tenant_id FROM tenant WHERE slug = '" + market.slug + "'");
        String party = text("SELECT author_party_id::text FROM review WHERE tenant_id = " + t + " AND review_id = '" + review + "'");
        List<String> statements = List.of(
                "SELECT review_id FROM review WHERE tenant_id = " + t + " AND review_id = '" + review + "' FOR UPDATE",
                "UPDATE summary SET review_count = review_count + 1, rating_sum = rating_sum + 4 WHERE tenant_id = " + t
                        + " AND subject_type = 'product' AND subject_ref = 'sku-1' RETURNING review_count",
                "INSERT INTO idempotency_record (tenant_id, caller, key, request_hash, created_at) VALUES (" + t
                        + ", 'party:x', 'k', '\\x00', now()) ON CONFLICT DO NOTHING",
                "INSERT INTO review_vote (tenant_id, review_id, party_id, helpful, voted_at) VALUES (" + t + ", '" + review + "', '" + party
                        + "', true, now()) ON CONFLICT (tenant_id, review_id, party_id) DO UPDATE SET helpful = EXCLUDED.helpful",
                "UPDATE review SET helpful_up = helpful_up + 1 WHERE tenant_id = " + t + " AND review_id = '" + review + "'",
                "INSERT INTO outbox_event (tenant_id, event_id, type, target_key, occurred_at, payload, next_attempt_at) VALUES (" + t
                        + ", gen_random_uuid(), 'review.published', 'k', now(), '{}', now())",
                "INSERT INTO review_arrival (tenant_id, subject_type, subject_ref, hour, arrivals) VALUES (" + t
                        + ", 'product', 'sku-1', date_trunc('hour', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', 1) "
                        + "ON CONFLICT (tenant_id, subject_type, subject_ref, hour) DO UPDATE SET arrivals = review_arrival.arrivals + EXCLUDED.arrivals",
                "SELECT coalesce(sum(arrivals), 0) FROM review_arrival WHERE tenant_id = " + t + " AND subject_type = 'product' "
                        + "AND subject_ref = 'sku-1' AND hour > now() - interval '25 hours'",
                "UPDATE anonymous_key SET issued = issued + 1 WHERE tenant_id = " + t
                        + " AND subject_type = 'product' AND subject_ref = 'sku-1' AND epoch = '2026-12' RETURNING issued",
                "INSERT INTO anonymous_spent (tenant_id, token_hash) VALUES (" + t + ", sha256('x')) ON CONFLICT DO NOTHING");
        Map<String, String> notRouted = new TreeMap<>();
        for (String statement : statements) {
            StringBuilder plan = new StringBuilder();
            try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("EXPLAIN " + statement)) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            if (!plan.toString().contains("Task Count: 1\n")) {
                notRouted.put(statement, plan.toString());
            }
        }
        assertEquals(Map.of(), notRouted, "statements not planned for one shard");
    }

    @Test
    @Order(3)
    void aSummaryChangedThroughAnotherPodIsSeenWithinTwoSeconds() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        market.review("b-1", "o-1", "sku-1", 4, "Works as it should.");
        String summary = market.publicPath("/subjects/product/sku-1/summary");
        RestAssured.given().get(summary).then().statusCode(200).body("count", equalTo(1));
        RestAssured.given().get(summary).then().statusCode(200).body("count", equalTo(1));
        // another pod's write: a change of the row that this instance did not make (so only the poll can tell it)
        long tenant = count("SELECT tenant_id FROM tenant WHERE slug = '" + market.slug + "'");
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE summary SET review_count = review_count + 1, rating_sum = rating_sum + 2, hist_2 = hist_2 + 1 "
                        + "WHERE tenant_id = ? AND subject_type = 'product' AND subject_ref = 'sku-1'")) {
            ps.setLong(1, tenant);
            assertEquals(1, ps.executeUpdate());
        }
        long start = System.nanoTime();
        while (RestAssured.given().get(summary).path("count").equals(1)) {
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "the change was not seen within 2 s");
            Thread.sleep(20);
        }
        System.out.printf("a summary changed elsewhere was served after %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    @Order(4)
    void aMarketplaceMovesToItsOwnShardAndWorkerWhileItWritesAndLosesNothing() throws Exception {
        TestMarketplace market = TestMarketplace.create(Map.of("burstFloor", 100000));
        long tenant = count("SELECT tenant_id FROM tenant WHERE slug = '" + market.slug + "'");
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger next = new AtomicInteger();
        Map<Integer, String> acknowledged = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        AtomicLong slowest = new AtomicLong();
        AtomicInteger retried = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            writers.add(pool.submit(() -> {
                while (writing.get()) {
                    int i = next.getAndIncrement();
                    market.purchase("o-" + i, "b-" + i, "s-1", 1, "sku-" + (i % 5));
                    Thread.sleep(25);
                    Map<String, Object> body = Map.of("transaction", "o-" + i, "subject", Map.of("type", "product", "ref", "sku-" + (i % 5)),
                            "rating", 1 + i % 5, "body", "Written while the marketplace moves, number " + i + ".");
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (true) {
                        long sent = System.nanoTime();
                        Response r = market.asBuyer("b-" + i).header("Idempotency-Key", "move-" + i).body(body).post("/api/v1/reviews");
                        slowest.accumulateAndGet((System.nanoTime() - sent) / 1_000_000, Math::max);
                        if (r.statusCode() == 201) {
                            acknowledged.put(i, r.path("id"));
                            break;
                        }
                        if (r.statusCode() != 503 || System.nanoTime() > deadline) {
                            wrong.add("review " + i + ": " + r.statusCode() + " " + r.asString());
                            break;
                        }
                        retried.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        while (acknowledged.size() < 40) {
            Thread.sleep(50);
        }
        long isolateStart = System.nanoTime();
        // the split copies the tenant's rows with writes held back for the copy (block_writes): logical replication
        // refuses the split's target shards here ("publisher did not send replica identity column"); the move to the
        // other worker then replicates logically while the tenant writes
        long shard = count("SELECT isolate_tenant_to_new_shard('review', " + tenant + ", 'CASCADE', shard_transfer_mode => 'block_writes')");
        double isolated = (System.nanoTime() - isolateStart) / 1e9;
        String from = text("SELECT nodename || ':' || nodeport FROM pg_dist_shard_placement WHERE shardid = " + shard);
        int fromPort = Integer.parseInt(from.substring(from.indexOf(':') + 1));
        int toPort = workerPorts().stream().filter(port -> port != fromPort).findFirst().orElseThrow();
        int beforeMove = acknowledged.size();
        long moveStart = System.nanoTime();
        count("SELECT 1 FROM citus_move_shard_placement(" + shard + ", '127.0.0.1', " + fromPort + ", '127.0.0.1', " + toPort
                + ", shard_transfer_mode => 'force_logical')");
        double moved = (System.nanoTime() - moveStart) / 1e9;
        int duringMove = acknowledged.size() - beforeMove;
        Thread.sleep(1000);
        writing.set(false);
        for (Future<?> writer : writers) {
            writer.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        System.out.printf("isolating the marketplace on its own shards took %.1f s, moving them to the other worker %.1f s; "
                        + "%d reviews were acknowledged during the move, %d in all; the slowest write took %d ms; %d answers were 503%n",
                isolated, moved, duringMove, acknowledged.size(), slowest.get(), retried.get());

        assertEquals(List.of(), List.copyOf(wrong), "every write succeeded in the end");
        assertEquals(next.get(), acknowledged.size(), "every write started was acknowledged");
        assertTrue(duringMove > 0, "writes went on while the shard moved");
        assertEquals("127.0.0.1:" + toPort, text("SELECT nodename || ':' || nodeport FROM pg_dist_shard_placement WHERE shardid = " + shard));
        assertEquals(1, count("SELECT count(*) FROM pg_dist_shard s JOIN pg_dist_shard_placement p USING (shardid) WHERE s.logicalrelid = 'review'::regclass "
                + "AND s.shardid = " + shard + " AND s.shardminvalue = s.shardmaxvalue"), "the marketplace has a shard of its own");
        assertEquals(acknowledged.size(), count("SELECT count(*) FROM review WHERE tenant_id = " + tenant), "every acknowledged review, once");
        for (Map.Entry<Integer, String> e : acknowledged.entrySet()) {
            market.asBuyer("b-" + e.getKey()).get("/api/v1/me/reviews/" + e.getValue()).then().statusCode(200);
        }
        TestMarketplace.admin().post("/api/v1/admin/tenants/" + market.slug + "/summaries/recompute").then().statusCode(200).body("drifted", equalTo(0));
        int listed = 0;
        for (int p = 0; p < 5; p++) {
            int inSummary = market.anonymous().get(market.publicPath("/subjects/product/sku-" + p + "/summary")).then().statusCode(200)
                    .extract().path("count");
            listed += inSummary;
        }
        assertEquals(acknowledged.size(), listed, "the summaries count every review");
        // the log has no gap: every entry is sequenced and the chain of signed heads verifies
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (count("SELECT count(*) FROM log_entry WHERE tenant_id = " + tenant + " AND leaf_index IS NULL") > 0) {
            assertTrue(System.nanoTime() < deadline, "entries left unsequenced");
            Thread.sleep(200);
        }
        assertEquals(count("SELECT count(*) FROM log_entry WHERE tenant_id = " + tenant) - 1,
                count("SELECT max(leaf_index) FROM log_entry WHERE tenant_id = " + tenant), "leaf indexes with no gap");
        market.asModerator("m-1").get("/api/v1/moderation/audit/verify").then().statusCode(200).body("valid", equalTo(true));
        assertEquals(0, count("SELECT count(*) FROM idempotency_record WHERE tenant_id = " + tenant + " AND status IS NULL"), "no key left claimed");
    }

    @Test
    @Order(5)
    void aWorkerThatRestartsLosesNothingAndHoldsUpOnlyItsOwnMarketplaces() throws Exception {
        // one marketplace on each worker
        TestMarketplace hit = TestMarketplace.create(Map.of("burstFloor", 100000));
        int hitPort = workerOf(hit);
        TestMarketplace spared = null;
        for (int attempt = 0; attempt < 20 && spared == null; attempt++) {
            TestMarketplace candidate = TestMarketplace.create(Map.of("burstFloor", 100000));
            if (workerOf(candidate) != hitPort) {
                spared = candidate;
            }
        }
        assertTrue(spared != null, "a marketplace on the other worker");
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicBoolean down = new AtomicBoolean(false);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicInteger sparedDuringOutage = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            TestMarketplace market = w < 3 ? hit : spared;
            boolean isSpared = w == 3;
            writers.add(pool.submit(() -> {
                while (writing.get()) {
                    int i = next.getAndIncrement();
                    String order = "w-" + i;
                    Map<String, Object> body = Map.of("transaction", order, "subject", Map.of("type", "product", "ref", "sku-" + (i % 3)),
                            "rating", 1 + i % 5, "body", "Written while a worker restarts, number " + i + ".");
                    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                    boolean purchased = false;
                    while (true) {
                        if (!purchased) {
                            Response p = market.asMarketplace().header("Idempotency-Key", "order-" + order).body(Map.of("ref", order,
                                            "buyer", "b-" + i, "seller", "s-1", "completedAt", java.time.Instant.now().minusSeconds(86400).toString(),
                                            "products", List.of("sku-" + (i % 3))))
                                    .post("/api/v1/transactions");
                            if (p.statusCode() == 201 || p.statusCode() == 200) {
                                purchased = true;
                            } else if (p.statusCode() != 503 || System.nanoTime() > deadline) {
                                wrong.add("order " + i + ": " + p.statusCode() + " " + p.asString());
                                break;
                            } else {
                                unavailable.incrementAndGet();
                                Thread.sleep(100);
                                continue;
                            }
                        }
                        Response r = market.asBuyer("b-" + i).header("Idempotency-Key", "restart-" + i).body(body).post("/api/v1/reviews");
                        if (r.statusCode() == 201) {
                            acknowledged.put(market.slug + "/" + i, r.path("id"));
                            if (isSpared && down.get()) {
                                sparedDuringOutage.incrementAndGet();
                            }
                            break;
                        }
                        if (r.statusCode() != 503 || System.nanoTime() > deadline) {
                            wrong.add("review " + i + ": " + r.statusCode() + " " + r.asString());
                            break;
                        }
                        if (isSpared) {
                            wrong.add("the other worker's marketplace was held up: " + r.statusCode() + " " + r.asString());
                        }
                        unavailable.incrementAndGet();
                        Thread.sleep(100);
                    }
                }
                return null;
            }));
        }
        while (acknowledged.size() < 30) {
            Thread.sleep(50);
        }
        cluster("stop", hitPort);
        down.set(true);
        Thread.sleep(5000);
        down.set(false);
        cluster("start", hitPort);
        int afterRestart = acknowledged.size();
        long resumeDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (acknowledged.keySet().stream().filter(k -> k.startsWith(hit.slug + "/")).count() < 10
                || acknowledged.size() < afterRestart + 20) {
            assertTrue(System.nanoTime() < resumeDeadline, "writes did not resume after the worker came back");
            Thread.sleep(100);
        }
        writing.set(false);
        for (Future<?> writer : writers) {
            writer.get(3, TimeUnit.MINUTES);
        }
        pool.shutdown();
        System.out.printf("a worker stopped for 5 s under write load: %d reviews acknowledged, %d answers 503 (retried with their keys), "
                + "%d reviews of the other worker's marketplace acknowledged meanwhile%n", acknowledged.size(), unavailable.get(), sparedDuringOutage.get());

        assertEquals(List.of(), List.copyOf(wrong), "every write succeeded in the end, and the other worker's marketplace was never held up");
        assertTrue(unavailable.get() > 0, "the stopped worker's marketplace saw the outage");
        assertTrue(sparedDuringOutage.get() > 0, "the other worker's marketplace wrote during the outage");
        for (TestMarketplace market : List.of(hit, spared)) {
            long tenant = count("SELECT tenant_id FROM tenant WHERE slug = '" + market.slug + "'");
            long mine = acknowledged.keySet().stream().filter(k -> k.startsWith(market.slug + "/")).count();
            assertEquals(mine, count("SELECT count(*) FROM review WHERE tenant_id = " + tenant), "every acknowledged review of " + market.slug + ", once");
            assertEquals(0, count("SELECT count(*) FROM idempotency_record WHERE tenant_id = " + tenant + " AND status IS NULL"), "no key left claimed");
            TestMarketplace.admin().post("/api/v1/admin/tenants/" + market.slug + "/summaries/recompute").then().statusCode(200).body("drifted", equalTo(0));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (count("SELECT count(*) FROM log_entry WHERE tenant_id = " + tenant + " AND leaf_index IS NULL") > 0) {
                assertTrue(System.nanoTime() < deadline, "entries left unsequenced after the restart");
                Thread.sleep(200);
            }
            assertEquals(count("SELECT count(*) FROM log_entry WHERE tenant_id = " + tenant) - 1,
                    count("SELECT max(leaf_index) FROM log_entry WHERE tenant_id = " + tenant), "leaf indexes with no gap");
            market.asModerator("m-1").get("/api/v1/moderation/audit/verify").then().statusCode(200).body("valid", equalTo(true));
        }
        for (Map.Entry<String, String> e : acknowledged.entrySet()) {
            TestMarketplace market = e.getKey().startsWith(hit.slug + "/") ? hit : spared;
            market.asBuyer("b-" + e.getKey().substring(e.getKey().indexOf('/') + 1)).get("/api/v1/me/reviews/" + e.getValue()).then().statusCode(200);
        }
    }

    /** The port of the worker that holds the marketplace's shards. */
    private int workerOf(TestMarketplace market) throws Exception {
        long tenant = count("SELECT tenant_id FROM tenant WHERE slug = '" + market.slug + "'");
        return (int) count("SELECT nodeport FROM pg_dist_shard_placement WHERE shardid = get_shard_id_for_distribution_column('review', " + tenant + ")");
    }

    private List<Integer> workerPorts() throws Exception {
        List<Integer> ports = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT nodeport FROM pg_dist_node WHERE noderole = 'primary' AND groupid > 0 ORDER BY nodeport")) {
            while (rs.next()) {
                ports.add(rs.getInt(1));
            }
        }
        return ports;
    }

    /** Stops (at once, as a machine that dies) or starts a worker through scripts/citus-cluster. */
    private void cluster(String command, int workerPort) throws Exception {
        long coordinatorPort = count("SELECT inet_server_port()");
        String node = Long.toString(workerPort - coordinatorPort + 1);
        String dir = System.getenv().getOrDefault("CANDOR_CITUS_CLUSTER_DIR", "/tmp/candor-citus-scaleout");
        Process p = new ProcessBuilder("scripts/citus-cluster", command, dir, node).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "scripts/citus-cluster " + command + " finished");
        assertEquals(0, p.exitValue(), "scripts/citus-cluster " + command + " " + node);
    }

    private void logMarker(String marker) throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("DO $$ BEGIN RAISE LOG '" + marker + "'; END $$");
        }
    }

    /** The statements the coordinator logged as multi-shard ("multi-task") between the two markers. */
    private static List<String> multiShardStatements(String marker) throws Exception {
        String logFile = System.getenv().getOrDefault("CANDOR_CITUS_COORDINATOR_LOG", "/tmp/candor-citus-scaleout/node1.log");
        List<String> lines = Files.readAllLines(Path.of(logFile), StandardCharsets.UTF_8);
        List<String> statements = new ArrayList<>();
        boolean inside = false;
        boolean multiTask = false;
        for (String line : lines) {
            if (line.contains(marker + "-end")) {
                break;
            }
            if (line.contains("LOG:  " + marker)) {
                inside = true;
                continue;
            }
            if (!inside) {
                continue;
            }
            if (line.contains("multi-task query about to be executed")) {
                multiTask = true;
            } else if (multiTask && line.contains("STATEMENT:  ")) {
                statements.add(line.substring(line.indexOf("STATEMENT:  ") + "STATEMENT:  ".length()).strip());
                multiTask = false;
            }
        }
        assertTrue(inside, "the coordinator's log " + logFile + " holds the marker");
        return statements;
    }

    private long count(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            // a split or a move that cannot finish fails the test instead of hanging it
            st.execute("SET statement_timeout = '180s'");
            try (ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            } finally {
                st.execute("RESET statement_timeout");
            }
        }
    }

    private String text(String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
