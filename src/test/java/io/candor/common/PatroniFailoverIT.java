package io.candor.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candor.testing.PackagedJar;
import io.candor.testing.TestKeys;
import io.candor.testing.TestMarketplace;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Candor on a real three-node Patroni cluster (synchronous mode, etcd; Debian's packages, all on 127.0.0.1) reached
 * through a multi-host JDBC URL, losing the leader's machine under write load: Patroni and every PostgreSQL process of
 * the leader get SIGKILL at once. A marketplace registers orders, buyers review them and vote, shoppers read; every
 * client retries a 503 or a lost connection with the same Idempotency-Key, as docs/api.md tells them to. Then the old
 * leader comes back and rejoins as a replica.
 *
 * <p>Checked: writes resume within 30 s of the kill; no answer is a 500; every acknowledged write is stored, none twice;
 * every key replays its first answer (none is left claimed); summaries agree with the lists; the transparency log verifies
 * from outside with no gap; public reads keep answering throughout, from the standbys while there is no primary.
 *
 * <p>Run by {@code scripts/test-failover} (which installs patroni, etcd-server and postgresql-15), and so by
 * {@code scripts/test}; {@code ./mvnw verify} alone leaves it out, since it needs those packages.
 */
class PatroniFailoverIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CLUSTER = Path.of("/tmp", "candor-patroni-failover");
    private static final String HOSTS = "127.0.0.1:25431,127.0.0.1:25432,127.0.0.1:25433";
    private static final String ADMIN_TOKEN = "failover-admin-token-0123456789";
    private static final String ISSUER = "https://failover.test.invalid";
    private static final String SLUG = "failover";
    private static final KeyPair KEYS = TestMarketplace.rsaKeys();
    private static final int PRODUCTS = 8;
    private static final int WRITERS = 6;
    private static final Duration RESUME_LIMIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static PackagedJar candor;
    private static String apiKey;

    /** One write as the client saw it: what it was first answered and, once it succeeded, its answer. */
    record Write(int index, String firstStatus, String reviewId, int attempts, long ackNanos, long sentNanos) {
    }

    @BeforeAll
    static void start() throws Exception {
        cluster("down");
        String up = cluster("up");
        System.out.println("patroni cluster up: " + up.strip());
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + HOSTS
                + "/postgres?targetServerType=primary&connectTimeout=3&loginTimeout=5&socketTimeout=30&tcpKeepAlive=true");
        environment.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        environment.put("QUARKUS_DATASOURCE_PASSWORD", "test-only-superuser");
        environment.put("QUARKUS_DATASOURCE_REPLICA_JDBC_URL", "jdbc:postgresql://" + HOSTS
                + "/postgres?targetServerType=preferSecondary&loadBalanceHosts=true&connectTimeout=3&loginTimeout=5&socketTimeout=30");
        environment.put("QUARKUS_DATASOURCE_REPLICA_USERNAME", "postgres");
        environment.put("QUARKUS_DATASOURCE_REPLICA_PASSWORD", "test-only-superuser");
        // the pool settings docs/operations.md recommends for a replicated cluster
        environment.put("QUARKUS_DATASOURCE_JDBC_VALIDATE_ON_BORROW", "true");
        environment.put("QUARKUS_DATASOURCE_JDBC_VALIDATION_QUERY_TIMEOUT", "2S");
        environment.put("QUARKUS_DATASOURCE_JDBC_BACKGROUND_VALIDATION_INTERVAL", "10S");
        environment.put("QUARKUS_DATASOURCE_REPLICA_JDBC_VALIDATE_ON_BORROW", "true");
        environment.put("QUARKUS_DATASOURCE_REPLICA_JDBC_VALIDATION_QUERY_TIMEOUT", "2S");
        environment.put("CANDOR_WEBHOOK_ENCRYPTION_KEY", TestKeys.WEBHOOK_ENCRYPTION_KEY);
        environment.put("CANDOR_ADMIN_TOKEN", ADMIN_TOKEN);
        // every client here comes from 127.0.0.1
        environment.put("CANDOR_RATE_LIMIT_WRITES_PER_MINUTE_PER_ADDRESS", "1000000");
        environment.put("CANDOR_RATE_LIMIT_WRITES_PER_MINUTE", "1000000");
        environment.put("CANDOR_RATE_LIMIT_PUBLIC_READS_PER_MINUTE", "1000000");
        environment.put("CANDOR_DATA_DIR", Path.of("target", "failover-data").toAbsolutePath().toString());
        candor = PackagedJar.start(environment, Path.of("target/failover-candor.log"));
        candor.awaitReady();

        String tenant = JSON.writeValueAsString(Map.of("slug", SLUG, "displayName", "Failover", "issuer", ISSUER,
                "publicKeys", List.of(TestMarketplace.pem(KEYS.getPublic())), "policy", Map.of("burstFloor", 100000)));
        HttpResponse<String> created = send(post("/api/v1/admin/tenants", ADMIN_TOKEN, tenant, null));
        assertEquals(201, created.statusCode(), created.body());
        apiKey = JSON.readTree(created.body()).path("apiKey").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (candor != null) {
                candor.stop();
            }
        } finally {
            cluster("down");
        }
    }

    @Test
    void losingTheLeadersMachineUnderWriteLoadLosesNothing() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger next = new AtomicInteger();
        Map<Integer, Write> writes = new ConcurrentHashMap<>();
        Map<Integer, String> votes = new ConcurrentHashMap<>(); // voter index -> review voted on
        ConcurrentLinkedQueue<String> wrongAnswers = new ConcurrentLinkedQueue<>();
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong firstWriteAfterKill = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger unavailableAnswers = new AtomicInteger();
        AtomicInteger lostConnections = new AtomicInteger();

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(pool.submit(() -> {
                while (writing.get()) {
                    int i = next.getAndIncrement();
                    long sent = System.nanoTime();
                    Answer order = untilDone("order " + i, post("/api/v1/transactions", apiKey, order(i), "order-" + i), 201,
                            wrongAnswers, unavailableAnswers, lostConnections);
                    Answer review = untilDone("review " + i, post("/api/v1/reviews", buyerToken("b-" + i), review(i), "review-" + i), 201,
                            wrongAnswers, unavailableAnswers, lostConnections);
                    if (review == null || order == null) {
                        continue;
                    }
                    String id = json(review.body()).path("id").asText();
                    long acked = System.nanoTime();
                    writes.put(i, new Write(i, order.first() + "/" + review.first(), id, order.attempts() + review.attempts(), acked, sent));
                    if (sent > killedAt.get()) {
                        firstWriteAfterKill.accumulateAndGet(acked, Math::min);
                    }
                    Write earlier = i > 0 ? writes.get(i - 1) : null;
                    if (earlier != null) {
                        Answer vote = untilDone("vote " + i, HttpRequest.newBuilder(candor.uri("/api/v1/reviews/" + earlier.reviewId() + "/vote"))
                                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + buyerToken("b-" + i))
                                        .header("Idempotency-Key", "vote-" + i).PUT(HttpRequest.BodyPublishers.ofString("{\"helpful\":true}")),
                                204, wrongAnswers, unavailableAnswers, lostConnections);
                        if (vote != null) {
                            votes.put(i, earlier.reviewId());
                        }
                    }
                    sleep(40);
                }
                return null;
            }));
        }
        Reads reads = new Reads();
        Future<?> reader = pool.submit(() -> reads.run(writing, wrongAnswers));

        awaitWrites(writes, 150, Duration.ofSeconds(60));
        int leader = leader();
        System.out.printf("killing member %d (the leader) after %d acknowledged writes%n", leader, writes.size());
        reads.markOutage(true);
        cluster("kill", Integer.toString(leader));
        // from here on, the old leader's processes are gone (the script waits for that)
        killedAt.set(System.nanoTime());

        long deadline = System.nanoTime() + RESUME_LIMIT.toNanos() + Duration.ofSeconds(30).toNanos();
        while (firstWriteAfterKill.get() == Long.MAX_VALUE && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        reads.markOutage(false);
        assertTrue(firstWriteAfterKill.get() != Long.MAX_VALUE, "no write sent after the kill was acknowledged; " + wrongAnswers);
        double resumedAfter = (firstWriteAfterKill.get() - killedAt.get()) / 1e9;
        System.out.printf("the first write sent after the kill was acknowledged %.1f s after it; new leader: member %d%n", resumedAfter, leader());
        assertTrue(resumedAfter <= RESUME_LIMIT.toSeconds(), "writes resumed after " + resumedAfter + " s");

        // more load on the new leader, then the old leader's machine comes back and rejoins
        int beforeRejoin = writes.size();
        awaitWrites(writes, beforeRejoin + 100, Duration.ofSeconds(60));
        cluster("start", Integer.toString(leader));
        long rejoinDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!healthy()) {
            assertTrue(System.nanoTime() < rejoinDeadline, "the old leader did not rejoin: " + cluster("status"));
            Thread.sleep(500);
        }
        System.out.println("the old leader rejoined: " + cluster("status").strip());
        awaitWrites(writes, writes.size() + 50, Duration.ofSeconds(60));
        writing.set(false);
        for (Future<?> writer : writers) {
            writer.get(3, TimeUnit.MINUTES);
        }
        reader.get(1, TimeUnit.MINUTES);
        pool.shutdown();

        System.out.printf("%d writes acknowledged (%d votes); %d answers were 503, %d requests lost their connection; "
                        + "public reads: %d answered 200, %d 503 during the failover and %d 200 outside it%n",
                writes.size(), votes.size(), unavailableAnswers.get(), lostConnections.get(), reads.okDuringOutage.get(),
                reads.unavailableDuringOutage.get(), reads.okOtherwise.get());
        assertTrue(wrongAnswers.isEmpty(), "answers other than success, 503 or a lost connection: " + wrongAnswers);
        assertEquals(next.get(), writes.size(), "every write started was acknowledged in the end");
        assertTrue(unavailableAnswers.get() + lostConnections.get() > 0, "the load met the failover");
        assertTrue(reads.okOtherwise.get() > 0 && reads.okDuringOutage.get() + reads.unavailableDuringOutage.get() > 0, "reads ran throughout");
        // with no primary, public reads come from the standbys (the replica URL): a storefront keeps its reviews and stars
        assertTrue(reads.unavailableDuringOutage.get() * 10 <= reads.okDuringOutage.get(),
                "public reads during the failover: " + reads.okDuringOutage.get() + " answered, " + reads.unavailableDuringOutage.get() + " 503");

        try (Connection db = DriverManager.getConnection("jdbc:postgresql://" + HOSTS + "/postgres?targetServerType=primary", "postgres",
                "test-only-superuser")) {
            long tenant = number(db, "SELECT tenant_id FROM tenant WHERE slug = ?", SLUG);
            assertEquals(writes.size(), number(db, "SELECT count(*) FROM review WHERE tenant_id = " + tenant), "every acknowledged review, once");
            assertEquals(writes.size(), number(db, "SELECT count(*) FROM completed_transaction WHERE tenant_id = " + tenant), "every order, once");
            for (Write write : writes.values()) {
                assertEquals(1, number(db, "SELECT count(*) FROM review WHERE tenant_id = " + tenant + " AND review_id = ?::uuid", write.reviewId()),
                        "acknowledged review " + write.index());
                assertEquals(1, number(db, "SELECT count(*) FROM review_version WHERE review_id = ?::uuid", write.reviewId()),
                        "review " + write.index() + " is whole, with its one version");
            }
            assertEquals(votes.size(), number(db, "SELECT count(*) FROM review_vote WHERE tenant_id = " + tenant), "every acknowledged vote, once");
            assertEquals(0, number(db, "SELECT count(*) FROM idempotency_record WHERE tenant_id = " + tenant + " AND status IS NULL"),
                    "no Idempotency-Key is left claimed");
        }

        // every client retries with its key once more: each replays its first answer, nothing is written twice
        for (Write write : writes.values()) {
            HttpResponse<String> again = send(post("/api/v1/reviews", buyerToken("b-" + write.index()), review(write.index()), "review-" + write.index()));
            assertEquals(201, again.statusCode(), again.body());
            assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(null), "review " + write.index() + " replayed");
            assertEquals(write.reviewId(), json(again.body()).path("id").asText());
        }

        // summaries agree with the lists (and the stored summaries with a recomputation)
        HttpResponse<String> recompute = send(post("/api/v1/admin/tenants/" + SLUG + "/summaries/recompute", ADMIN_TOKEN, "", null));
        assertEquals(200, recompute.statusCode(), recompute.body());
        assertEquals(0, json(recompute.body()).path("drifted").asInt(), recompute.body());
        int listed = 0;
        for (int p = 0; p < PRODUCTS; p++) {
            int inList = listCount("sku-" + p);
            listed += inList;
            JsonNode summary = json(send(HttpRequest.newBuilder(candor.uri("/api/v1/public/" + SLUG + "/subjects/product/sku-" + p + "/summary"))).body());
            assertEquals(inList, summary.path("count").asInt(), "sku-" + p + ": summary " + summary);
        }
        assertEquals(writes.size(), listed, "every review is listed");

        // the transparency log: every entry sequenced, and the whole log verifies from outside (no gap, no fork)
        long logDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://" + HOSTS + "/postgres?targetServerType=primary", "postgres",
                "test-only-superuser")) {
            while (number(db, "SELECT count(*) FROM log_entry WHERE leaf_index IS NULL") > 0) {
                assertTrue(System.nanoTime() < logDeadline, "log entries left unsequenced");
                Thread.sleep(200);
            }
            long entries = number(db, "SELECT count(*) FROM log_entry WHERE tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?)", SLUG);
            long maxLeaf = number(db, "SELECT coalesce(max(leaf_index), -1) FROM log_entry WHERE tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?)", SLUG);
            assertEquals(entries - 1, maxLeaf, "leaf indexes run 0..n-1 with no gap");
        }
        ProcessBuilder verify = new ProcessBuilder("scripts/verify-log", "http://127.0.0.1:" + candor.port(), SLUG, "--all-heads")
                .redirectErrorStream(true);
        Process verifying = verify.start();
        String verdict = new String(verifying.getInputStream().readAllBytes());
        assertTrue(verifying.waitFor(5, TimeUnit.MINUTES));
        System.out.println("scripts/verify-log: " + verdict.strip().replace('\n', ' '));
        assertEquals(0, verifying.exitValue(), verdict);

        // and the service is ready, on the new leader, without a restart
        HttpResponse<String> ready = send(HttpRequest.newBuilder(candor.managementUri("/q/health/ready")));
        assertEquals(200, ready.statusCode(), ready.body());
    }

    /** Public reads (a summary and a list page) in a loop: each must answer, with 200 or a 503, never a 500 or nothing. */
    static final class Reads {
        final AtomicInteger okDuringOutage = new AtomicInteger();
        final AtomicInteger unavailableDuringOutage = new AtomicInteger();
        final AtomicInteger okOtherwise = new AtomicInteger();
        private volatile boolean outage;

        void markOutage(boolean on) {
            outage = on;
        }

        Void run(AtomicBoolean going, ConcurrentLinkedQueue<String> wrong) {
            int n = 0;
            while (going.get()) {
                String path = n++ % 2 == 0 ? "/api/v1/public/" + SLUG + "/subjects/product/sku-" + (n % PRODUCTS) + "/summary"
                        : "/api/v1/public/" + SLUG + "/subjects/product/sku-" + (n % PRODUCTS) + "/reviews?sort=newest&limit=10";
                boolean during = outage;
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(candor.uri(path)).timeout(Duration.ofSeconds(35)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        (during ? okDuringOutage : okOtherwise).incrementAndGet();
                    } else if (r.statusCode() == 503 && during) {
                        unavailableDuringOutage.incrementAndGet();
                    } else {
                        wrong.add("read " + path + " answered " + r.statusCode() + (during ? " during" : " outside") + " the failover: " + r.body());
                    }
                } catch (IOException e) {
                    wrong.add("read " + path + " got no answer: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                sleep(25);
            }
            return null;
        }
    }

    record Answer(String first, int attempts, String body) {
    }

    /**
     * Sends a request until it succeeds, as a client that follows docs/api.md does: a 503 (unavailable or outcome unknown)
     * or a lost connection is retried after a pause with the same Idempotency-Key. Anything else is wrong and recorded.
     */
    static Answer untilDone(String what, HttpRequest.Builder request, int success, ConcurrentLinkedQueue<String> wrong,
                            AtomicInteger unavailable, AtomicInteger lost) {
        String first = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
            String outcome;
            try {
                HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(35)).build(), HttpResponse.BodyHandlers.ofString());
                outcome = Integer.toString(r.statusCode());
                if (first == null) {
                    first = outcome;
                }
                if (r.statusCode() == success) {
                    return new Answer(first, attempt, r.body());
                }
                if (r.statusCode() != 503) {
                    wrong.add(what + " answered " + r.statusCode() + ": " + r.body());
                    return null;
                }
                String type = json(r.body()).path("type").asText();
                if (!type.equals("/problems/outcome-unknown") && !type.equals("/problems/unavailable")) {
                    wrong.add(what + " answered 503 " + type);
                }
                unavailable.incrementAndGet();
            } catch (IOException e) {
                if (first == null) {
                    first = "lost";
                }
                lost.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            sleep(500);
        }
        wrong.add(what + " did not succeed within 120 s");
        return null;
    }

    private static int listCount(String product) throws Exception {
        int count = 0;
        String cursor = null;
        do {
            String path = "/api/v1/public/" + SLUG + "/subjects/product/" + product + "/reviews?sort=newest&limit=50"
                    + (cursor == null ? "" : "&cursor=" + cursor);
            HttpResponse<String> page = send(HttpRequest.newBuilder(candor.uri(path)));
            assertEquals(200, page.statusCode(), page.body());
            JsonNode body = json(page.body());
            count += body.path("items").size();
            cursor = body.hasNonNull("nextCursor") ? body.path("nextCursor").asText() : null;
        } while (cursor != null);
        return count;
    }

    private static void awaitWrites(Map<Integer, Write> writes, int count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (writes.size() < count) {
            if (System.nanoTime() > deadline) {
                fail("only " + writes.size() + " of " + count + " writes acknowledged within " + limit);
            }
            Thread.sleep(100);
        }
    }

    /** The member Patroni reports as leader, from any member's REST API. */
    private static int leader() throws Exception {
        JsonNode status = json(cluster("status"));
        for (JsonNode member : status.path("members")) {
            if (member.path("role").asText().equals("leader")) {
                return Integer.parseInt(member.path("name").asText().replace("node", ""));
            }
        }
        throw new AssertionError("no leader: " + status);
    }

    private static boolean healthy() {
        try {
            cluster("healthy");
            return true;
        } catch (AssertionError notYet) {
            return false;
        }
    }

    /** Runs scripts/patroni-cluster; answers its standard output, fails with its output when it fails. */
    private static String cluster(String... arguments) {
        List<String> command = new ArrayList<>(List.of("scripts/patroni-cluster", arguments[0], CLUSTER.toString()));
        command.addAll(List.of(arguments).subList(1, arguments.length));
        try {
            Path err = Files.createTempFile("patroni-cluster", ".err");
            Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish");
            }
            String errors = Files.readString(err);
            Files.delete(err);
            if (process.exitValue() != 0) {
                throw new AssertionError(command + " exited with " + process.exitValue() + ":\n" + out + errors);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String order(int i) {
        return "{\"ref\":\"o-" + i + "\",\"buyer\":\"b-" + i + "\",\"seller\":\"s-" + (i % 3) + "\",\"completedAt\":\""
                + Instant.now().minusSeconds(3600).toString() + "\",\"products\":[\"sku-" + (i % PRODUCTS) + "\"]}";
    }

    private static String review(int i) {
        return "{\"transaction\":\"o-" + i + "\",\"subject\":{\"type\":\"product\",\"ref\":\"sku-" + (i % PRODUCTS) + "\"},\"rating\":"
                + (1 + i % 5) + ",\"title\":\"Order " + i + "\",\"body\":\"Written while the database may be failing over, number " + i + ".\"}";
    }

    private static String buyerToken(String party) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(party);
        claims.setStringListClaim("groups", "buyer");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(30);
        return TestMarketplace.sign(claims, KEYS.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    private static HttpRequest.Builder post(String path, String bearer, String body, String idempotencyKey) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(candor.uri(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        return candor.send(request);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static long number(Connection db, String sql, String... parameters) throws Exception {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
