package io.candor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candor.deploy.ChartRendering.Rendered;
import io.candor.testing.PackagedJar;
import io.candor.testing.TestMarketplace;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar run with exactly the environment the chart renders for its containers, against real
 * PostgreSQL servers: the migration Job's environment migrates and exits, a serving pod's starts on that
 * schema without migrating and reads every setting and secret under the chart's names, and refuses a
 * schema with a pending migration while tolerating a newer one (a rollback).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartEnvironmentIT {

    private static final String ADMIN_TOKEN = "chart-environment-admin-token-0123456789";
    private static final String WEBHOOK_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static EmbeddedPostgres primary;
    private static EmbeddedPostgres replica;
    private static Rendered rendered;

    @BeforeAll
    static void renderTheChartForTwoServers() throws IOException {
        primary = EmbeddedPostgres.builder().setDataDirectory(work.resolve("primary")).setCleanDataDirectory(true)
                .setServerConfig("fsync", "off").start();
        replica = EmbeddedPostgres.builder().setDataDirectory(work.resolve("replica")).setCleanDataDirectory(true)
                .setServerConfig("fsync", "off").start();
        Flyway.configure().dataSource(replica.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        Map<String, Object> sets = new LinkedHashMap<>();
        sets.put("postgresql.external.host", "localhost");
        sets.put("postgresql.external.port", primary.getPort());
        sets.put("postgresql.database", "postgres");
        sets.put("postgresql.external.username", "postgres");
        sets.put("postgresql.external.password", "unused-the-test-server-trusts-local-connections");
        sets.put("postgresql.readReplica.url", "jdbc:postgresql://localhost:" + replica.getPort() + "/postgres");
        sets.put("secret.adminToken", ADMIN_TOKEN);
        sets.put("secret.webhookEncryptionKey", WEBHOOK_KEY);
        sets.put("config.forwardedHeaders.enabled", true);
        sets.put("config.forwardedHeaders.trustedProxies[0]", "127.0.0.1");
        rendered = new ChartRendering(work).render("candor", "minimal", sets);
    }

    @AfterAll
    static void stopServers() throws IOException {
        for (EmbeddedPostgres server : new EmbeddedPostgres[]{primary, replica}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    @Order(1)
    void theMigrationJobAppliesEveryMigrationAndExitsWithoutServing() throws Exception {
        Map<String, String> job = rendered.environment(rendered.migrate());
        long migrations;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
        }

        Path log = work.resolve("migrate-1.log");
        assertEquals(0, PackagedJar.runToExit(job, log, Duration.ofMinutes(3)), Files.readString(log));
        assertEquals(migrations, count(primary, "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL"));
        assertFalse(Files.readString(log).contains("Listening on"), "the Job never serves");
        assertEquals(0, count(primary, "SELECT count(*) FROM server_secret"), "nothing but the migrations ran");

        Path again = work.resolve("migrate-2.log");
        assertEquals(0, PackagedJar.runToExit(job, again, Duration.ofMinutes(3)), "a retried Job finds nothing to do");
        assertEquals(migrations, count(primary, "SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL"));
    }

    @Test
    @Order(2)
    void aServingPodStartsWithoutMigratingAndReadsEverySettingUnderTheChartsNames() throws Exception {
        long applied = count(primary, "SELECT count(*) FROM flyway_schema_history");
        PackagedJar pod = PackagedJar.start(rendered.environment(rendered.server()), work.resolve("server.log"));
        try {
            JsonNode ready = JSON.readTree(pod.awaitReady());
            JsonNode database = null;
            for (JsonNode check : ready.path("checks")) {
                if (check.path("data").has("<default>")) {
                    database = check;
                }
            }
            assertTrue(database != null, "the database's readiness check: " + ready);
            assertEquals("UP", database.at("/data/<default>").asText(), ready.toString());
            assertEquals("UP", database.at("/data/replica").asText(), "QUARKUS_DATASOURCE_REPLICA_*: " + ready);
            assertTrue(pod.output().contains("Listening on: http://0.0.0.0:" + pod.port()), "reachable from outside the container");

            String tenant = JSON.writeValueAsString(Map.of("slug", "chart-env", "displayName", "Chart environment",
                    "issuer", "https://chart-env.test.invalid", "publicKeys", List.of(TestMarketplace.pem(TestMarketplace.rsaKeys().getPublic()))));
            assertEquals(401, pod.send(post(pod, "/api/v1/admin/tenants", tenant)).statusCode(), "no token, no admin API");
            HttpResponse<String> created = pod.send(post(pod, "/api/v1/admin/tenants", tenant)
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).header("X-Forwarded-Proto", "https"));
            assertEquals(201, created.statusCode(), "CANDOR_ADMIN_TOKEN: " + created.body());
            assertEquals("/api/v1/admin/tenants/chart-env", created.headers().firstValue("Location").orElse(""), "relative, never from Host");
            // Candor's own origin, which a page sign-in must come from, takes its scheme from the trusted proxy's header:
            // the https origin passes the origin check (and the token is refused, 401) only with X-Forwarded-Proto.
            String origin = "https://127.0.0.1"; // behind the proxy, on https's own port
            HttpRequest.Builder signIn = HttpRequest.newBuilder(pod.uri("/signin/chart-env")).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", origin).POST(HttpRequest.BodyPublishers.ofString("token=not-a-token&next=%2Fseller"));
            assertEquals(403, pod.send(signIn.copy()).statusCode(), "without the proxy's header the origin is http://");
            assertEquals(401, pod.send(signIn.header("X-Forwarded-Proto", "https")).statusCode(),
                    "QUARKUS_HTTP_PROXY_*: the scheme comes from the trusted proxy's header");

            String apiKey = JSON.readTree(created.body()).path("apiKey").asText();
            HttpResponse<String> webhook = pod.send(HttpRequest.newBuilder(pod.uri("/api/v1/webhook"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + apiKey)
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"url\":\"https://93.184.215.14/candor\",\"secret\":\"0123456789abcdef0123\"}")));
            assertEquals(200, webhook.statusCode(), webhook.body());
            assertEquals("operator", text(primary, "SELECT key_source FROM webhook_endpoint"), "CANDOR_WEBHOOK_ENCRYPTION_KEY encrypts the secret");

            assertEquals(404, pod.send(HttpRequest.newBuilder(pod.uri("/api/v1/demo/token?as=buyer"))).statusCode(), "CANDOR_DEMO=false");
            assertTrue(pod.output().lines().anyMatch(line -> line.startsWith("{\"timestamp\"")), "CANDOR_LOG_JSON: JSON log lines");
            assertTrue(pod.output().lines().noneMatch(line -> line.matches("^\\d{4}-\\d\\d-\\d\\d \\d.*")), "and no plain ones");
            assertEquals(applied, count(primary, "SELECT count(*) FROM flyway_schema_history"), "the pod did not migrate");
        } finally {
            pod.stop();
        }
    }

    @Test
    @Order(3)
    void aServingPodRefusesASchemaWithAPendingMigration() throws Exception {
        execute(primary, "CREATE DATABASE behind");
        String behind = "jdbc:postgresql://localhost:" + primary.getPort() + "/behind";
        Flyway.configure().dataSource(behind, "postgres", "").locations("classpath:db/migration").target("3").load().migrate();
        Map<String, String> environment = new LinkedHashMap<>(rendered.environment(rendered.server()));
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", behind);

        Path log = work.resolve("behind.log");
        int exit = PackagedJar.runToExit(environment, log, Duration.ofMinutes(2));
        String output = Files.readString(log);
        assertNotEquals(0, exit, output);
        // one query on Flyway's history (common.db.SchemaCheck), not Flyway's validation, refuses it
        assertTrue(output.contains("the database schema is at V3 but this build of Candor needs V" + io.candor.common.db.SchemaCheck.NEWEST_MIGRATION)
                && output.contains("run the migrations first"), output);
    }

    @Test
    @Order(4)
    void aRolledBackPodStillStartsOnTheNewerSchema() {
        execute(primary, "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, "
                + "execution_time, success) VALUES (999, '999', 'from a later release', 'SQL', 'V999__from_a_later_release.sql', 0, 'postgres', 1, true)");
        PackagedJar pod = PackagedJar.start(rendered.environment(rendered.server()), work.resolve("rolled-back.log"));
        try {
            pod.awaitReady();
        } finally {
            pod.stop();
        }
    }

    private static HttpRequest.Builder post(PackagedJar pod, String path, String body) {
        return HttpRequest.newBuilder(pod.uri(path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static long count(EmbeddedPostgres server, String sql) {
        return Long.parseLong(text(server, sql));
    }

    private static String text(EmbeddedPostgres server, String sql) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    private static void execute(EmbeddedPostgres server, String sql) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }
}
