package io.candor.media;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Optional;

/** Photo settings: limits, sizes and where the objects are stored ({@code CANDOR_PHOTOS_*}; docs/operations.md). */
@ConfigMapping(prefix = "candor.photos")
public interface MediaConfig {

    /** Largest upload, in bytes, checked before the body is read ({@code CANDOR_PHOTOS_MAX_UPLOAD_BYTES}). */
    @WithDefault("10485760")
    long maxUploadBytes();

    /** Most pixels a photo may have, read from its header before anything is decoded (decompression bombs). */
    @WithDefault("24000000")
    long maxPixels();

    /** Longest side a photo may have, in pixels, read from its header. */
    @WithDefault("12000")
    int maxEdge();

    /** Longest side of the display size. */
    @WithDefault("1600")
    int displayEdge();

    /** Longest side of the thumbnail. */
    @WithDefault("400")
    int thumbEdge();

    /** JPEG quality of both sizes, 0..1. */
    @WithDefault("0.85")
    float jpegQuality();

    /** Photos decoded at once per instance (each may hold up to ~50 MB while it is decoded). */
    @WithDefault("2")
    int concurrentDecodes();

    /** How long an uploaded photo waits to be attached to a review before it is deleted. */
    @WithDefault("24h")
    Duration uploadExpiry();

    /** How often the deletion queue and expired uploads are worked through. */
    @WithDefault("1m")
    Duration cleanupInterval();

    /** {@code filesystem} (the default, under the data directory) or {@code s3}. */
    @WithDefault("filesystem")
    String store();

    /** The filesystem store's directory; default {@code <data dir>/photos}. */
    Optional<String> directory();

    /** An S3-compatible store's address, e.g. {@code https://minio.example:9000}; unset means AWS's own endpoint for the region. */
    @WithName("s3.endpoint")
    Optional<String> s3Endpoint();

    @WithName("s3.region")
    @WithDefault("us-east-1")
    String s3Region();

    @WithName("s3.bucket")
    Optional<String> s3Bucket();

    /** Path-style addresses ({@code endpoint/bucket/key}), which MinIO and Ceph usually need. */
    @WithName("s3.path-style")
    @WithDefault("false")
    boolean s3PathStyle();

    /** Static credentials; unset means the SDK's default chain (environment, profile, instance or pod role). */
    @WithName("s3.access-key-id")
    Optional<String> s3AccessKeyId();

    @WithName("s3.secret-access-key")
    Optional<String> s3SecretAccessKey();

    /** The S3 settings as one value. */
    record S3(Optional<String> endpoint, String region, Optional<String> bucket, boolean pathStyle, Optional<String> accessKeyId,
              Optional<String> secretAccessKey) {

        public static S3 of(MediaConfig c) {
            return new S3(c.s3Endpoint(), c.s3Region(), c.s3Bucket(), c.s3PathStyle(), c.s3AccessKeyId(), c.s3SecretAccessKey());
        }
    }
}
