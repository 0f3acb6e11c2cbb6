package io.candor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged jar (target/quarkus-app) run as its own process with nothing but the environment it is
 * given, the way the container image runs it: run-java.sh puts the collector of {@code GC_CONTAINER_OPTIONS} and
 * then {@code JAVA_OPTS_APPEND} on the java command line and starts {@code quarkus-run.jar}.
 */
public final class PackagedJar {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int port;

    private final int managementPort;

    private PackagedJar(Process process, Path log, int port, int managementPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Starts the jar on a free port (the chart relies on the default 8080, which a shared machine may not have free). */
    public static PackagedJar start(Map<String, String> environment, Path log) {
        int port = freePort();
        Map<String, String> withPort = new LinkedHashMap<>(environment);
        withPort.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        int managementPort = freePort();
        withPort.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        return new PackagedJar(launch(withPort, log), log, port, managementPort);
    }

    /** Runs the jar until it exits on its own, as a Job's container does, and answers its exit code. */
    public static int runToExit(Map<String, String> environment, Path log, Duration timeout) {
        Process process = launch(environment, log);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after " + timeout + ":\n" + read(log));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError(e);
        }
    }

    private static Process launch(Map<String, String> environment, Path log) {
        if (!Files.exists(JAR)) {
            throw new AssertionError(JAR + " is missing: run the integration tests through ./mvnw verify, after package");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String variable : List.of("GC_CONTAINER_OPTIONS", "JAVA_OPTS_APPEND")) {
            String options = environment.getOrDefault(variable, "").strip();
            if (!options.isEmpty()) {
                command.addAll(Arrays.asList(options.split("\\s+")));
            }
        }
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** On the management interface: health and metrics. */
    public URI managementUri(String path) {
        return URI.create("http://127.0.0.1:" + managementPort + path);
    }

    /** Waits until /q/health/ready answers 200 and answers its body; fails early if the process ends. */
    public String awaitReady() {
        String[] body = new String[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("exited with " + process.exitValue() + " before it was ready:\n" + output());
            }
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(managementUri("/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                body[0] = ready.body();
                return ready.statusCode() == 200;
            } catch (IOException refused) {
                return false;
            }
        });
        return body[0];
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Stops the process as Kubernetes does, with SIGTERM, and waits for it to exit. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("did not stop within 60 s of SIGTERM:\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends SIGTERM, as Kubernetes does, and returns at once; {@link #awaitExit} waits for the end. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; fails if it is still running after {@code timeout}. */
    public void awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("did not stop within " + timeout + ":\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public String output() {
        return read(log);
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        return FreePorts.one();
    }
}
