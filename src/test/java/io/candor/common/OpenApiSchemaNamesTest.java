package io.candor.common;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document names every schema once: two types with the same simple name would make the generator rename
 * one ({@code Subject1}), and clients generated from the document would change without the wire format changing.
 */
@QuarkusTest
class OpenApiSchemaNamesTest {

    @Test
    void noSchemaIsRenamedToAvoidACollision() {
        Map<String, Object> schemas = RestAssured.given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath().getMap("components.schemas");
        Set<String> renamed = schemas.keySet().stream().filter(name -> name.matches(".*[A-Za-z]\\d+$")).collect(java.util.stream.Collectors.toSet());
        assertEquals(Set.of(), renamed, "schemas renamed by the generator");
        assertTrue(schemas.containsKey("Subject") && schemas.containsKey("Author") && schemas.containsKey("Aspects"));
    }
}
