package io.candor.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candor.testing.PackagedJar;
import io.candor.testing.TestMarketplace;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two Candor processes on one PostgreSQL, as two pods of a Deployment: each caches summaries, and a write
 * through either is seen in the other's public reads within a second, because the commit's NOTIFY drops
 * the cached row everywhere. Also shows that the reads really are cached (a change that sends no
 * notification is not seen) and that a listener that lost its connection never serves what it may have
 * missed.
 */
class SummaryCacheAcrossInstancesIT {

    private static final String ADMIN_TOKEN = "two-instances-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISSUER = "https://two-instances.test.invalid";
    private static final KeyPair KEYS = TestMarketplace.rsaKeys();
    private static final String SUMMARY = "/api/v1/public/two/subjects/product/sku-1/summary";

    private static EmbeddedPostgres database;
    private static PackagedJar a;
    private static PackagedJar b;
    private static String apiKey;

    @BeforeAll
    static void start() throws Exception {
        database = EmbeddedPostgres.builder().setDataDirectory(Path.of("target/candor-two-instances-db/pgdata")).setCleanDataDirectory(true)
                .setServerConfig("fsync", "off").start();
        Map<String, String> environment = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + database.getPort() + "/postgres",
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "CANDOR_WEBHOOK_ENCRYPTION_KEY", io.candor.testing.TestKeys.WEBHOOK_ENCRYPTION_KEY,
                "CANDOR_ADMIN_TOKEN", ADMIN_TOKEN);
        a = PackagedJar.start(environment, Path.of("target/two-instances-a.log"));
        a.awaitReady();
        b = PackagedJar.start(environment, Path.of("target/two-instances-b.log"));
        b.awaitReady();

