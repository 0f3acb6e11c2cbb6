package io.candor.media;

import java.util.List;
import java.util.Optional;

/**
 * Where photo bytes live: {@link FileObjectStore} under the data directory (the default) or {@link S3ObjectStore} in
 * any S3-compatible store. Keys are Candor's own ({@link #key}), never a client's: {@code <tenant>/<photo>/<sha-256>.jpg},
 * named by their content, so a key never changes meaning; one photo's objects are never shared with another's.
 */
public interface ObjectStore {

    /** Stores the bytes under the key (idempotent: the key names its content). */
    void put(String key, byte[] bytes, String contentType);

    /** The bytes, or empty when there is no such object. */
    Optional<byte[]> get(String key);

    /** Deletes the object; deleting what is not there is not an error. */
    void delete(String key);

    /** The keys under a prefix (a tenant's {@code "<tenant>/"}); for tests and operators' checks, not for requests. */
    List<String> list(String prefix);

    /** Which implementation, for logs and health: {@code filesystem} or {@code s3}. */
    String kind();

    /** The key of a rendition: the tenant, the photo, then the SHA-256 of the bytes. */
    static String key(long tenantId, java.util.UUID photoId, String sha256) {
        return tenantId + "/" + photoId + "/" + sha256 + ".jpg";
    }

    /** Whether a string is a key Candor could have made (so nothing else ever reaches a store). */
    static boolean isKey(String key) {
        return key != null && key.matches("[0-9]{1,19}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/[0-9a-f]{64}\\.jpg");
    }
}
