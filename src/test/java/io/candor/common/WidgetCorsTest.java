package io.candor.common;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** A storefront on another origin may call the widget's endpoints with a bearer token, never with credentials. */
@QuarkusTest
class WidgetCorsTest {

    static final String SHOP = "https://shop.example";

    @Test
    void preflightsOfTheWidgetsEndpointsAllowTheBearerTokenFromAnyOrigin() {
        for (String[] call : new String[][]{{"/api/v1/reviews", "POST"}, {"/api/v1/reviews/0190c2a4-0000-7000-8000-000000000000", "PATCH"},
                {"/api/v1/reviews/0190c2a4-0000-7000-8000-000000000000/vote", "PUT"}, {"/api/v1/me/reviews", "GET"},
                {"/api/v1/me/reviews/0190c2a4-0000-7000-8000-000000000000", "GET"}, {"/api/v1/reports", "POST"}}) {
            RestAssured.given().header("Origin", SHOP).header("Access-Control-Request-Method", call[1])
                    .header("Access-Control-Request-Headers", "authorization,content-type,if-match,idempotency-key")
                    .options(call[0])
                    .then().statusCode(204)
                    .header("Access-Control-Allow-Origin", equalTo("*"))
                    .header("Access-Control-Allow-Methods", containsString(call[1]))
                    .header("Access-Control-Allow-Headers", containsString("Authorization"))
                    .header("Access-Control-Allow-Headers", containsString("If-Match"))
                    .header("Access-Control-Allow-Headers", containsString("Idempotency-Key"))
                    .header("Access-Control-Allow-Credentials", nullValue());
        }
    }

    @Test
    void otherEndpointsGetNoCorsAnswer() {
        RestAssured.given().header("Origin", SHOP).header("Access-Control-Request-Method", "POST").options("/api/v1/admin/tenants")
                .then().header("Access-Control-Allow-Origin", nullValue());
        RestAssured.given().header("Origin", SHOP).header("Access-Control-Request-Method", "PUT").options("/api/v1/reviews/x/response")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void answersAndRefusalsAreReadableByTheStorefront() {
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        RestAssured.given().header("Origin", SHOP).header("Authorization", "Bearer " + market.token("b-1", "buyer"))
                .contentType("application/json").body(Map.of("transaction", "o-1", "subject", Map.of("type", "product", "ref", "sku-1"),
                        "rating", 5, "body", "Great"))
                .post("/api/v1/reviews")
                .then().statusCode(201)
                .header("Access-Control-Allow-Origin", equalTo("*"))
                .header("Access-Control-Expose-Headers", containsString("ETag"))
                .header("Access-Control-Allow-Credentials", nullValue());
        RestAssured.given().header("Origin", SHOP).contentType("application/json").body(Map.of("helpful", true))
                .put("/api/v1/reviews/0190c2a4-0000-7000-8000-000000000000/vote")
                .then().statusCode(401).header("Access-Control-Allow-Origin", equalTo("*"));
    }

    @Test
    void theWidgetScriptLoadsAsAModuleFromAnyOrigin() {
        RestAssured.given().header("Origin", SHOP).get("/widget/candor.js")
                .then().statusCode(200)
                .contentType(containsString("javascript"))
                .header("Access-Control-Allow-Origin", equalTo("*"))
                .body(containsString("customElements.define('candor-reviews'"));
    }
}
