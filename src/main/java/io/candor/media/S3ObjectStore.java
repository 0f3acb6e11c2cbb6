package io.candor.media;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Objects in an S3-compatible store (AWS S3, MinIO, Ceph RGW) through the AWS SDK v2 with the JDK's HTTP client. The
 * bucket stays private: Candor reads the objects and serves them itself (see {@code review.PhotoResource}), so the
 * store needs no public access and no CORS.
 */
public class S3ObjectStore implements ObjectStore, AutoCloseable {

    private final S3Client client;
    private final String bucket;

    public S3ObjectStore(MediaConfig.S3 config) {
        this.bucket = config.bucket().filter(b -> !b.isBlank())
                .orElseThrow(() -> new IllegalStateException("CANDOR_PHOTOS_S3_BUCKET must be set when CANDOR_PHOTOS_STORE=s3"));
        AwsCredentialsProvider credentials = config.accessKeyId().isPresent() && config.secretAccessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId().get(), config.secretAccessKey().get()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(config.pathStyle())
                // checksums only where S3 requires them: S3-compatible stores (older MinIO, Ceph) refuse the trailing
                // checksums that SDK 2.30+ sends by default
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(30)));
        config.endpoint().filter(e -> !e.isBlank()).ifPresent(e -> builder.endpointOverride(URI.create(e)));
        this.client = builder.build();
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        check(key);
        client.putObject(b -> b.bucket(bucket).key(key).contentType(contentType).cacheControl("public, max-age=31536000, immutable"),
                RequestBody.fromBytes(bytes));
    }

    @Override
    public Optional<byte[]> get(String key) {
        check(key);
        try {
            ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            return Optional.of(object.asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) {
        check(key);
        client.deleteObject(b -> b.bucket(bucket).key(key));
    }

    @Override
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix);
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page = client.listObjectsV2(request.build());
            // only objects Candor names (some stores list directory markers such as "1/{photo}/" too)
            page.contents().stream().map(S3Object::key).filter(ObjectStore::isKey).forEach(keys::add);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return keys;
    }

    @Override
    public String kind() {
        return "s3";
    }

    private static void check(String key) {
        if (!ObjectStore.isKey(key)) {
            throw new IllegalArgumentException("not an object key: " + key);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
