package io.candor.common;

import io.candor.testing.PackagedJarResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Problem answers and idempotent replays again, against the packaged jar. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedJarResource.class, restrictToAnnotatedClass = true)
class ProblemAndIdempotencyIT extends ProblemAndIdempotencyTest {
}
