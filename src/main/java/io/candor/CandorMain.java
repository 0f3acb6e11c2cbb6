package io.candor;

import io.candor.common.db.EmbeddedPostgresDriver;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Candor's entry point. When Candor runs on its embedded PostgreSQL, the server is started on a thread of its
 * own before Quarkus boots, so that its start-up (about two seconds) overlaps Quarkus's instead of following it:
 * the first connection, Flyway's, then finds the server running. The driver starts a server once per data
 * directory, so the connection pool waits for this start instead of beginning another.
 *
 * <p>Only an embedded URL known before boot is started early: one given as {@code -Dquarkus.datasource.jdbc.url}
 * or {@code QUARKUS_DATASOURCE_JDBC_URL}, or the built-in default ({@code CANDOR_DATA_DIR}) when no other
 * configuration file could name another. Everything else is left to the driver, as before.
 */
@QuarkusMain
public final class CandorMain {

    /** The default of {@code quarkus.datasource.jdbc.url} in application.properties; CandorMainTest keeps them equal. */
    static final String DEFAULT_URL = "jdbc:candor:embedded:${candor.data-dir:.candor}/pgdata";

    CandorMain() {
    }

    public static void main(String... args) {
        // the build's AppCDS run (quarkus.package.jar.appcds) only loads classes and exits: no database for it
        String url = Boolean.getBoolean("quarkus.appcds.generate") ? null : earlyEmbeddedUrl();
        if (url != null) {
            Thread starter = new Thread(() -> {
                try {
                    EmbeddedPostgresDriver.ensureStarted(url);
                } catch (SQLException e) {
                    // the driver tries again on the first connection and reports the failure there
                    Logger.getLogger(CandorMain.class).debugf("early start of the embedded PostgreSQL failed: %s", e.getMessage());
                }
            }, "candor-embedded-postgres-start");
            starter.setDaemon(true);
            starter.start();
        }
        Quarkus.run(args);
    }

    /** The embedded URL this process will use, when it can be known before boot; otherwise null. */
    static String earlyEmbeddedUrl() {
        String explicit = System.getProperty("quarkus.datasource.jdbc.url", System.getenv("QUARKUS_DATASOURCE_JDBC_URL"));
        if (explicit != null) {
            return explicit.startsWith(EmbeddedPostgresDriver.PREFIX) ? explicit : null;
        }
        String profile = System.getProperty("quarkus.profile", System.getenv("QUARKUS_PROFILE"));
        boolean otherSources = Files.exists(Path.of(".env")) || Files.exists(Path.of("config", "application.properties"))
                || System.getenv("SMALLRYE_CONFIG_LOCATIONS") != null || System.getProperty("smallrye.config.locations") != null;
        if ((profile != null && !profile.equals("prod")) || otherSources) {
            return null;
        }
        String dataDir = System.getProperty("candor.data-dir", System.getenv().getOrDefault("CANDOR_DATA_DIR", ".candor"));
        return DEFAULT_URL.replace("${candor.data-dir:.candor}", dataDir);
    }
}
