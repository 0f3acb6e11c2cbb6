package io.candor.media;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The S3 store against a real S3 API (S3Proxy, filesystem backend), and the filesystem store with the same contract. */
class S3ObjectStoreTest {

    static S3Proxy proxy;

    @BeforeAll
    static void start() {
        proxy = S3Proxy.start();
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    static void contract(ObjectStore store) {
        UUID photo = UUID.randomUUID();
        byte[] bytes = TestImages.encode(TestImages.card(32, 32), "jpeg");
        String key = ObjectStore.key(77, photo, PhotoImages.sha256(bytes));
        assertEquals(Optional.empty(), store.get(key));
        store.put(key, bytes, "image/jpeg");
        store.put(key, bytes, "image/jpeg"); // the same content again: harmless
        assertArrayEquals(bytes, store.get(key).orElseThrow());
        assertEquals(List.of(key), store.list("77/" + photo));
        assertTrue(store.list("77/").contains(key));
        store.delete(key);
        store.delete(key); // deleting what is gone is not an error
        assertEquals(Optional.empty(), store.get(key));
        assertEquals(List.of(), store.list("77/" + photo));
        // only Candor's own keys ever reach a store
        assertThrows(IllegalArgumentException.class, () -> store.put("../../etc/passwd", bytes, "image/jpeg"));
        assertThrows(IllegalArgumentException.class, () -> store.get("77/" + photo + "/x.jpg"));
    }

    @Test
    void theS3StoreKeepsTheContract() {
        try (S3ObjectStore store = new S3ObjectStore(proxy.config())) {
            contract(store);
        }
    }

    @Test
    void theFilesystemStoreKeepsTheContract() throws Exception {
        contract(new FileObjectStore(java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "photos-")));
    }

    @Test
    void wrongCredentialsAreRefusedByTheStore() {
        MediaConfig.S3 good = proxy.config();
        MediaConfig.S3 bad = new MediaConfig.S3(good.endpoint(), good.region(), good.bucket(), true, good.accessKeyId(), Optional.of("wrong-secret"));
        try (S3ObjectStore store = new S3ObjectStore(bad)) {
            String key = ObjectStore.key(1, UUID.randomUUID(), "a".repeat(64));
            assertThrows(RuntimeException.class, () -> store.put(key, new byte[] {1}, "image/jpeg"));
        }
    }
}
