package io.candor.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A real S3 API server for tests: S3Proxy (org.gaul:s3proxy, copied to target/s3proxy by the build) on its filesystem
 * backend, in a JVM of its own on 127.0.0.1, with one bucket. Stopped by {@link #close}, and with the test JVM.
 */
public final class S3Proxy implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-not-secret";
    public static final String BUCKET = "candor-photos";

    private final Process process;
    private final int port;
    private final Path data;

    private S3Proxy(Process process, int port, Path data) {
        this.process = process;
        this.port = port;
        this.data = data;
    }

    public static S3Proxy start() {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it in process-test-resources (./mvnw verify does)");
        }
        try {
            int port = io.candor.testing.FreePorts.one();
            Path data = Files.createTempDirectory(Path.of("target"), "s3proxy-data-").toAbsolutePath();
            Files.createDirectories(data.resolve(BUCKET));
            Path properties = data.resolve("s3proxy.conf");
            Files.write(properties, List.of(
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + data));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toAbsolutePath().toString(), "--properties", properties.toString())
                    .redirectErrorStream(true).redirectOutput(data.resolve("s3proxy.log").toFile()).start();
            S3Proxy proxy = new S3Proxy(process, port, data);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            proxy.awaitListening(Duration.ofSeconds(60));
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited: " + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("S3Proxy did not listen within " + timeout + ": " + log());
    }

    private String log() {
        try {
            return Files.readString(data.resolve("s3proxy.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Settings that point Candor's photo store at this server. */
    public java.util.Map<String, String> settings() {
        return java.util.Map.of("candor.photos.store", "s3", "candor.photos.s3.endpoint", endpoint(), "candor.photos.s3.region", "us-east-1",
                "candor.photos.s3.bucket", BUCKET, "candor.photos.s3.path-style", "true", "candor.photos.s3.access-key-id", ACCESS_KEY,
                "candor.photos.s3.secret-access-key", SECRET_KEY);
    }

    /** An S3 configuration for {@link S3ObjectStore}, as the settings above would make it. */
    public MediaConfig.S3 config() {
        return new MediaConfig.S3(Optional.of(endpoint()), "us-east-1", Optional.of(BUCKET), true, Optional.of(ACCESS_KEY), Optional.of(SECRET_KEY));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
