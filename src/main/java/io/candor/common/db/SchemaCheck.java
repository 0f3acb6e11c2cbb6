package io.candor.common.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The start-up check of a pod whose schema a migration Job already brought up to date
 * ({@code quarkus.flyway.migrate-at-start=false}, as the chart deploys it): one query on Flyway's history instead
 * of Flyway's full validation, which loads Flyway, scans and checksums every migration and cost a measurable part
 * of the start-up (docs/performance.md). The pod refuses to start when the database lacks a migration this build
 * needs or holds a failed one; a newer schema (a rollback of the pods after a release) is fine, as migrations only
 * ever add.
 *
 * <p>Where Flyway migrates or validates at start ({@code quarkus.flyway.migrate-at-start} or
 * {@code quarkus.flyway.validate-at-start}), Flyway has checked already and this check does nothing.
 */
@ApplicationScoped
public class SchemaCheck {

    /** The newest migration in {@code db/migration}; SchemaCheckTest keeps it equal to the files. */
    public static final int NEWEST_MIGRATION = 18;

    private static final Logger LOG = Logger.getLogger(SchemaCheck.class);

    private final AgroalDataSource dataSource;
    private final boolean flywayChecks;

    public SchemaCheck(AgroalDataSource dataSource,
                       @ConfigProperty(name = "quarkus.flyway.migrate-at-start", defaultValue = "false") boolean migrateAtStart,
                       @ConfigProperty(name = "quarkus.flyway.validate-at-start", defaultValue = "false") boolean validateAtStart) {
        this.dataSource = dataSource;
        this.flywayChecks = migrateAtStart || validateAtStart;
    }

    /** Before every other start-up observer, several of which read the database. */
    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (flywayChecks) {
            return;
        }
        String problem;
        try (Connection connection = dataSource.getConnection()) {
            problem = problem(connection);
        } catch (SQLException e) {
            // the database is away: the readiness check reports it; the schema is checked when it is back at the next start
            LOG.warnf("could not check the database schema at start: %s", e.getMessage());
            return;
        }
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
    }

    /** What is wrong with the schema behind this connection, or null when it has every migration this build needs. */
    static String problem(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL")) {
                exists.next();
                if (!exists.getBoolean(1)) {
                    return "the database has no Candor schema: run the migrations first (the chart's migration Job, "
                            + "or QUARKUS_FLYWAY_MIGRATE_AT_START=true)";
                }
            }
            int newest = 0;
            try (ResultSet rows = statement.executeQuery(
                    "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
                while (rows.next()) {
                    String version = rows.getString(1);
                    if (!rows.getBoolean(2)) {
                        return "migration V" + version + " failed in this database: repair it before starting Candor";
                    }
                    newest = Math.max(newest, major(version));
                }
            }
            if (newest < NEWEST_MIGRATION) {
                return "the database schema is at V" + newest + " but this build of Candor needs V" + NEWEST_MIGRATION
                        + ": run the migrations first (the chart's migration Job, or QUARKUS_FLYWAY_MIGRATE_AT_START=true)";
            }
            return null;
        }
    }

    private static int major(String version) {
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
