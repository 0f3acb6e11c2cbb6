package io.candor.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.candor.testing.PackagedJar;
import io.candor.testing.TestMarketplace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stop as Kubernetes makes one (SIGTERM during a rollout) while a marketplace's write is in progress: the write
 * is answered and kept, a request that arrives during the stop gets a 503 it can retry, and nothing stops under
 * the application (the embedded PostgreSQL after it, the background jobs and the summary listener before the pool).
 */
class GracefulStopIT {

    private static final String ADMIN_TOKEN = "graceful-stop-admin-token-0123456789";
    private static final String TRANSACTION = """
            {"ref":"ord-during-stop","buyer":"b-1","seller":"s-1","completedAt":"2026-01-05T10:00:00Z","products":["sku-1"]}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void aWriteInProgressAtSigtermIsAnsweredAndKept() throws Exception {
        Map<String, String> environment = Map.of("CANDOR_DATA_DIR", work.resolve("candor").toString(), "CANDOR_ADMIN_TOKEN", ADMIN_TOKEN);
        PackagedJar candor = PackagedJar.start(environment, work.resolve("first.log"));
        String apiKey;
        String status;
        try {
            candor.awaitReady();
            String tenant = JSON.writeValueAsString(Map.of("slug", "stopping", "displayName", "Stopping marketplace",
                    "issuer", "https://stopping.test.invalid", "publicKeys", List.of(TestMarketplace.pem(TestMarketplace.rsaKeys().getPublic()))));
            HttpResponse<String> created = candor.send(json(candor, "/api/v1/admin/tenants", ADMIN_TOKEN, tenant));
            assertEquals(201, created.statusCode(), created.body());
            apiKey = JSON.readTree(created.body()).path("apiKey").asText();

            byte[] body = TRANSACTION.getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", candor.port())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                // the request's head and half its body: the request is in progress when the stop begins
                out.write(("POST /api/v1/transactions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + apiKey
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, body.length / 2);
                out.flush();
                Thread.sleep(500);
                candor.terminate();
                Thread.sleep(1_500);

                assertEquals(503, statusOfANewRequest(candor), "a request that arrives during the stop gets a 503 it can retry");

                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                status = statusLine(socket.getInputStream());
            }
            candor.awaitExit(Duration.ofSeconds(40));
        } finally {
            candor.stop();
        }
        assertTrue(status.startsWith("HTTP/1.1 201"), "the write in progress is answered: " + status + "\n" + candor.output());
        String stopping = candor.output();
        stopping = stopping.substring(Math.max(0, stopping.lastIndexOf("Installed features")));
        for (String symptom : List.of("still in progress", "lost its connection", "This connection has been closed", "ARJUNA", "ERROR")) {
            assertFalse(stopping.contains(symptom), "nothing stops under the application: " + stopping);
        }

        PackagedJar again = PackagedJar.start(environment, work.resolve("second.log"));
        try {
            again.awaitReady();
            HttpResponse<String> found = again.send(json(again, "/api/v1/transactions", apiKey, TRANSACTION));
            assertEquals(200, found.statusCode(), "the transaction written during the stop was kept: " + found.body());
        } finally {
            again.stop();
        }
    }

    private static int statusOfANewRequest(PackagedJar candor) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", candor.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /api/v1/public/tenants/stopping/products/sku-1/summary HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String line = statusLine(socket.getInputStream());
            return Integer.parseInt(line.split(" ")[1]);
        } catch (ConnectException refused) {
            return -1;
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().strip();
    }

    private static HttpRequest.Builder json(PackagedJar candor, String path, String bearer, String body) {
        return HttpRequest.newBuilder(candor.uri(path)).header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
