package io.candor.review;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class SellerAndMeTest {

    @Test
    void theSellerSeesReviewsOfTheShopAndItsProductsWithFilters() {
        TestMarketplace market = TestMarketplace.create(Map.of("mutualRevealDays", 0));
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1", "sku-2");
        market.purchase("o-2", "b-2", "s-1", 1, "sku-2");
        market.purchase("o-3", "b-3", "s-2", 1, "sku-1");
        String r1 = market.review("b-1", "o-1", "sku-1", 5, "Great");
        String r2 = market.review("b-1", "o-1", "sku-2", 2, "Meh");
        String r3 = market.review("b-2", "o-2", "sku-2", 1, "Bad");
        String otherSellers = market.review("b-3", "o-3", "sku-1", 4, "Other shop sold it");
        String shop = market.asBuyer("b-1").body(Map.of("transaction", "o-1", "subject", Map.of("type", "seller", "ref", "s-1"), "rating", 4,
                "body", "Fast", "aspects", Map.of("delivery", 5))).post("/api/v1/reviews").then().statusCode(201).extract().path("id");
        market.asSeller("s-1").body(Map.of("body", "Thank you!")).put("/api/v1/reviews/" + r1 + "/response").then().statusCode(200);

        Response inbox = market.asSeller("s-1").get("/api/v1/seller/reviews");
        inbox.then().statusCode(200).body("items", hasSize(4)).body("items[0].id", equalTo(shop)).body("items[0].status", equalTo("published"));
        assertEquals(List.of(shop, r3, r2, r1), inbox.jsonPath().getList("items.id"));
        market.asSeller("s-1").get("/api/v1/seller/reviews?answered=false").then().body("items.id", equalTo(List.of(shop, r3, r2)));
        market.asSeller("s-1").get("/api/v1/seller/reviews?answered=true").then().body("items.id", equalTo(List.of(r1)));
        market.asSeller("s-1").get("/api/v1/seller/reviews?rating=1,2").then().body("items.id", equalTo(List.of(r3, r2)));
        market.asSeller("s-1").get("/api/v1/seller/reviews?product=sku-2").then().body("items.id", equalTo(List.of(r3, r2)));
        market.asSeller("s-1").get("/api/v1/seller/reviews?limit=3").then().body("items", hasSize(3)).body("nextCursor", notNullValue());
        market.asSeller("s-1").get("/api/v1/seller/reviews?status=held").then().statusCode(422);
        market.asSeller("s-1").get("/api/v1/seller/reviews?answered=maybe").then().statusCode(422);
        market.asSeller("s-2").get("/api/v1/seller/reviews").then().body("items.id", equalTo(List.of(otherSellers)));

        market.asSeller("s-1").get("/api/v1/seller/summary").then().statusCode(200)
                .body("seller.count", equalTo(1))
                .body("seller.aspects.delivery", equalTo(5.0f))
                .body("products", hasSize(2))
                .body("products.subject.ref", equalTo(List.of("sku-1", "sku-2")))
                .body("products.count", equalTo(List.of(2, 2)))
                .body("trend", hasSize(12))
                .body("trend[11].count", equalTo(4))
                .body("unanswered", equalTo(3));
        market.asSeller("s-unknown").get("/api/v1/seller/summary").then().statusCode(200).body("seller.count", equalTo(0));
    }

    @Test
    void meListsMyReviewsInEveryStatusNewestFirst() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1", "sku-2", "sku-3");
        String first = market.review("b-1", "o-1", "sku-1", 5, "One");
        String second = market.review("b-1", "o-1", "sku-2", 4, "Two");
        String third = market.review("b-1", "o-1", "sku-3", 3, "Three");
        market.asBuyer("b-1").delete("/api/v1/reviews/" + second).then().statusCode(204);
        Response page = market.asBuyer("b-1").get("/api/v1/me/reviews?limit=2");
        page.then().statusCode(200).body("items.id", equalTo(List.of(third, second))).body("items.status", hasItem("withdrawn"));
        market.asBuyer("b-1").get("/api/v1/me/reviews?limit=2&cursor=" + page.path("nextCursor"))
                .then().body("items.id", equalTo(List.of(first))).body("nextCursor", equalTo(null));
        market.asBuyer("b-2").get("/api/v1/me/reviews").then().body("items", hasSize(0));
        market.asBuyer("b-2").get("/api/v1/me/reviews/" + first).then().statusCode(404);
    }
}
