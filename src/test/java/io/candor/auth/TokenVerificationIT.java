package io.candor.auth;

import io.candor.testing.PackagedJarResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The token refusals again, against the packaged jar. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedJarResource.class, restrictToAnnotatedClass = true)
class TokenVerificationIT extends TokenVerificationTest {
}
