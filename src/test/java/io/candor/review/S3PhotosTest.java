package io.candor.review;

import io.candor.media.ObjectDeletionJob;
import io.candor.media.ObjectStore;
import io.candor.media.S3Proxy;
import io.candor.media.TestImages;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Candor with its photos in an S3-compatible object store (S3Proxy on 127.0.0.1, a real S3 API): upload, serving and
 * erasure go through S3, and erasure leaves no object in the bucket.
 */
@QuarkusTest
@TestProfile(S3PhotosTest.InS3.class)
class S3PhotosTest {

    public static class InS3 implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProxyResource.class));
        }
    }

    public static class ProxyResource implements QuarkusTestResourceLifecycleManager {
        private S3Proxy proxy;

        @Override
        public Map<String, String> start() {
            proxy = S3Proxy.start();
            return proxy.settings();
        }

        @Override
        public void stop() {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    @Inject
    ObjectStore store;

    @Inject
    ObjectDeletionJob deletions;

    @Inject
    io.candor.tenant.TenantDirectory tenants;

    @Test
    void photosLiveInTheBucketAndErasureEmptiesIt() {
        assertEquals("s3", store.kind());
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 2, "lamp");
        String id = ReviewPhotosTest.upload(market, "b-1", TestImages.jpegWithMetadata(TestImages.card(900, 600), 1));
        market.asBuyer("b-1").body(ReviewPhotosTest.review("o-1", "lamp", List.of(Map.of("id", id, "alt", "The lamp"))))
                .post("/api/v1/reviews").then().statusCode(201);
        String prefix = tenants.requireSlug(market.slug).id() + "/";
        List<String> keys = store.list(prefix).stream().filter(k -> k.contains(id)).toList();
        assertEquals(2, keys.size(), "display size and thumbnail are in the bucket");
        String url = market.anonymous().get(market.publicPath("/subjects/product/lamp/reviews")).then().statusCode(200)
                .extract().path("items[0].photos[0].url");
        byte[] served = market.anonymous().get(url).then().statusCode(200).header("Cache-Control", equalTo(PhotoResource.IMMUTABLE))
                .extract().asByteArray();
        for (String marker : TestImages.MARKERS) {
            assertFalse(TestImages.contains(served, marker), marker);
        }
        market.asBuyer("b-1").delete("/api/v1/me").then().statusCode(202);
        deletions.drain();
        assertEquals(List.of(), store.list(prefix).stream().filter(k -> k.contains(id)).toList(), "no object is left in the bucket");
        market.anonymous().get(url).then().statusCode(404);
    }
}
