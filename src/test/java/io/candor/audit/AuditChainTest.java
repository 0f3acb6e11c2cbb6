package io.candor.audit;

import io.agroal.api.AgroalDataSource;
import io.candor.testing.Db;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit log: append-only in the database itself, hash-chained, and verifiable by moderators. */
@QuarkusTest
class AuditChainTest {

    @Inject
    AgroalDataSource db;

    /** A marketplace where a review was written, reported, removed and appealed. */
    static TestMarketplace withHistory() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String review = market.review("b-1", "o-1", "sku-1", 1, "Never arrived, no refund either.");
        market.report("b-2", review, "spam");
        String decision = market.decide("m-1", (String) market.openCase("review", review).get("id"), "remove", "spam", "Advert.");
        market.asBuyer("b-1").body(Map.of("decision", decision, "grounds", "It is my experience.")).post("/api/v1/appeals").then().statusCode(201);
        return market;
    }

    long tenantId(TestMarketplace market) {
        return Db.count(db, "SELECT tenant_id FROM tenant WHERE slug = ?", market.slug);
    }

    @Test
    void everyChangeIsLoggedChainedAndFreeOfPartyRefs() {
        TestMarketplace market = withHistory();
        List<Map<String, Object>> entries = new ArrayList<>();
        String cursor = null;
        do {
            Response page = market.asModerator("m-1").queryParam("limit", 5).queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/api/v1/moderation/audit");
            page.then().statusCode(200);
            assertFalse(page.asString().matches("(?s).*\"(b-1|b-2|s-1|m-1)\".*"), "entries name parties by handle only");
            entries.addAll(page.jsonPath().getList("items"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        long stored = Db.count(db, "SELECT count(*) FROM audit_entry WHERE tenant_id = ?", tenantId(market));
        assertEquals(stored, entries.size());
        List<String> actions = entries.stream().map(e -> (String) e.get("action")).toList();
        for (String action : List.of("transaction.registered", "review.created", "case.opened", "report.filed", "decision.made", "review.removed",
                "case.closed", "appeal.filed")) {
            assertTrue(actions.contains(action), "logged: " + action + " in " + actions);
        }
        for (int i = 0; i < entries.size() - 1; i++) {
            assertEquals(((Number) entries.get(i).get("seq")).longValue(), ((Number) entries.get(i + 1).get("seq")).longValue() + 1, "newest first, no gaps");
            assertEquals(entries.get(i + 1).get("hash"), entries.get(i).get("prevHash"), "each entry links to the one before");
        }
        assertEquals("0".repeat(64), entries.get(entries.size() - 1).get("prevHash"));
        market.asModerator("m-1").get("/api/v1/moderation/audit/verify").then().statusCode(200)
                .body("valid", equalTo(true)).body("entries", equalTo((int) stored)).body("firstBrokenSeq", nullValue());
        market.asBuyer("b-1").get("/api/v1/moderation/audit").then().statusCode(403);
    }

    @Test
    void theDatabaseRefusesToChangeOrDeleteAnEntry() {
        TestMarketplace market = withHistory();
        long tenant = tenantId(market);
        SQLException update = assertThrows(SQLException.class,
                () -> Db.execute(db, "UPDATE audit_entry SET data = '{}' WHERE tenant_id = " + tenant + " AND seq = 1"));
        assertTrue(update.getMessage().contains("append-only"), update.getMessage());
        assertThrows(SQLException.class, () -> Db.execute(db, "DELETE FROM audit_entry WHERE tenant_id = " + tenant));
        assertThrows(SQLException.class, () -> Db.execute(db, "TRUNCATE audit_entry"));
        market.asModerator("m-1").get("/api/v1/moderation/audit/verify").then().body("valid", equalTo(true));
    }

    @Test
    void verificationFindsTheFirstEntryThatWasTamperedWith() throws SQLException {
        TestMarketplace market = withHistory();
        TestMarketplace bystander = withHistory();
        long tenant = tenantId(market);
        // an insider with superuser rights switches the guard off, edits an entry and switches it on again
        Db.execute(db, "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update",
                "UPDATE audit_entry SET data = replace(data, 'spam', 'other') WHERE tenant_id = " + tenant + " AND action = 'decision.made'",
                "ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update");
        long edited = Db.count(db, "SELECT seq FROM audit_entry WHERE tenant_id = ? AND action = 'decision.made'", tenant);
        market.asModerator("m-1").get("/api/v1/moderation/audit/verify").then().statusCode(200)
                .body("valid", equalTo(false))
                .body("firstBrokenSeq", equalTo((int) edited))
                .body("problem", containsString("changed"));
        bystander.asModerator("m-1").get("/api/v1/moderation/audit/verify").then().body("valid", equalTo(true));

        // removing an entry instead breaks the chain at the gap
        TestMarketplace other = withHistory();
        long otherTenant = tenantId(other);
        Db.execute(db, "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update",
                "DELETE FROM audit_entry WHERE tenant_id = " + otherTenant + " AND seq = 2",
                "ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update");
        other.asModerator("m-1").get("/api/v1/moderation/audit/verify").then()
                .body("valid", equalTo(false)).body("firstBrokenSeq", equalTo(2)).body("problem", containsString("missing"));
    }
}
