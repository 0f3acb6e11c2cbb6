package io.candor.webhook;

import io.candor.common.Hmac;
import io.candor.testing.TestMarketplace;
import io.candor.testing.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class WebhookDeliveryTest {

    static final String SECRET = "a-webhook-secret-for-tests";

    static Set<String> ids(List<WebhookReceiver.Received> received) {
        Set<String> ids = new LinkedHashSet<>();
        received.forEach(r -> ids.add(JsonPath.from(r.body()).getString("id")));
        return ids;
    }

    static void assertSigned(WebhookReceiver.Received r) {
        String header = r.header("Candor-Signature");
        String t = header.substring(2, header.indexOf(','));
        String v1 = header.substring(header.indexOf("v1=") + 3);
        assertEquals(HexFormat.of().formatHex(Hmac.sha256(SECRET.getBytes(StandardCharsets.UTF_8), t + "." + r.body())), v1);
        assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) < 120);
    }

    @Test
    void eventsArriveSignedInOrderPerTargetDespiteRefusals() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        try (WebhookReceiver receiver = WebhookReceiver.start(0, 3)) {
            market.asMarketplace().body(Map.of("url", receiver.url(), "secret", SECRET)).put("/api/v1/webhook")
                    .then().statusCode(200).body("url", equalTo(receiver.url())).body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(SECRET)));
            market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
            String id = market.review("b-1", "o-1", "sku-1", 3, "First words");
            for (int version = 1; version <= 3; version++) {
                market.asBuyer("b-1").header("If-Match", "\"" + version + "\"").body(Map.of("rating", 1 + version))
                        .patch("/api/v1/reviews/" + id).then().statusCode(200);
            }
            market.asBuyer("b-1").delete("/api/v1/reviews/" + id).then().statusCode(204);

            // the summary.changed events have their own target and may arrive after the review's last event: wait for them too
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted().stream()
                    .anyMatch(r -> "review.withdrawn".equals(JsonPath.from(r.body()).getString("type")))
                    && ids(receiver.accepted()).size() >= 9
                    && ids(receiver.requests).equals(ids(receiver.accepted())));
            List<WebhookReceiver.Received> accepted = receiver.accepted();
            accepted.forEach(WebhookDeliveryTest::assertSigned);
            List<String> reviewEvents = new ArrayList<>();
            String lastEventId = null;
            for (WebhookReceiver.Received r : accepted) {
                JsonPath json = JsonPath.from(r.body());
                assertEquals(json.getString("id"), r.header("Candor-Event-Id"));
                if (id.equals(json.getString("data.id"))) {
                    // delivery is at least once: an event may arrive again (same id) right after itself, never after a later one
                    if (!json.getString("id").equals(lastEventId)) {
                        reviewEvents.add(json.getString("type") + "@" + json.getString("data.version"));
                    }
                    lastEventId = json.getString("id");
                }
            }
            assertEquals(List.of("review.published@1", "review.updated@2", "review.updated@3", "review.updated@4", "review.withdrawn@null"),
                    reviewEvents);
            assertTrue(receiver.requests.size() > accepted.size(), "the first attempts were refused and retried");
            assertEquals(ids(receiver.requests), ids(accepted), "every event that was tried was eventually accepted, same ids");
            assertTrue(ids(accepted).size() >= 9, "5 review events and their summary.changed events");
            market.asMarketplace().get("/api/v1/webhook").then().statusCode(200).body("dead", equalTo(0));
        }
    }

    /** The sender resolves a receiver's name once and connects to that address, naming the host in the request. */
    @Test
    void theSenderConnectsToTheAddressItResolvedAndNamesTheHost() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(0, 0)) {
            io.quarkus.test.junit.QuarkusMock.installMockForType(new ReceiverResolver() {
                @Override
                public List<java.net.InetAddress> resolve(String host) throws java.net.UnknownHostException {
                    if (!host.equals("receiver.shop.example")) {
                        throw new java.net.UnknownHostException(host);
                    }
                    return List.of(java.net.InetAddress.getByName("127.0.0.1"));
                }
            }, ReceiverResolver.class);
            TestMarketplace market = TestMarketplace.create();
            String url = "http://receiver.shop.example:" + receiver.port() + "/hooks?shop=1";
            market.asMarketplace().body(Map.of("url", url, "secret", SECRET)).put("/api/v1/webhook").then().statusCode(200);
            market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
            market.review("b-1", "o-1", "sku-1", 4, "Bright and warm.");
            await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.accepted().isEmpty());
            WebhookReceiver.Received first = receiver.accepted().get(0);
            assertEquals("receiver.shop.example:" + receiver.port(), first.header("Host"));
            assertSigned(first);
        }
    }

    @Test
    void nothingIsLostWhileTheReceiverIsDown() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        int port;
        try (WebhookReceiver first = WebhookReceiver.start(0, 0)) {
            port = first.port();
            market.asMarketplace().body(Map.of("url", first.url(), "secret", SECRET)).put("/api/v1/webhook").then().statusCode(200);
            market.purchase("o-0", "b-0", "s-1", 1, "sku-1");
            market.review("b-0", "o-0", "sku-1", 5, "Before the outage");
            await().atMost(Duration.ofSeconds(20)).until(() -> first.accepted().size() >= 2);
        }
        List<String> written = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            market.purchase("o-" + i, "b-" + i, "s-1", 1, "sku-" + i);
            written.add(market.review("b-" + i, "o-" + i, "sku-" + i, 1 + i % 5, "During the outage " + i));
        }
        market.asMarketplace().get("/api/v1/webhook").then().body("pending", org.hamcrest.Matchers.greaterThan(0));
        // the receiver stays down until deliveries have failed and been rescheduled more than once
        await().atMost(Duration.ofSeconds(20)).until(() -> TestMarketplace.admin()
                .get("/api/v1/admin/tenants/" + market.slug + "/webhook/events?status=pending&limit=100")
                .jsonPath().getList("items.attempts", Integer.class).stream().anyMatch(a -> a >= 2));
        try (WebhookReceiver second = WebhookReceiver.start(port, 0)) {
            await().atMost(Duration.ofSeconds(40)).until(() -> {
                Set<String> published = new LinkedHashSet<>();
                second.accepted().forEach(r -> {
                    JsonPath json = JsonPath.from(r.body());
                    if ("review.published".equals(json.getString("type"))) {
                        published.add(json.getString("data.id"));
                    }
                });
                return published.containsAll(written);
            });
            assertFalse(second.accepted().isEmpty());
            market.asMarketplace().get("/api/v1/webhook").then().body("dead", equalTo(0));
        }
    }

    @Test
    void webhookSettingsAreValidatedAndOnlyForTheMarketplace() {
        TestMarketplace market = TestMarketplace.create();
        market.asMarketplace().body(Map.of("url", "ftp://example.invalid/x", "secret", SECRET)).put("/api/v1/webhook")
                .then().statusCode(422).body("errors.field", hasItem("url"));
        market.asMarketplace().body(Map.of("url", "https://user:pw@example.invalid/x", "secret", SECRET)).put("/api/v1/webhook")
                .then().statusCode(422);
        market.asMarketplace().body(Map.of("url", "https://example.invalid/x", "secret", "short")).put("/api/v1/webhook")
                .then().statusCode(422).body("errors.field", hasItem("secret"));
        market.asMarketplace().get("/api/v1/webhook").then().statusCode(404);
        market.asBuyer("b-1").body(Map.of("url", "https://example.invalid/x", "secret", SECRET)).put("/api/v1/webhook").then().statusCode(403);
        market.asMarketplace().body(Map.of("url", "https://example.invalid/x", "secret", SECRET)).put("/api/v1/webhook").then().statusCode(200);
        market.asMarketplace().delete("/api/v1/webhook").then().statusCode(204);
        market.asMarketplace().get("/api/v1/webhook").then().statusCode(404);
    }

    @Test
    void deadLettersAreVisibleToTheOperatorAndCanBeSentAgain() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        try (WebhookReceiver receiver = WebhookReceiver.start(0, 1000)) {
            market.asMarketplace().body(Map.of("url", receiver.url(), "secret", SECRET)).put("/api/v1/webhook").then().statusCode(200);
            market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
            market.review("b-1", "o-1", "sku-1", 4, "Will not arrive in time");
            // age the events past the retry period, as if the receiver had refused them for a day
            try (var c = io.quarkus.arc.Arc.container().instance(io.agroal.api.AgroalDataSource.class).get().getConnection();
                 var ps = c.prepareStatement("UPDATE outbox_event SET occurred_at = ((occurred_at AT TIME ZONE 'UTC') - interval '25 hours') AT TIME ZONE 'UTC' "
                         + "WHERE tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?)")) {
                ps.setString(1, market.slug);
                ps.executeUpdate();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> TestMarketplace.admin()
                    .get("/api/v1/admin/tenants/" + market.slug + "/webhook/events?status=dead").jsonPath().getList("items").size() >= 2);
            String dead = TestMarketplace.admin().get("/api/v1/admin/tenants/" + market.slug + "/webhook/events?status=dead")
                    .then().statusCode(200)
                    // the receiver answers 503; an attempt can also end at the transport (the client reusing a connection the
                    // receiver closed), so the last error is the receiver's status or the transport's failure, never empty
                    .body("items[0].lastError", org.hamcrest.Matchers.anyOf(equalTo("HTTP 503"), equalTo("IllegalStateException"),
                            org.hamcrest.Matchers.containsString("Exception")))
                    .extract().path("items[0].id");
            market.as("m-1", "moderator").get("/api/v1/admin/tenants/" + market.slug + "/webhook/events").then().statusCode(403);
            TestMarketplace.admin().post("/api/v1/admin/tenants/" + market.slug + "/webhook/events/" + dead + "/retry").then().statusCode(202);
            TestMarketplace.admin().get("/api/v1/admin/tenants/" + market.slug + "/webhook/events?status=pending")
                    .then().body("items.id", hasItem(dead));
        }
    }
}
