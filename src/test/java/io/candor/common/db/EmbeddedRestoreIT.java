package io.candor.common.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.candor.testing.PackagedJar;
import io.candor.testing.TestMarketplace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backup and restore procedure of docs/operations.md for the embedded PostgreSQL, run as an operator
 * would: the packaged jar with its default database, scripts/embedded-backup.sh, a lost data directory, and
 * the data read back through the API after the restore.
 */
class EmbeddedRestoreIT {

    private static final String ADMIN_TOKEN = "embedded-restore-admin-token-0123456789";
    private static final String TRANSACTION = """
            {"ref":"ord-1","buyer":"b-1","seller":"s-1","completedAt":"2026-01-05T10:00:00Z","products":["sku-1"]}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void aColdCopyOfTheDataDirectoryRestoresEveryTenantKeyAndTransaction() throws Exception {
        Path dataDir = work.resolve("candor");
        Path archive = work.resolve("candor-backup.tar.gz");
        Map<String, String> environment = Map.of("CANDOR_DATA_DIR", dataDir.toString(), "CANDOR_ADMIN_TOKEN", ADMIN_TOKEN);

        PackagedJar candor = PackagedJar.start(environment, work.resolve("before.log"));
        String apiKey;
        try {
            candor.awaitReady();
            String tenant = JSON.writeValueAsString(Map.of("slug", "restored", "displayName", "Restored marketplace",
                    "issuer", "https://restored.test.invalid", "publicKeys", List.of(TestMarketplace.pem(TestMarketplace.rsaKeys().getPublic()))));
            HttpResponse<String> created = candor.send(json(candor, "/api/v1/admin/tenants", ADMIN_TOKEN, tenant));
            assertEquals(201, created.statusCode(), created.body());
            apiKey = JSON.readTree(created.body()).path("apiKey").asText();
            assertEquals(201, candor.send(json(candor, "/api/v1/transactions", apiKey, TRANSACTION)).statusCode());

            Script whileRunning = script("backup", dataDir.toString(), archive.toString());
            assertNotEquals(0, whileRunning.exit(), "a running database is never copied");
            assertTrue(whileRunning.output().contains("stop Candor"), whileRunning.output());
            assertFalse(Files.exists(archive));
        } finally {
            candor.stop();
        }
        assertFalse(Files.exists(dataDir.resolve("pgdata/postmaster.pid")), "stopping Candor stops its PostgreSQL");
        String stopping = Files.readString(work.resolve("before.log"));
        stopping = stopping.substring(Math.max(0, stopping.lastIndexOf("Installed features")));
        for (String symptom : List.of("lost its connection", "This connection has been closed", "I/O error", "ARJUNA")) {
            assertFalse(stopping.contains(symptom), "the embedded PostgreSQL stops after the application, not under it: " + stopping);
        }

        Script backup = script("backup", dataDir.toString(), archive.toString());
        assertEquals(0, backup.exit(), backup.output());
        assertTrue(backup.output().contains("PostgreSQL 17"), backup.output());

        deleteRecursively(dataDir);
        Script restore = script("restore", archive.toString(), dataDir.toString());
        assertEquals(0, restore.exit(), restore.output());

        PackagedJar restored = PackagedJar.start(environment, work.resolve("after.log"));
        try {
            restored.awaitReady();
            HttpResponse<String> tenant = restored.send(HttpRequest.newBuilder(restored.uri("/api/v1/admin/tenants/restored"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN));
            assertEquals(200, tenant.statusCode(), tenant.body());
            assertEquals("Restored marketplace", JSON.readTree(tenant.body()).path("displayName").asText());
            assertEquals(200, restored.send(json(restored, "/api/v1/transactions", apiKey, TRANSACTION)).statusCode(),
                    "the API key still works and the same transaction is found again, not created");
        } finally {
            restored.stop();
        }
    }

    private static HttpRequest.Builder json(PackagedJar candor, String path, String bearer, String body) {
        return HttpRequest.newBuilder(candor.uri(path)).header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    record Script(int exit, String output) {
    }

    private static Script script(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", "scripts/embedded-backup.sh"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        return new Script(process.exitValue(), output);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
