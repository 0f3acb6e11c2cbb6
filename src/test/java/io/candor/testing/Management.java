package io.candor.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/** Quarkus's management interface of the test instance: health and metrics, which the public port does not answer. */
public final class Management {

    /** quarkus.management.test-port in application.properties. */
    public static final int TEST_PORT = Integer.getInteger("quarkus.management.test-port", 9001);

    private Management() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().port(TEST_PORT);
    }
}
