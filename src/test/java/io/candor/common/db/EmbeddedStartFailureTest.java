package io.candor.common.db;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A data directory the embedded PostgreSQL cannot start on: every attempt of the process says why, not only the
 * first (the library keeps the directory's lock after a failed start, and later attempts used to fail on that lock).
 */
class EmbeddedStartFailureTest {

    @Test
    void everyAttemptReportsTheCauseOfTheFirstFailure() throws Exception {
        Path dir = Files.createTempDirectory("candor-broken-pgdata");
        // looks like an existing cluster to the driver (no initdb), but is none
        Files.writeString(dir.resolve("PG_VERSION"), "17\n");
        Files.writeString(dir.resolve("postgresql.conf"), "this is not a setting\n");
        Path secret = Path.of(dir + ".secret");
        Files.writeString(secret, "postgres=not-used-by-this-test\ncandor=not-used-by-this-test\n");
        secret.toFile().deleteOnExit();
        String url = EmbeddedPostgresDriver.PREFIX + dir + "?port=0";

        SQLException first = assertThrows(SQLException.class, () -> EmbeddedPostgresDriver.ensureStarted(url));
        SQLException second = assertThrows(SQLException.class, () -> EmbeddedPostgresDriver.ensureStarted(url));

        assertTrue(first.getMessage().startsWith("could not start the embedded PostgreSQL in " + dir), first.getMessage());
        assertFalse(first.getMessage().contains("OverlappingFileLock"), first.getMessage());
        assertFalse(second.getMessage().contains("OverlappingFileLock"), second.getMessage());
        String cause = first.getMessage().substring(first.getMessage().indexOf(": ") + 2);
        assertTrue(second.getMessage().contains(cause), "second: " + second.getMessage() + "\nfirst: " + first.getMessage());
        assertTrue(second.getMessage().contains("an earlier attempt of this process failed"), second.getMessage());
    }
}