        String tenant = JSON.writeValueAsString(Map.of("slug", "two", "displayName", "Two instances", "issuer", ISSUER,
                "publicKeys", List.of(TestMarketplace.pem(KEYS.getPublic()))));
        HttpResponse<String> created = a.send(post(a, "/api/v1/admin/tenants", ADMIN_TOKEN, tenant));
        assertEquals(201, created.statusCode(), created.body());
        apiKey = JSON.readTree(created.body()).path("apiKey").asText();
        String transaction = JSON.writeValueAsString(Map.of("ref", "o-1", "buyer", "b-1", "seller", "s-1",
                "completedAt", Instant.now().minusSeconds(3600).toString(), "products", List.of("sku-1")));
        HttpResponse<String> registered = a.send(post(a, "/api/v1/transactions", apiKey, transaction));
        assertEquals(201, registered.statusCode(), registered.body());
    }

    @AfterAll
    static void stop() throws Exception {
        if (a != null) {
            a.stop();
        }
        if (b != null) {
            b.stop();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aWriteOnOneInstanceIsSeenOnTheOtherWithinASecondAndNoMissedChangeIsServed() throws Exception {
        // B reads (and caches) the empty summary, A has it too
        assertEquals(0, summary(b).path("count").asInt());
        assertEquals(0, summary(a).path("count").asInt());

        HttpResponse<String> review = a.send(post(a, "/api/v1/reviews", buyerToken(), """
                {"transaction":"o-1","subject":{"type":"product","ref":"sku-1"},"rating":4,"title":"Fine","body":"Arrived on time and works."}"""));
        assertEquals(201, review.statusCode(), review.body());
        String id = JSON.readTree(review.body()).path("id").asText();
        assertEquals(1, summary(a).path("count").asInt(), "the writing instance reads its own write at once");
        long seenAfter = within(Duration.ofSeconds(1), b, s -> s.path("count").asInt() == 1);
        assertTrue(seenAfter < 1000, "B saw the review after " + seenAfter + " ms");
        System.out.printf("a review written on A was in B's summary after %d ms%n", seenAfter);
        JsonNode batch = JSON.readTree(b.send(HttpRequest.newBuilder(b.uri("/api/v1/public/two/summaries?subjects=product:sku-1,product:sku-2"))).body());
        assertEquals(1, batch.path("items").get(0).path("count").asInt());
        assertEquals(0, batch.path("items").get(1).path("count").asInt());

        // the other way round: an edit through B reaches A's cache
        HttpResponse<String> mine = b.send(HttpRequest.newBuilder(b.uri("/api/v1/me/reviews/" + id)).header("Authorization", "Bearer " + buyerToken()));
        assertEquals(200, mine.statusCode(), mine.body());
        assertEquals(1, summary(a).path("histogram").path("4").asInt(), "A has the summary cached");
        HttpResponse<String> edited = b.send(HttpRequest.newBuilder(b.uri("/api/v1/reviews/" + id))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + buyerToken())
                .header("If-Match", mine.headers().firstValue("ETag").orElseThrow())
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"rating\":2}")));
        assertEquals(200, edited.statusCode(), edited.body());
        long editSeenAfter = within(Duration.ofSeconds(1), a, s -> s.path("histogram").path("2").asInt() == 1);
        assertTrue(editSeenAfter < 1000, "A saw the edit after " + editSeenAfter + " ms");

        // the reads are cached: a change that sends no notification (triggers off) stays unseen ...
        assertEquals(1, summary(b).path("histogram").path("2").asInt());
        try (Connection c = database.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("SET session_replication_role = replica");
            st.executeUpdate("UPDATE summary SET review_count = 5, rating_sum = 10, hist_2 = 5 WHERE subject_ref = 'sku-1'");
        }
        Thread.sleep(300);
        assertEquals(1, summary(b).path("count").asInt(), "B answers from its cache");

        // ... until B's listener loses its connection: then B drops what it had, since it may have missed changes
        Instant terminated = Instant.now();
        terminateListeners();
        long afterReconnect = within(Duration.ofSeconds(10), b, s -> s.path("count").asInt() == 5);
        assertTrue(afterReconnect < 10_000);
        within(Duration.ofSeconds(10), a, s -> s.path("count").asInt() == 5);

        // and once it listens again, notifications reach it as before
        awaitListeners(2, terminated);
        HttpResponse<String> withdrawn = a.send(HttpRequest.newBuilder(a.uri("/api/v1/reviews/" + id))
                .header("Authorization", "Bearer " + buyerToken()).DELETE());
        assertEquals(204, withdrawn.statusCode(), withdrawn.body());
        long withdrawalSeenAfter = within(Duration.ofSeconds(1), b, s -> s.path("count").asInt() == 4);
        assertTrue(withdrawalSeenAfter < 1000, "B saw the withdrawal after " + withdrawalSeenAfter + " ms");
    }

    private static void terminateListeners() throws SQLException {
        try (Connection c = database.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN " + SummaryCache.CHANNEL + "'");
        }
    }

    /** Waits until this many listeners have run LISTEN since the given instant. */
    private static void awaitListeners(int count, Instant since) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = database.getPostgresDatabase().getConnection();
                 var ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE query = 'LISTEN " + SummaryCache.CHANNEL + "' AND query_start > ?")) {
                ps.setObject(1, java.time.OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= count) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the listeners did not listen again");
    }

    /** Polls one instance's public summary until it satisfies the condition; answers the milliseconds it took. */
    private static long within(Duration limit, PackagedJar instance, Predicate<JsonNode> condition) throws Exception {
        long start = System.nanoTime();
        JsonNode last = null;
        while (System.nanoTime() - start < limit.toNanos()) {
            last = summary(instance);
            if (condition.test(last)) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not seen within " + limit + "; last summary " + last);
    }

    private static JsonNode summary(PackagedJar instance) throws Exception {
        HttpResponse<String> response = instance.send(HttpRequest.newBuilder(instance.uri(SUMMARY)));
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static String buyerToken() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject("b-1");
        claims.setStringListClaim("groups", "buyer");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        return TestMarketplace.sign(claims, KEYS.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    private static HttpRequest.Builder post(PackagedJar instance, String path, String bearer, String body) {
        return HttpRequest.newBuilder(instance.uri(path)).header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
