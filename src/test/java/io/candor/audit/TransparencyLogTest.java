package io.candor.audit;

import io.agroal.api.AgroalDataSource;
import io.candor.testing.Db;
import io.candor.testing.TestMarketplace;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit log as a transparency log: written without a shared lock, sequenced into a Merkle tree with signed
 * heads, served publicly with proofs, and verifiable from outside, where a rewritten or deleted entry and a
 * rewritten (forked) history are caught.
 */
@QuarkusTest
class TransparencyLogTest {

    @Inject
    AgroalDataSource db;
    @Inject
    LogSequencer sequencer;
    @Inject
    LogRepository log;
    @Inject
    AuditRepository writes;

    @TestHTTPResource("/")
    URI base;

    /** A marketplace where a review was written, reported, removed and appealed. */
    static TestMarketplace withHistory() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String review = market.review("b-1", "o-1", "sku-1", 1, "Never arrived, no refund either.");
        market.report("b-2", review, "spam");
        String decision = market.decide("m-1", (String) market.openCase("review", review).get("id"), "remove", "spam", "Advert.");
        market.asBuyer("b-1").body(Map.of("decision", decision, "grounds", "It is my experience.")).post("/api/v1/appeals").then().statusCode(201);
        return market;
    }

    long tenantId(TestMarketplace market) {
        return Db.count(db, "SELECT tenant_id FROM tenant WHERE slug = ?", market.slug);
    }

    /** Runs the sequencer until the tenant has nothing left to integrate (the scheduled run may hold the lock meanwhile). */
    void settle(long tenantId) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!log.unsequenced(tenantId, 1).isEmpty()) {
            sequencer.sequence(tenantId);
            assertTrue(System.nanoTime() < until, "the log of tenant " + tenantId + " was not sequenced in 20 s");
            Thread.sleep(20);
        }
    }

    String verifyFromOutside(TestMarketplace market, Optional<Path> state) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        LogVerifier.Verdict verdict = new LogVerifyCommand(base, market.slug, new PrintStream(printed, true, StandardCharsets.UTF_8))
                .verify(Optional.empty(), state, true);
        String output = printed.toString(StandardCharsets.UTF_8);
        return (verdict.valid() ? "VALID\n" : "INVALID\n") + output;
    }

    @Test
    void everyChangeIsLoggedIncludedInASignedTreeAndProvable() throws Exception {
        TestMarketplace market = withHistory();
        long tenant = tenantId(market);
        settle(tenant);
        List<Map<String, Object>> entries = new ArrayList<>();
        String cursor = null;
        do {
            Response page = market.asModerator("m-1").queryParam("limit", 5).queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/api/v1/moderation/audit");
            page.then().statusCode(200);
            assertFalse(page.asString().matches("(?s).*\"(b-1|b-2|s-1|m-1)\".*"), "entries name parties by handle only");
            entries.addAll(page.jsonPath().getList("items"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        long stored = Db.count(db, "SELECT count(*) FROM log_entry WHERE tenant_id = ?", tenant);
        assertEquals(stored, entries.size());
        List<String> actions = entries.stream().map(e -> (String) e.get("action")).toList();
        for (String action : List.of("transaction.registered", "review.created", "case.opened", "report.filed", "decision.made", "review.removed",
                "case.closed", "appeal.filed")) {
            assertTrue(actions.contains(action), "logged: " + action + " in " + actions);
        }
        for (int i = 0; i < entries.size() - 1; i++) {
            assertTrue(((Number) entries.get(i).get("seq")).longValue() > ((Number) entries.get(i + 1).get("seq")).longValue(), "newest first");
            assertEquals(((Number) entries.get(i).get("leafIndex")).longValue(), ((Number) entries.get(i + 1).get("leafIndex")).longValue() + 1,
                    "leaves in the order entries were written, no gaps");
            assertEquals(entries.get(i + 1).get("hash"), entries.get(i).get("prevHash"), "each entry names the leaf before it");
        }
        assertEquals(0, ((Number) entries.get(entries.size() - 1).get("leafIndex")).intValue());
        market.asModerator("m-1").get("/api/v1/moderation/audit/verify").then().statusCode(200)
                .body("valid", equalTo(true)).body("entries", equalTo((int) stored)).body("firstBrokenSeq", nullValue()).body("pending", equalTo(0));
        market.asBuyer("b-1").get("/api/v1/moderation/audit").then().statusCode(403);

        // the public head is signed by the published key over RFC 9162's TreeHeadDataV2
        Response state = RestAssured.get("/api/v1/public/" + market.slug + "/log");
        state.then().statusCode(200).body("algorithm", equalTo("Ed25519")).body("head.treeSize", equalTo((int) stored));
        PublicKey key = TreeHead.published(state.path("publicKey"));
        TreeHead head = new TreeHead(((Number) state.path("head.treeSize")).longValue(), Base64.getDecoder().decode((String) state.path("head.rootHash")),
                ((Number) state.path("head.timestamp")).longValue(), Base64.getDecoder().decode((String) state.path("head.signature")));
        assertTrue(head.verify(key));

        // every entry the moderators see is proven included in that head, and its public leaf is what was hashed
        Response served = RestAssured.given().queryParam("start", 0).queryParam("end", stored).get("/api/v1/public/" + market.slug + "/log/entries");
        served.then().statusCode(200);
        List<Map<String, Object>> leaves = served.jsonPath().getList("items");
        assertEquals(stored, leaves.size());
        for (Map<String, Object> entry : entries) {
            long index = ((Number) entry.get("leafIndex")).longValue();
            byte[] leaf = Base64.getDecoder().decode((String) leaves.get((int) index).get("leaf"));
            assertEquals(entry.get("hash"), HexFormat.of().formatHex(MerkleTree.leafHash(leaf)));
            Response proof = RestAssured.given().queryParam("leafIndex", index).get("/api/v1/public/" + market.slug + "/log/proof/inclusion");
            proof.then().statusCode(200).body("treeSize", equalTo((int) stored));
            List<byte[]> path = proof.jsonPath().getList("path", String.class).stream().map(Base64.getDecoder()::decode).toList();
            assertTrue(LogVerifier.inclusion(head, index, leaf, path).valid(), "leaf " + index);
            Map<?, ?> moderatorProof = market.asModerator("m-1").get("/api/v1/moderation/audit/" + entry.get("seq") + "/proof").then().statusCode(200)
                    .extract().as(Map.class);
            assertEquals(index, ((Number) moderatorProof.get("leafIndex")).longValue());
            assertEquals(path.stream().map(HexFormat.of()::formatHex).toList(), moderatorProof.get("path"));
            // the public sees a commitment where the moderators see the handle, which opens it with the salt
            Map<?, ?> actor = (Map<?, ?>) entry.get("actor");
            String publicLeaf = new String(leaf, StandardCharsets.UTF_8);
            if (actor.get("handle") != null) {
                assertFalse(publicLeaf.contains((String) actor.get("handle")), publicLeaf);
                assertEquals(actor.get("commitment"), HexFormat.of().formatHex(LogLeaf.commitment(HexFormat.of().parseHex((String) actor.get("salt")),
                        (String) actor.get("handle"))));
                assertTrue(publicLeaf.contains((String) actor.get("commitment")));
            }
        }
        String moderator = RestAssured.given().redirects().follow(false).formParam("token", market.token("m-1", "moderator"))
                .header("Origin", "http://localhost:" + Integer.getInteger("quarkus.http.test-port", 8081)).post("/signin/" + market.slug).then().statusCode(303)
                .extract().cookie(io.candor.auth.SessionCodec.COOKIE);
        String consoleProof = RestAssured.given().cookie(io.candor.auth.SessionCodec.COOKIE, moderator).get("/moderation/audit/" + entries.get(0).get("seq") + "/proof").then().statusCode(200)
                .extract().asString();
        assertTrue(consoleProof.contains((String) entries.get(0).get("hash")), "the console shows the entry's leaf hash and path");

        // the verifier anyone can run finds the log whole
        String verdict = verifyFromOutside(market, Optional.empty());
        assertTrue(verdict.startsWith("VALID"), verdict);
    }

    @Test
    void theScheduledSequencerIncludesANewEntryInASignedHeadWithinSecondsAndMeasuresTheDelay() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        long tenant = tenantId(market);
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        long written = Db.count(db, "SELECT max(entry_id) FROM log_entry WHERE tenant_id = ?", tenant);
        long started = System.nanoTime();
        // no manual sequencing here: the scheduled run (every second) must pick the entry up on its own
        while (true) {
            Response state = RestAssured.get("/api/v1/public/" + market.slug + "/log");
            if (state.statusCode() == 200 && Db.count(db, "SELECT count(*) FROM log_entry WHERE tenant_id = ? AND entry_id = ? AND leaf_index < ?",
                    tenant, written, ((Number) state.path("head.treeSize")).longValue()) == 1) {
                break;
            }
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(10), "the entry is in a signed head within 10 s");
            Thread.sleep(50);
        }
        String metrics = io.candor.testing.Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("candor_log_merge_delay_seconds_count"), "the merge delay is published");
    }

    @Test
    void consistencyProofsLinkEveryHeadToTheNext() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        long tenant = tenantId(market);
        List<TreeHead> heads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            market.purchase("o-" + i, "b-" + i, "s-1", 1, "sku-" + i);
            settle(tenant);
            heads.add(log.latestHead(tenant).orElseThrow());
        }
        PublicKey key = TreeHead.published(RestAssured.get("/api/v1/public/" + market.slug + "/log").path("publicKey"));
        List<Map<String, Object>> listed = RestAssured.get("/api/v1/public/" + market.slug + "/log/heads").jsonPath().getList("items");
        assertTrue(listed.size() >= heads.size());
        for (int i = 1; i < heads.size(); i++) {
            TreeHead before = heads.get(i - 1);
            TreeHead after = heads.get(i);
            assertTrue(after.treeSize() > before.treeSize() && after.timestamp() >= before.timestamp());
            List<byte[]> proof = RestAssured.given().queryParam("first", before.treeSize()).queryParam("second", after.treeSize())
                    .get("/api/v1/public/" + market.slug + "/log/proof/consistency").jsonPath().getList("proof", String.class).stream()
                    .map(Base64.getDecoder()::decode).toList();
            assertTrue(MerkleTree.verifyConsistency(before.treeSize(), after.treeSize(), before.rootHash(), after.rootHash(), proof));
            assertTrue(after.verify(key));
        }
    }

    @Test
    void badRequestsToThePublicLogAreProblemsAndChangeNothing() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        settle(tenantId(market));
        String log = "/api/v1/public/" + market.slug + "/log";
        for (String query : List.of("/proof/inclusion", "/proof/inclusion?leafIndex=-1", "/proof/inclusion?leafIndex=x", "/proof/inclusion?leafIndex=99",
                "/proof/inclusion?leafIndex=0&treeSize=0", "/proof/inclusion?leafIndex=0&treeSize=999999999999999999",
                "/proof/inclusion?leafIndex=99999999999999999999999", "/proof/consistency", "/proof/consistency?first=0",
                "/proof/consistency?first=5&second=2", "/entries", "/entries?start=0", "/entries?start=5&end=5", "/entries?start=0&end=1001",
                "/heads?limit=0", "/heads?limit=1001", "/heads?from=-3")) {
            RestAssured.get(log + query).then().statusCode(422).contentType(containsString("application/problem+json"));
        }
        RestAssured.get("/api/v1/public/no-such-market/log").then().statusCode(404).contentType(containsString("application/problem+json"));
        RestAssured.given().queryParam("start", 1_000_000).queryParam("end", 1_000_010).get(log + "/entries").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteAnEntry() throws Exception {
        TestMarketplace market = withHistory();
        long tenant = tenantId(market);
        settle(tenant);
        SQLException update = assertThrows(SQLException.class,
                () -> Db.execute(db, "UPDATE log_entry SET data = '{}' WHERE tenant_id = " + tenant + " AND leaf_index = 1"));
        assertTrue(update.getMessage().contains("append-only"), update.getMessage());
        assertThrows(SQLException.class, () -> Db.execute(db, "UPDATE log_entry SET leaf_index = 77 WHERE tenant_id = " + tenant + " AND leaf_index = 1"));
        assertThrows(SQLException.class, () -> Db.execute(db, "DELETE FROM log_entry WHERE tenant_id = " + tenant));
        assertThrows(SQLException.class, () -> Db.execute(db, "TRUNCATE log_entry"));
        assertThrows(SQLException.class, () -> Db.execute(db, "DELETE FROM log_head WHERE tenant_id = " + tenant));
        assertThrows(SQLException.class, () -> Db.execute(db, "UPDATE log_node SET hash = hash WHERE tenant_id = " + tenant));
        market.asModerator("m-1").get("/api/v1/moderation/audit/verify").then().body("valid", equalTo(true));
    }

    @Test
    void aRewrittenOrDeletedEntryFailsVerificationInsideAndOutside() throws Exception {
        TestMarketplace market = withHistory();
        TestMarketplace bystander = withHistory();
        long tenant = tenantId(market);
        settle(tenant);
        settle(tenantId(bystander));
        // an insider with superuser rights gets past the guard (triggers off for their session), edits an entry
        Db.asInsider(db, List.of("log_entry"), "UPDATE log_entry SET data = replace(data, 'spam', 'other') WHERE tenant_id = " + tenant + " AND action = 'decision.made'");
        long edited = Db.count(db, "SELECT entry_id FROM log_entry WHERE tenant_id = ? AND action = 'decision.made'", tenant);
        market.asModerator("m-1").get("/api/v1/moderation/audit/verify").then().statusCode(200)
                .body("valid", equalTo(false))
                .body("firstBrokenSeq", equalTo((int) edited))
                .body("problem", containsString("changed"));
        String outside = verifyFromOutside(market, Optional.empty());
        assertTrue(outside.startsWith("INVALID") && outside.contains("an entry was changed, removed or inserted"), outside);
        bystander.asModerator("m-1").get("/api/v1/moderation/audit/verify").then().body("valid", equalTo(true));
        assertTrue(verifyFromOutside(bystander, Optional.empty()).startsWith("VALID"));

        // removing an entry instead leaves a hole the verifiers find
        TestMarketplace other = withHistory();
        long otherTenant = tenantId(other);
        settle(otherTenant);
        Db.asInsider(db, List.of("log_entry"), "DELETE FROM log_entry WHERE tenant_id = " + otherTenant + " AND leaf_index = 2");
        other.asModerator("m-1").get("/api/v1/moderation/audit/verify").then()
                .body("valid", equalTo(false)).body("problem", containsString("missing"));
        String deleted = verifyFromOutside(other, Optional.empty());
        assertTrue(deleted.startsWith("INVALID"), deleted);
    }

    @Test
    void aForkedHistoryIsCaughtByAVerifierThatRemembersWhatItSaw() throws Exception {
        TestMarketplace market = withHistory();
        long tenant = tenantId(market);
        settle(tenant);
        Path state = Files.createTempFile("candor-log-state", ".json");
        Files.delete(state);
        String first = verifyFromOutside(market, Optional.of(state));
        assertTrue(first.startsWith("VALID") && Files.exists(state), first);

        // the operator (who holds the signing key) rebuilds the tree with one entry rewritten and re-signs every head:
        // on its own the new log is flawless; against the head the verifier saw before it is a fork
        Db.asInsider(db, List.of("log_entry", "log_node", "log_head"), "DELETE FROM log_node WHERE tenant_id = " + tenant, "DELETE FROM log_head WHERE tenant_id = " + tenant,
                "UPDATE log_entry SET leaf_index = NULL WHERE tenant_id = " + tenant,
                "UPDATE log_entry SET data = replace(data, 'spam', 'other') WHERE tenant_id = " + tenant + " AND action = 'decision.made'");
        settle(tenant);
        market.asModerator("m-1").get("/api/v1/moderation/audit/verify").then().body("valid", equalTo(true));
        assertTrue(verifyFromOutside(market, Optional.empty()).startsWith("VALID"), "without memory the rewrite is invisible");
        String remembered = verifyFromOutside(market, Optional.of(state));
        assertTrue(remembered.startsWith("INVALID") && remembered.contains("fork"), remembered);
    }

    @Test
    void writersShareNoLockAndTheSequencerHasOneLeaderPerTenant() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        long tenant = tenantId(market);
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        settle(tenant);
        // a transaction that logged an entry and has not committed yet does not hold up another writer of the tenant
        CountDownLatch logged = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> open = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
            writes.insert(List.of(new AuditRepository.NewEntry(tenant, Instant.now(), "system", null, new byte[16], "test.open", "test", "1", "{}")));
            logged.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertTrue(logged.await(10, TimeUnit.SECONDS));
        long started = System.nanoTime();
        market.review("b-1", "o-1", "sku-1", 5, "Arrived the next day, exactly as described.");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMs < 5_000, "a review was written while another transaction of the tenant held a logged entry: " + tookMs + " ms");
        // the sequencer integrates what is committed; the open entry waits, invisible, and takes the next leaf once committed
        settle(tenant);
        long sizeWhileOpen = log.latestHead(tenant).orElseThrow().treeSize();
        release.countDown();
        open.get(10, TimeUnit.SECONDS);
        settle(tenant);
        assertEquals(sizeWhileOpen + 1, log.latestHead(tenant).orElseThrow().treeSize());
        assertEquals("test.open", log.leaves(tenant, sizeWhileOpen, sizeWhileOpen + 1).get(0).action());

        // while another instance sequences this tenant (holds its advisory lock), this one stands aside
        market.purchase("o-2", "b-2", "s-1", 1, "sku-2");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Void> leader = CompletableFuture.runAsync(() -> {
            try (var c = db.getConnection(); var s = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                // a connection of its own, in its own transaction: another pod
                c.setAutoCommit(false);
                s.setInt(1, 0x4c4f47);
                s.setInt(2, Long.hashCode(tenant));
                s.execute();
                held.countDown();
                done.await(30, TimeUnit.SECONDS);
                c.rollback();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(held.await(10, TimeUnit.SECONDS));
        assertTrue(sequencer.sequence(tenant).isEmpty(), "another instance leads this tenant's log");
        done.countDown();
        leader.get(10, TimeUnit.SECONDS);
        settle(tenant);
        assertNotNull(log.latestHead(tenant));
        market.asModerator("m-1").get("/api/v1/moderation/audit/verify").then().body("valid", equalTo(true));
    }
}
