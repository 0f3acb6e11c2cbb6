package io.candor.web;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the README promises, done with the packaged jar as a newcomer would: it starts on its own
 * embedded PostgreSQL with the demo marketplace, a demo buyer posts a review that appears in the
 * public summary and list, and after a restart the review is still there. With an external server
 * configured, the embedded one never starts.
 */
class NewcomerJourneyIT {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void demoMarketplaceOnTheEmbeddedDatabaseSurvivesARestart() throws Exception {
        Path workdir = Files.createTempDirectory("candor-newcomer");
        int port = freePort();
        Map<String, String> env = Map.of("CANDOR_DEMO", "true", "QUARKUS_HTTP_PORT", Integer.toString(port),
                "QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort(port)));
        String reviewId;
        Process first = start(workdir, env);
        try {
            awaitReady(port, first);
            String before = get(port, "/api/v1/public/demo/subjects/product/sku-lamp-02/summary");
            int countBefore = intField(before, "count");
            String token = stringField(get(port, "/api/v1/demo/token?as=buyer"), "token");
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri(port, "/api/v1/reviews"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"transaction\":\"ord-demo-1002\",\"subject\":{\"type\":\"product\","
                            + "\"ref\":\"sku-lamp-02\"},\"rating\":5,\"title\":\"Lovely\",\"body\":\"Soft light, sturdy linen shade.\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            reviewId = stringField(created.body(), "id");
            assertEquals(countBefore + 1, intField(get(port, "/api/v1/public/demo/subjects/product/sku-lamp-02/summary"), "count"));
            assertTrue(get(port, "/api/v1/public/demo/subjects/product/sku-lamp-02/reviews?sort=newest").contains(reviewId));
            assertTrue(Files.isDirectory(workdir.resolve(".candor/pgdata")), "data lives under ./.candor");
        } finally {
            stop(first);
        }
        Process second = start(workdir, env);
        try {
            awaitReady(port, second);
            assertTrue(get(port, "/api/v1/public/demo/reviews/" + reviewId).contains("Soft light, sturdy linen shade."));
        } finally {
            stop(second);
        }
    }

    @Test
    void anExternalServerIsUsedAndTheEmbeddedOneNeverStarts() throws Exception {
        Path workdir = Files.createTempDirectory("candor-external");
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().setDataDirectory(workdir.resolve("external-db")).setCleanDataDirectory(true).start()) {
            int port = freePort();
            Path appDir = Files.createDirectories(workdir.resolve("app"));
            Process app = start(appDir, Map.of(
                    "QUARKUS_HTTP_PORT", Integer.toString(port),
                    "QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort(port)),
                    "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + external.getPort() + "/postgres",
                    "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "CANDOR_WEBHOOK_ENCRYPTION_KEY", io.candor.testing.TestKeys.WEBHOOK_ENCRYPTION_KEY,
                    "CANDOR_ADMIN_TOKEN", "external-test-token"));
            try {
                awaitReady(port, app);
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri(port, "/api/v1/admin/tenants"))
                        .header("Authorization", "Bearer external-test-token").header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"slug\":\"ext\",\"displayName\":\"External\",\"issuer\":\"https://ext.test.invalid\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(201, created.statusCode(), created.body());
                assertFalse(Files.exists(appDir.resolve(".candor")), "no embedded data directory");
                assertEquals(404, http.send(HttpRequest.newBuilder(uri(port, "/api/v1/demo/token")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode(), "demo mode is off unless asked for");
            } finally {
                stop(app);
            }
            String log = Files.readString(appDir.resolve("candor.out"));
            assertFalse(log.contains("Embedded PostgreSQL started"), log);
            try (var c = external.getPostgresDatabase().getConnection(); var rs = c.createStatement().executeQuery("SELECT slug FROM tenant")) {
                assertTrue(rs.next());
                assertEquals("ext", rs.getString(1));
            }
        }
    }

    Process start(Path workdir, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(workdir.resolve("candor.out").toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("CANDOR_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The management interface's port for an instance on {@code port}: the next one, checked free when the port was chosen. */
    static int managementPort(int port) {
        return port + 1;
    }

    void awaitReady(int port, Process process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("Candor exited with " + process.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(uri(managementPort(port), "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Candor was not ready within 90 s");
    }

    void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    String get(int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(port, path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return response.body();
    }

    static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A free port whose next one (the management interface's) is free too, outside the range outgoing connections use. */
    static int freePort() {
        return io.candor.testing.FreePorts.run(2);
    }

    static int intField(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Integer.parseInt(m.group(1));
    }

    static String stringField(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]+)\"").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return m.group(1);
    }
}
