package io.candor.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A second PostgreSQL server with Candor's schema, configured as the read replica. It is not a real
 * streaming replica: tests write to it directly to see which server a read came from.
 */
public class SecondPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgres server;

    public static EmbeddedPostgres server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = EmbeddedPostgres.builder().setDataDirectory(Path.of("target/candor-replica-db/pgdata")).setCleanDataDirectory(true)
                    .setServerConfig("fsync", "off").start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Flyway.configure().dataSource(server.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        return Map.of("quarkus.datasource.replica.jdbc.url", "jdbc:postgresql://localhost:" + server.getPort() + "/postgres",
                "quarkus.datasource.replica.username", "postgres");
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
