package io.candor.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** A PostgreSQL server the test can stop and start again on the same port and data, with Candor running against it. */
public class RestartablePostgresResource implements QuarkusTestResourceLifecycleManager {

    static final Path DATA = Path.of("target/candor-outage-db/pgdata");
    private static EmbeddedPostgres server;
    private static int port;

    @Override
    public Map<String, String> start() {
        port = FreePorts.one();
        deleteData();
        startServer();
        return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username", "postgres",
                // An external database: Candor requires the operator's webhook key.
                "candor.webhook.encryption-key", TestKeys.WEBHOOK_ENCRYPTION_KEY);
    }

    /** Zonky deletes a "clean" data directory when the server stops, so the directory is cleaned by hand instead. */
    private static void deleteData() {
        try (var paths = java.nio.file.Files.walk(DATA.getParent())) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        } catch (java.nio.file.NoSuchFileException absent) {
            // nothing to clean
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void startServer() {
        try {
            server = EmbeddedPostgres.builder().setDataDirectory(DATA).setCleanDataDirectory(false).setPort(port)
                    .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server: fast shutdown, as an orchestrator or a crash-restart would. */
    public static void stopServer() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void startServerAgain() {
        startServer();
    }

    public static EmbeddedPostgres server() {
        return server;
    }

    @Override
    public void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
