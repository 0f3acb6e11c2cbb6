package io.candor.common;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever happens, the logs hold no token, no API key and no review text. */
@QuarkusTest
class LogHygieneTest {

    @Test
    void logsNeverCarryCredentialsOrUserText() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    for (Object p : record.getParameters()) {
                        line.append(' ').append(p);
                    }
                }
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    line.append(' ').append(t);
                }
                lines.add(line.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            TestMarketplace market = TestMarketplace.create();
            String secretText = "Unmistakable review words zqxjv";
            String token = market.token("b-1", "buyer");
            market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
            String id = market.review("b-1", "o-1", "sku-1", 3, secretText);
            market.asBuyer("b-1").body(Map.of("transaction", "o-1", "subject", Map.of("type", "product", "ref", "sku-1"), "rating", 3, "body", secretText))
                    .post("/api/v1/reviews");
            market.asBuyer("b-1").header("If-Match", "\"9\"").body(Map.of("body", secretText + " again")).patch("/api/v1/reviews/" + id);
            market.asBuyer("b-1").body("{\"body\": \"" + secretText + "\", ").post("/api/v1/reviews");
            RestAssured.given().header("Authorization", "Bearer " + token + "x").get("/api/v1/me/reviews");
            RestAssured.given().header("Authorization", "Bearer " + market.apiKey.substring(0, market.apiKey.length() - 2) + "zz").get("/api/v1/webhook");
            market.asMarketplace().body(Map.of("ref", "o-1", "buyer", "b-2", "seller", "s-1", "completedAt", "2026-01-01T00:00:00Z"))
                    .post("/api/v1/transactions");
        } finally {
            root.removeHandler(capture);
        }
        for (String line : lines) {
            assertTrue(!line.contains("zqxjv") && !line.contains("eyJ") && !line.contains("cnd_"), "log line leaks: " + line);
        }
    }
}
