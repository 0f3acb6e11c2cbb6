package io.candor.review;

import io.candor.testing.PackagedJarResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The public read tests again, against the packaged jar on its own embedded PostgreSQL. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedJarResource.class, restrictToAnnotatedClass = true)
class PublicReviewListIT extends PublicReviewListTest {
}
