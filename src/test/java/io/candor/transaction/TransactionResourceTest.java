package io.candor.transaction;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
class TransactionResourceTest {

    static Map<String, Object> purchase(String ref, String buyer, Object products) {
        return Map.of("ref", ref, "buyer", buyer, "seller", "s-1", "completedAt", "2026-11-01T10:00:00Z", "products", products);
    }

    @Test
    void registersOnceAndRepeatsAreIdempotent() {
        TestMarketplace market = TestMarketplace.create();
        market.asMarketplace().body(purchase("ord-1", "b-1", List.of("sku-2", "sku-1"))).post("/api/v1/transactions")
                .then().statusCode(201)
                .body("ref", equalTo("ord-1"))
                .body("products", equalTo(List.of("sku-1", "sku-2")))
                .body("reviewableUntil", equalTo("2027-01-30T10:00:00Z"))
                .body(not(containsString("\"b-1\""))); // quoted: a UUID may hold b-1
        market.asMarketplace().body(purchase("ord-1", "b-1", List.of("sku-1", "sku-2"))).post("/api/v1/transactions")
                .then().statusCode(200);
        market.asMarketplace().body(purchase("ord-1", "b-2", List.of("sku-1", "sku-2"))).post("/api/v1/transactions")
                .then().statusCode(409).body("type", equalTo("/problems/conflict"));
    }

    @Test
    void refusesContactDataAsPartyRefsAndImpossibleTransactions() {
        TestMarketplace market = TestMarketplace.create();
        market.asMarketplace().body(purchase("ord-2", "someone@example.invalid", List.of())).post("/api/v1/transactions")
                .then().statusCode(422).body("errors.field", hasItem("buyer"));
        market.asMarketplace().body(purchase("ord-3", "+4915100000000", List.of())).post("/api/v1/transactions")
                .then().statusCode(422).body("errors.field", hasItem("buyer"));
        market.asMarketplace().body(Map.of("ref", "ord-4", "buyer", "s-1", "seller", "s-1", "completedAt", "2026-11-01T10:00:00Z"))
                .post("/api/v1/transactions").then().statusCode(422).body("errors.field", hasItem("seller"));
        market.asMarketplace().body(Map.of("ref", "ord-5", "buyer", "b-1", "seller", "s-1", "completedAt", Instant.now().plusSeconds(86_400).toString()))
                .post("/api/v1/transactions").then().statusCode(422).body("errors.field", hasItem("completedAt"));
        market.asMarketplace().body(purchase("ord 6", "b-1", List.of("bad ref"))).post("/api/v1/transactions")
                .then().statusCode(422).body("errors.field", hasItem("ref")).body("errors.field", hasItem("products[0]"));
        market.asMarketplace().body(Map.of("ref", "ord-7", "buyer", "b-1", "seller", "s-1", "completedAt", "yesterday"))
                .post("/api/v1/transactions").then().statusCode(422).body("errors.field", hasItem("completedAt"));
        market.asMarketplace().body(Map.of("ref", "ord-8", "buyer", "b-1", "seller", "s-1")).post("/api/v1/transactions")
                .then().statusCode(422).body("errors.field", hasItem("completedAt"));
    }

    @Test
    void onlyTheMarketplaceRegistersTransactions() {
        TestMarketplace market = TestMarketplace.create();
        RestAssured.given().contentType("application/json").body(purchase("ord-9", "b-1", List.of())).post("/api/v1/transactions").then().statusCode(401);
        market.asBuyer("b-1").body(purchase("ord-9", "b-1", List.of())).post("/api/v1/transactions").then().statusCode(403);
        TestMarketplace.admin().body(purchase("ord-9", "b-1", List.of())).post("/api/v1/transactions").then().statusCode(403);
    }
}
