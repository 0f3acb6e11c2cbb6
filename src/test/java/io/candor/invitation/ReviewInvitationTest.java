package io.candor.invitation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Review invitations (issue #14): every line of every completed transaction is invited once, with at most one
 * reminder, except lines already reviewed, buyers who opted out and closed review windows; nothing selects whom to
 * invite. The link's token opens the line and nothing else.
 */
@QuarkusTest
class ReviewInvitationTest {

    @Inject
    InvitationJob job;

    @Inject
    InvitationLinks links;

    @Inject
    AgroalDataSource db;

    final ObjectMapper json = new ObjectMapper();

    static final Map<String, Object> POLICY = Map.of("invitationDelayDays", 3, "invitationReminderDays", 2,
            "invitationLink", "https://shop.example/review");

    @Test
    void everyEligibleLineIsInvitedOnceAndRemindedAtMostOnce() throws Exception {
        TestMarketplace market = TestMarketplace.create(POLICY);
        market.purchase("o-1", "b-1", "s-1", 4, "sku-1", "sku-2");   // due a day ago: two lines
        market.purchase("o-2", "b-2", "s-1", 5);                      // no products: the seller is the line
        market.purchase("o-3", "b-3", "s-1", 1, "sku-3");             // due in two days
        market.purchase("o-4", "b-4", "s-1", 100, "sku-4");           // the review window (90 days) has closed
        market.purchase("o-5", "b-5", "s-1", 4, "sku-5");             // the buyer opted out through the marketplace
        market.purchase("o-6", "b-6", "s-1", 4, "sku-6");             // already reviewed, one star: not invited, and not for that
        market.purchase("o-7", "b-7", "s-2", 4, "sku-7");             // another seller's sale: invited all the same
        market.asMarketplace().put("/api/v1/invitation-opt-outs/b-5").then().statusCode(204);
        market.review("b-6", "o-6", "sku-6", 1, "Broke on the first day.");

        job.sendDue();
        Map<String, JsonNode> sent = invitations(market.slug);
        assertEquals(List.of("o-1|product:sku-1", "o-1|product:sku-2", "o-2|seller:s-1", "o-7|product:sku-7"), List.copyOf(sent.keySet()),
                "exactly the eligible lines");
        JsonNode first = sent.get("o-1|product:sku-2").path("data");
        assertEquals("invitation", first.path("kind").asText());
        assertEquals("o-1", first.path("transaction").asText());
        assertEquals("product", first.path("subject").path("type").asText());
        String token = first.path("token").asText();
        assertEquals("https://shop.example/review?candor_invitation=" + token, first.path("link").asText());
        assertTrue(Instant.parse(first.path("expiresAt").asText()).isAfter(Instant.now()));
        assertTrue(!first.toString().contains("b-1"), "the marketplace knows its buyer by the transaction; no party ref is sent");

        // the link opens its line, in its marketplace only; a changed token opens nothing
        market.anonymous().get(market.publicPath("/invitations/" + token)).then().statusCode(200)
                .body("transaction", equalTo("o-1")).body("subject.type", equalTo("product")).body("subject.ref", equalTo("sku-2"));
        TestMarketplace other = TestMarketplace.create();
        other.anonymous().get(other.publicPath("/invitations/" + token)).then().statusCode(404).contentType("application/problem+json");
        String forged = token.substring(0, token.indexOf('.')) + "." + "A".repeat(43);
        market.anonymous().get(market.publicPath("/invitations/" + forged)).then().statusCode(404);
        market.anonymous().get(market.publicPath("/invitations/" + URLEncoder.encode("not a token", StandardCharsets.UTF_8))).then().statusCode(404);
        String expired = links.token(new InvitationLinks.Line(tenantId(market.slug), "o-1", "product", "sku-2", Instant.now().minusSeconds(60)));
        market.anonymous().get(market.publicPath("/invitations/" + expired)).then().statusCode(422).body("type", equalTo("/problems/window-closed"));

        job.sendDue();
        assertEquals(4, invitations(market.slug).size(), "each is sent once");
        assertEquals(Map.of("o-4|product:sku-4", "expired", "o-5|product:sku-5", "opted_out", "o-6|product:sku-6", "reviewed",
                "o-3|product:sku-3", "pending"), closedOrPending(market.slug));

        // a buyer who reviews is not reminded; the others are, once
        market.review("b-1", "o-1", "sku-1", 5, "Lovely.");
        sql("UPDATE review_invitation SET reminder_due_at = now() - interval '1 minute' WHERE reminder_due_at IS NOT NULL "
                + "AND tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?)", market.slug);
        job.sendDue();
        job.sendDue();
        List<String> reminders = new ArrayList<>();
        invitationEvents(market.slug).forEach(e -> {
            if ("reminder".equals(e.path("data").path("kind").asText())) {
                reminders.add(e.path("data").path("transaction").asText() + "|" + e.path("data").path("subject").path("ref").asText());
            }
        });
        assertEquals(List.of("o-1|sku-2", "o-2|s-1", "o-7|sku-7"), reminders.stream().sorted().toList());

        // the seller sees how many invitations went out for their sales and how many became reviews
        market.asSeller("s-1").get("/api/v1/seller/invitations").then().statusCode(200)
                .body("sent", equalTo(3)).body("reviewed", equalTo(1)).body("share", equalTo(0.333f));
        market.asSeller("s-9").get("/api/v1/seller/invitations").then().statusCode(200).body("sent", equalTo(0));

        // a buyer opts out themselves: their invitation, once due, is not sent
        market.asBuyer("b-3").body(Map.of("optedOut", true)).put("/api/v1/me/invitations").then().statusCode(200).body("optedOut", equalTo(true));
        market.asBuyer("b-3").get("/api/v1/me/invitations").then().statusCode(200).body("optedOut", equalTo(true));
        sql("UPDATE review_invitation SET due_at = now() - interval '1 minute' WHERE status = 'pending' "
                + "AND tenant_id = (SELECT tenant_id FROM tenant WHERE slug = ?)", market.slug);
        job.sendDue();
        assertEquals("opted_out", closedOrPending(market.slug).get("o-3|product:sku-3"));
        assertEquals(7, invitationEvents(market.slug).size(), "four invitations and three reminders, nothing more");
    }

    @Test
    void invitationsAreOffUntilTheMarketplaceSwitchesThemOnAndBadSettingsAreRefused() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 10, "sku-1");
        job.sendDue();
        assertEquals(0, invitations(market.slug).size(), "the default policy sends none");

        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("invitationDelayDays", -1), Map.of("invitationReminderDays", 61),
                Map.of("invitationLink", "http://shop.example/review"), Map.of("invitationLink", "https://shop.example/review?x=1"),
                Map.of("invitationLink", "javascript:alert(1)"))) {
            TestMarketplace.admin().body(Map.of("policy", bad)).patch("/api/v1/admin/tenants/" + market.slug)
                    .then().statusCode(422).body("errors.field", hasItem("policy." + bad.keySet().iterator().next()));
        }
        market.asMarketplace().put("/api/v1/invitation-opt-outs/" + URLEncoder.encode("no spaces", StandardCharsets.UTF_8))
                .then().statusCode(422).body("errors.field", hasItem("buyer"));
        market.asMarketplace().delete("/api/v1/invitation-opt-outs/b-never-seen").then().statusCode(204);
        market.asBuyer("b-1").body(Map.of()).put("/api/v1/me/invitations").then().statusCode(422).body("errors.field", hasItem("optedOut"));
    }

    @Test
    void erasingABuyerTakesTheirInvitationsAndOptOut() throws Exception {
        TestMarketplace market = TestMarketplace.create(POLICY);
        market.purchase("o-1", "b-1", "s-1", 4, "sku-1");
        market.asBuyer("b-1").body(Map.of("optedOut", true)).put("/api/v1/me/invitations").then().statusCode(200);
        assertEquals(1, count("SELECT count(*) FROM review_invitation i JOIN tenant t ON t.tenant_id = i.tenant_id WHERE t.slug = ?", market.slug));
        market.asBuyer("b-1").delete("/api/v1/me").then().statusCode(202);
        assertEquals(0, count("SELECT count(*) FROM review_invitation i JOIN tenant t ON t.tenant_id = i.tenant_id WHERE t.slug = ?", market.slug));
        assertEquals(0, count("SELECT count(*) FROM invitation_opt_out o JOIN tenant t ON t.tenant_id = o.tenant_id WHERE t.slug = ?", market.slug));
    }

    /** The first invitation event of each line, by target. */
    Map<String, JsonNode> invitations(String slug) throws Exception {
        Map<String, JsonNode> byTarget = new TreeMap<>();
        for (JsonNode e : invitationEvents(slug)) {
            if ("invitation".equals(e.path("data").path("kind").asText())) {
                JsonNode d = e.path("data");
                byTarget.put(d.path("transaction").asText() + "|" + d.path("subject").path("type").asText() + ":" + d.path("subject").path("ref").asText(), e);
            }
        }
        return byTarget;
    }

    List<JsonNode> invitationEvents(String slug) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT e.payload FROM outbox_event e "
                + "JOIN tenant t ON t.tenant_id = e.tenant_id WHERE t.slug = ? AND e.type = 'review.invitation' ORDER BY e.occurred_at, e.event_id")) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(json.readTree(rs.getString(1)));
                }
            }
        }
        return events;
    }

    Map<String, String> closedOrPending(String slug) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT ct.ref || '|' || i.subject_type || ':' || i.subject_ref, "
                + "i.status FROM review_invitation i JOIN tenant t ON t.tenant_id = i.tenant_id JOIN completed_transaction ct "
                + "ON ct.tenant_id = i.tenant_id AND ct.transaction_id = i.transaction_id WHERE t.slug = ? AND i.status NOT IN ('invited', 'reminded')")) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    long tenantId(String slug) throws Exception {
        return count("SELECT tenant_id FROM tenant WHERE slug = ?", slug);
    }

    long count(String query, String slug) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(query)) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void sql(String statement, String slug) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setString(1, slug);
            ps.executeUpdate();
        }
    }
}
