package io.candor.webhook;

import io.candor.testing.Db;
import io.candor.testing.TestMarketplace;
import io.candor.testing.WebhookReceiver;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Receivers as production sees them (local receivers not allowed): every way of naming an address inside the
 * network is refused at registration, and a name that resolves publicly at registration but privately later
 * (DNS rebinding) is refused at delivery, where nothing reaches the private address.
 */
@QuarkusTest
@TestProfile(WebhookReceiverAddressTest.PublicReceiversOnly.class)
class WebhookReceiverAddressTest {

    public static class PublicReceiversOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("candor.webhook.allow-local-receivers", "false", "candor.webhook.initial-backoff", "1s",
                    "candor.webhook.max-backoff", "2s");
        }
    }

    @Inject
    DataSource db;

    /** A name server that answers what the test says, and counts the questions. */
    static final class ScriptedResolver extends ReceiverResolver {
        final AtomicInteger asked = new AtomicInteger();
        final List<String> answers;

        ScriptedResolver(String... answers) {
            this.answers = List.of(answers);
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            int n = asked.getAndIncrement();
            String answer = answers.get(Math.min(n, answers.size() - 1));
            if (answer.isEmpty()) {
                throw new UnknownHostException(host);
            }
            List<InetAddress> addresses = new java.util.ArrayList<>();
            for (String a : answer.split(",")) {
                addresses.add(InetAddress.getByName(a));
            }
            return addresses;
        }
    }

    @Test
    void everyWayOfNamingAnInsideAddressIsRefusedAtRegistration() {
        QuarkusMock.installMockForType(new ScriptedResolver("10.0.0.5"), ReceiverResolver.class);
        TestMarketplace market = TestMarketplace.create();
        for (String url : List.of("https://127.0.0.1/h", "https://2130706433/h", "https://0x7f000001/h", "https://0177.0.0.1/h",
                "https://127.1/h", "https://localhost/h", "https://localhost./h", "https://LOCALHOST/h", "https://[::1]/h",
                "https://[::ffff:127.0.0.1]/h", "https://[::ffff:a9fe:a9fe]/h", "https://[64:ff9b::a9fe:a9fe]/h",
                "https://[2002:7f00:1::1]/h", "https://[fe80::1%25eth0]/h", "https://[fd00::1]/h", "https://169.254.169.254/latest/meta-data",
                "https://metadata.google.internal/computeMetadata/v1", "https://100.64.0.1/h", "https://192.168.0.1/h",
                "https://172.16.0.1/h", "https://0.0.0.0/h", "https://198.18.0.1/h", "https://intranet/h",
                "https://hooks.shop.example/h" /* resolves to 10.0.0.5 here */, "http://93.184.215.14/h", "https://user:pw@93.184.215.14/h",
                "https://93.184.215.14:0/h", "ftp://93.184.215.14/h")) {
            market.asMarketplace().body(Map.of("url", url, "secret", "a-webhook-secret-for-tests")).put("/api/v1/webhook")
                    .then().statusCode(422).contentType("application/problem+json");
        }
        assertEquals(0L, Db.count(db, "SELECT count(*) FROM webhook_endpoint WHERE tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?)",
                market.slug), "nothing was registered");
    }

    @Test
    void aNameMixingPublicAndPrivateAddressesOrNotResolvingIsRefused() {
        TestMarketplace market = TestMarketplace.create();
        QuarkusMock.installMockForType(new ScriptedResolver("93.184.215.14,127.0.0.1"), ReceiverResolver.class);
        market.asMarketplace().body(Map.of("url", "https://hooks.shop.example/h", "secret", "a-webhook-secret-for-tests")).put("/api/v1/webhook")
                .then().statusCode(422);
        QuarkusMock.installMockForType(new ScriptedResolver(""), ReceiverResolver.class);
        market.asMarketplace().body(Map.of("url", "https://hooks.shop.example/h", "secret", "a-webhook-secret-for-tests")).put("/api/v1/webhook")
                .then().statusCode(422);
        QuarkusMock.installMockForType(new ScriptedResolver("93.184.215.14", "2606:4700::1111"), ReceiverResolver.class);
        market.asMarketplace().body(Map.of("url", "https://hooks.shop.example/h", "secret", "a-webhook-secret-for-tests")).put("/api/v1/webhook")
                .then().statusCode(200);
    }

    @Test
    void aNameThatRebindsToAnInsideAddressAfterRegistrationGetsNothing() throws Exception {
        try (WebhookReceiver inside = WebhookReceiver.start(0, 0)) {
            // Public when the marketplace registers it, 127.0.0.1 (where a receiver listens) at every delivery.
            ScriptedResolver rebinding = new ScriptedResolver("93.184.215.14", "127.0.0.1");
            QuarkusMock.installMockForType(rebinding, ReceiverResolver.class);
            TestMarketplace market = TestMarketplace.create();
            market.asMarketplace().body(Map.of("url", "http://rebind.shop.example:" + inside.port() + "/hooks", "secret", "a-webhook-secret-for-tests"))
                    .put("/api/v1/webhook").then().statusCode(422); // plain http is refused too
            market.asMarketplace().body(Map.of("url", "https://rebind.shop.example:" + inside.port() + "/hooks", "secret", "a-webhook-secret-for-tests"))
                    .put("/api/v1/webhook").then().statusCode(200);
            market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
            market.review("b-1", "o-1", "sku-1", 4, "Bright and warm.");
            await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(db, "SELECT count(*) FROM outbox_event e JOIN tenant t USING (tenant_id) "
                    + "WHERE t.slug = ? AND e.attempts >= 2 AND e.last_error LIKE '%private%'", market.slug) > 0);
            assertTrue(rebinding.asked.get() >= 3, "resolved at registration and at each delivery");
            assertEquals(0, inside.requests.size(), "nothing reached the inside address");
        }
    }
}
