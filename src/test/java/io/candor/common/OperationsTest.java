package io.candor.common;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class OperationsTest {

    static final List<String> CONTRACT_PATHS = List.of(
            "/api/v1/admin/tenants", "/api/v1/admin/tenants/{slug}", "/api/v1/admin/tenants/{slug}/api-keys",
            "/api/v1/admin/tenants/{slug}/api-keys/{prefix}", "/api/v1/transactions",
            "/api/v1/public/{tenant}/subjects/{type}/{ref}/summary", "/api/v1/public/{tenant}/summaries",
            "/api/v1/public/{tenant}/subjects/{type}/{ref}/reviews", "/api/v1/public/{tenant}/reviews/{id}",
            "/api/v1/public/{tenant}/policy", "/api/v1/reviews", "/api/v1/reviews/{id}", "/api/v1/reviews/{id}/vote",
            "/api/v1/reviews/{id}/response", "/api/v1/me/reviews", "/api/v1/me/reviews/{id}", "/api/v1/seller/reviews",
            "/api/v1/seller/summary");

    @Test
    void healthAndReadiness() {
        RestAssured.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        RestAssured.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Database connections health check"));
    }

    @Test
    void metricsHaveRequestTimingsPerEndpoint() {
        TestMarketplace market = TestMarketplace.create();
        RestAssured.given().get(market.publicPath("/subjects/product/p-1/summary")).then().statusCode(200);
        RestAssured.given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("uri=\"/api/v1/public/{tenant}/subjects/{type}/{ref}/summary\""));
    }

    @Test
    void metricsHaveLatencyBucketsAndPoolGaugesToAlertOn() {
        TestMarketplace market = TestMarketplace.create();
        RestAssured.given().get(market.publicPath("/subjects/product/p-1/summary")).then().statusCode(200);
        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();

        String summaryRoute = "uri=\"/api/v1/public/{tenant}/subjects/{type}/{ref}/summary\"";
        List<String> buckets = metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_bucket{") && l.contains(summaryRoute)).toList();
        org.junit.jupiter.api.Assertions.assertTrue(buckets.stream().anyMatch(l -> l.contains("le=\"0.1\"")), String.join("\n", buckets));
        org.junit.jupiter.api.Assertions.assertTrue(buckets.size() <= 12, "a handful of buckets per series, not Micrometer's 70: " + buckets.size());
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("agroal_awaiting_count{datasource=\"default\""), "pool gauges");
    }

    @Test
    void openApiDocumentsTheContract() {
        Map<String, Object> paths = RestAssured.given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().path("paths");
        for (String path : CONTRACT_PATHS) {
            org.junit.jupiter.api.Assertions.assertTrue(paths.containsKey(path), "OpenAPI has " + path);
        }
        RestAssured.given().get("/q/openapi?format=json").then().body("components.securitySchemes.bearer", notNullValue());
        RestAssured.given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
