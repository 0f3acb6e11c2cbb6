package io.candor.common.db;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pod that skips Flyway at start still refuses a database that lacks a migration it needs. */
@QuarkusTest
class SchemaCheckTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theNewestMigrationIsTheNewestFile() throws IOException {
        Pattern name = Pattern.compile("V(\\d+)__.*\\.sql");
        int newest;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            newest = files.map(f -> name.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
        }
        assertEquals(newest, SchemaCheck.NEWEST_MIGRATION, "SchemaCheck.NEWEST_MIGRATION names the newest migration");
    }

    @Test
    void theMigratedDatabasePasses() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assertNull(SchemaCheck.problem(connection));
        }
    }

    @Test
    void aMissingAFailedOrAnOlderSchemaIsRefusedAndANewerOneIsNot() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                sql.execute("CREATE SCHEMA schema_check_test");
                sql.execute("SET LOCAL search_path TO schema_check_test");
                assertTrue(SchemaCheck.problem(connection).contains("no Candor schema"), "no history table");

                sql.execute("CREATE TABLE flyway_schema_history (installed_rank int, version text, success boolean)");
                sql.execute("INSERT INTO flyway_schema_history SELECT v, v::text, true FROM generate_series(1, "
                        + (SchemaCheck.NEWEST_MIGRATION - 1) + ") v");
                sql.execute("INSERT INTO flyway_schema_history VALUES (0, NULL, true)"); // Flyway's schema-creation row
                String older = SchemaCheck.problem(connection);
                assertTrue(older.contains("at V" + (SchemaCheck.NEWEST_MIGRATION - 1)) && older.contains("needs V" + SchemaCheck.NEWEST_MIGRATION), older);

                sql.execute("INSERT INTO flyway_schema_history VALUES (100, '" + SchemaCheck.NEWEST_MIGRATION + "', false)");
                assertTrue(SchemaCheck.problem(connection).contains("failed"), "a failed migration");

                sql.execute("UPDATE flyway_schema_history SET success = true");
                sql.execute("INSERT INTO flyway_schema_history VALUES (101, '" + (SchemaCheck.NEWEST_MIGRATION + 1) + ".1', true)");
                assertNull(SchemaCheck.problem(connection), "a newer schema, after the pods were rolled back");
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }
}
