package io.candor.common;

import com.fasterxml.jackson.databind.JsonNode;
import io.candor.testing.Management;
import io.candor.testing.OpenApiDocument;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("Database connections health check"));
    }

    @Test
    void metricsHaveRequestTimingsPerEndpoint() {
        TestMarketplace market = TestMarketplace.create();
        RestAssured.given().get(market.publicPath("/subjects/product/p-1/summary")).then().statusCode(200);
        Management.given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("uri=\"/api/v1/public/{tenant}/subjects/{type}/{ref}/summary\""));
    }

    /**
     * Authentication is lazy: a refused credential is answered by the API's problem mappers and counted under the
     * endpoint it was sent to, and no request carries the HTTP layer's failure handler past the filters (whose
     * presence made the REST layer work out every request's URI template from scratch; see HttpEdge).
     */
    @Test
    void aRefusedCredentialIsAProblemCountedUnderItsEndpoint() {
        TestMarketplace market = TestMarketplace.create();
        String probe = java.util.UUID.randomUUID().toString();
        RestAssured.given().header(AuthFailureHandlerProbe.HEADER, probe).header("Authorization", "Bearer cnd_nope.nope")
                .get("/api/v1/seller/reviews").then().statusCode(401).contentType("application/problem+json")
                .body("type", containsString("/problems/"));
        RestAssured.given().header("Authorization", "Bearer not-a-jwt").get("/api/v1/seller/summary").then().statusCode(401)
                .contentType("application/problem+json");
        RestAssured.given().get("/api/v1/seller/summary").then().statusCode(401).contentType("application/problem+json");
        // a bad credential on a public read is ignored, as before
        RestAssured.given().header(AuthFailureHandlerProbe.HEADER, probe + "-public").header("Authorization", "Bearer cnd_nope.nope")
                .get(market.publicPath("/subjects/product/p-1/summary")).then().statusCode(200);
        assertEquals("none", AuthFailureHandlerProbe.SEEN.get(probe));
        assertEquals("none", AuthFailureHandlerProbe.SEEN.get(probe + "-public"));
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("http_server_requests_seconds_count{") && l.contains("status=\"401\"")
                && l.contains("uri=\"/api/v1/seller/reviews\"")), "the 401 is counted under its endpoint");
    }

    @Test
    void metricsHaveLatencyBucketsAndPoolGaugesToAlertOn() {
        TestMarketplace market = TestMarketplace.create();
        RestAssured.given().get(market.publicPath("/subjects/product/p-1/summary")).then().statusCode(200);
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();

        String summaryRoute = "uri=\"/api/v1/public/{tenant}/subjects/{type}/{ref}/summary\"";
        List<String> buckets = metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_bucket{") && l.contains(summaryRoute)).toList();
        org.junit.jupiter.api.Assertions.assertTrue(buckets.stream().anyMatch(l -> l.contains("le=\"0.1\"")), String.join("\n", buckets));
        // one series per status and outcome (other tests' 304s and 404s on this route count separately)
        Map<String, Long> perSeries = buckets.stream().collect(java.util.stream.Collectors.groupingBy(
                l -> l.substring(0, l.indexOf('}')).replaceAll("le=\"[^\"]*\",?", ""), java.util.stream.Collectors.counting()));
        org.junit.jupiter.api.Assertions.assertTrue(perSeries.values().stream().allMatch(n -> n <= 12),
                "a handful of buckets per series, not Micrometer's 70: " + perSeries.values());
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

    /** What every operation of the document must say; AuthorizationMatrixTest checks that the service answers accordingly. */
    @Test
    void theOpenApiDocumentStatesEveryOperationsAnswers() {
        JsonNode document = OpenApiDocument.parse(RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        List<String> problems = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            String name = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            JsonNode op = operation.getValue();
            if (!path.getKey().startsWith("/api/")) {
                problems.add(name + ": a page, not API");
                return;
            }
            JsonNode responses = op.path("responses");
            List<String> codes = new ArrayList<>();
            responses.fieldNames().forEachRemaining(codes::add);
            if (codes.stream().noneMatch(c -> c.startsWith("2"))) {
                problems.add(name + ": no success answer");
            }
            responses.fields().forEachRemaining(r -> {
                JsonNode content = r.getValue().path("content");
                if (r.getKey().startsWith("2") && content.size() > 0) {
                    // JSON, or a binary body (a photo) documented as a string in binary format
                    content.fields().forEachRemaining(media -> {
                        JsonNode schema = media.getValue().path("schema");
                        if (!schema.has("$ref") && !schema.has("type")) {
                            problems.add(name + " " + r.getKey() + " " + media.getKey() + ": no schema for its body");
                        }
                    });
                }
                if ((r.getKey().startsWith("4") || r.getKey().startsWith("5"))
                        && !"#/components/schemas/Problem".equals(content.path("application/problem+json").path("schema").path("$ref").asText())) {
                    problems.add(name + " " + r.getKey() + ": not problem+json");
                }
                if (List.of("429", "503").contains(r.getKey()) && r.getValue().path("headers").path("Retry-After").isMissingNode()) {
                    problems.add(name + " " + r.getKey() + ": no Retry-After");
                }
            });
            List<String> parameters = new ArrayList<>();
            op.path("parameters").forEach(p -> parameters.add(p.path("in").asText() + ":" + p.path("name").asText()));
            boolean secured = op.path("security").size() > 0;
            List<String> required = new ArrayList<>(List.of("503"));
            if (secured) {
                required.addAll(List.of("401", "403"));
            }
            if (parameters.contains("header:If-None-Match")) {
                required.add("304");
            }
            if (operation.getKey().equals("post")) {
                required.add("409");
                if (!parameters.contains("header:Idempotency-Key")) {
                    problems.add(name + ": no Idempotency-Key");
                }
            }
            required.stream().filter(c -> !codes.contains(c)).forEach(c -> problems.add(name + ": does not document " + c));
        }));
        assertEquals(List.of(), problems);
        assertTrue(document.path("paths").size() > 30, "the document was read");
    }
}
