package io.candor.audit;

import io.candor.testing.Db;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * V12 moves the hash chains of earlier versions into the transparency log: every entry, in its chain's order, then
 * one entry per tenant recording the retired chain's length, head and whether it still verified.
 */
class ChainMigrationTest {

    @Test
    void existingChainsMoveIntoTheLogInOrderAndTheirStateIsRecorded() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(Path.of("target/candor-migration-db/pgdata"))
                .setCleanDataDirectory(true).setServerConfig("fsync", "off").start()) {
            DataSource db = pg.getPostgresDatabase();
            Flyway.configure().dataSource(db).locations("classpath:db/migration").target("11").load().migrate();
            for (long tenant : List.of(7L, 8L)) {
                for (int i = 1; i <= 5; i++) {
                    Db.count(db, "SELECT audit_append(?, now() + make_interval(secs => ?), 'buyer', ?, 'review.created', 'review', ?, ?)",
                            tenant, i, "handle-" + i, "r-" + i, "{\"rating\":" + i + "}");
                }
            }
            // tenant 8's chain was tampered with before the upgrade
            Db.execute(db, "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_update",
                    "UPDATE audit_entry SET data = '{\"rating\":1}' WHERE tenant_id = 8 AND seq = 3",
                    "ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_update");
            String head7 = Db.text(db, "SELECT encode(hash, 'hex') FROM audit_head WHERE tenant_id = 7");

            Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();

            for (long tenant : List.of(7L, 8L)) {
                assertEquals(6, Db.count(db, "SELECT count(*) FROM log_entry WHERE tenant_id = ?", tenant));
                assertEquals(6, Db.count(db, "SELECT count(*) FROM log_entry WHERE tenant_id = ? AND leaf_index IS NULL", tenant), "the sequencer integrates them");
                String order = Db.text(db, "SELECT string_agg(target_id, ',' ORDER BY entry_id) FROM log_entry WHERE tenant_id = ? AND action = 'review.created'",
                        tenant);
                assertEquals("r-1,r-2,r-3,r-4,r-5", order);
                assertEquals("handle-2", Db.text(db, "SELECT actor_handle FROM log_entry WHERE tenant_id = ? AND target_id = 'r-2'", tenant));
                assertEquals(16, Db.count(db, "SELECT length(actor_salt) FROM log_entry WHERE tenant_id = ? AND target_id = 'r-2'", tenant));
                assertEquals("log.migrated", Db.text(db, "SELECT action FROM log_entry WHERE tenant_id = ? ORDER BY entry_id DESC LIMIT 1", tenant));
            }
            String record7 = Db.text(db, "SELECT data FROM log_entry WHERE tenant_id = 7 AND action = 'log.migrated'");
            assertTrue(record7.contains("\"chainValid\" : true") && record7.contains("\"chainEntries\" : 5") && record7.contains(head7), record7);
            String record8 = Db.text(db, "SELECT data FROM log_entry WHERE tenant_id = 8 AND action = 'log.migrated'");
            assertTrue(record8.contains("\"chainValid\" : false"), record8);
            assertEquals(0, Db.count(db, "SELECT count(*) FROM pg_tables WHERE tablename IN ('audit_entry', 'audit_head')"));
            // new entries continue after the migrated ones
            Db.execute(db, "INSERT INTO log_entry (tenant_id, at, actor_role, actor_salt, action, target_type, target_id, data) "
                    + "VALUES (7, now(), 'system', '\\x00', 'x', 'y', 'z', '{}')");
            assertEquals(13, Db.count(db, "SELECT max(entry_id) FROM log_entry"));
        }
    }
}
