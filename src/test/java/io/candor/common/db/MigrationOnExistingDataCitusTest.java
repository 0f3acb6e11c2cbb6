package io.candor.common.db;

import io.agroal.api.AgroalDataSource;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Candor's migrations on top of existing data on Citus (docs/citus.md, "Moving an existing database onto Citus").
 * A marketplace writes everything it can through the API (on the test's own, distributed, database); its rows are then
 * copied into a fresh database of the same cluster as it stood before this release, and the migrations run there:
 * <ul>
 *     <li>a database of the previous release (migrated up to V15, tables local to the coordinator) gets V16, which
 *     distributes every table with its rows;</li>
 *     <li>a database that ran every migration on plain PostgreSQL (V16 did nothing there) and then got the citus
 *     extension is distributed by the next migration run, through the callback after it.</li>
 * </ul>
 * In both, every row is still there, unchanged, in a distributed or reference table, every foreign key is back and
 * holds, and the coordinator keeps no stale local copy.
 */
@QuarkusTest
class MigrationOnExistingDataCitusTest {

    static final String PREVIOUS_RELEASE = "15";

    @Inject
    AgroalDataSource db;

    static TestMarketplace market;
    static long tenant;
    static final List<String> created = new ArrayList<>();

    /** Written once, through the API, before the first test (RestAssured points at the application by then). */
    static synchronized void aMarketplaceWithHistory() throws Exception {
        if (market != null) {
            return;
        }
        TestMarketplace market = TestMarketplace.create(Map.of("burstFloor", 100000));
        List<String> reviews = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            market.purchase("o-" + i, "b-" + i, "s-" + (i % 2), 3, "sku-" + (i % 3));
            reviews.add(market.review("b-" + i, "o-" + i, "sku-" + (i % 3), 1 + i % 5, "Review " + i + " written before the upgrade."));
        }
        for (int i = 1; i < 12; i++) {
            market.asBuyer("b-" + i).body(Map.of("helpful", i % 2 == 0)).put("/api/v1/reviews/" + reviews.get(0) + "/vote").then().statusCode(204);
        }
        market.asSeller("s-0").body(Map.of("body", "Thank you for the review.")).put("/api/v1/reviews/" + reviews.get(0) + "/response").then().statusCode(200);
        market.asSeller("s-1").body(Map.of("rating", "positive", "comment", "Paid at once.")).put("/api/v1/transactions/o-1/buyer-feedback")
                .then().statusCode(200);
        market.asBuyer("b-2").header("If-Match", "\"1\"").body(Map.of("rating", 2)).patch("/api/v1/reviews/" + reviews.get(2)).then().statusCode(200);
        market.report("b-5", reviews.get(3), "spam");
        market.report("b-6", reviews.get(4), "spam");
        Map<String, Object> open = market.openCase("review", reviews.get(4));
        String decision = market.decide("m-1", (String) open.get("id"), "remove", "spam", "The review advertises another shop.");
        market.asBuyer("b-4").body(Map.of("decision", decision, "grounds", "It is my own experience of the product."))
                .post("/api/v1/appeals").then().statusCode(201);
        market.asMarketplace().body(Map.of("party", "b-9")).post("/api/v1/erasures").then().statusCode(202);
        market.asBuyer("b-10").delete("/api/v1/reviews/" + reviews.get(10)).then().statusCode(204);
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT tenant_id FROM tenant WHERE slug = '" + market.slug + "'")) {
            rs.next();
            tenant = rs.getLong(1);
        }
        MigrationOnExistingDataCitusTest.market = market;
        // the log sequenced, so that the copy holds tree heads and nodes too
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (scalar(url("postgres"), "SELECT count(*) FROM log_entry WHERE tenant_id = " + tenant + " AND leaf_index IS NULL") > 0) {
            assertTrue(System.nanoTime() < deadline, "the log was not sequenced");
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void dropTheDatabases() throws Exception {
        for (String name : created) {
            for (String node : nodes()) {
                try (Connection c = DriverManager.getConnection(node + "postgres", "postgres", ""); Statement st = c.createStatement()) {
                    st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                }
            }
        }
    }

    @Test
    void thePreviousReleasesDatabaseOnCitusIsDistributedByTheMigrationWithNothingLost() throws Exception {
        aMarketplaceWithHistory();
        String name = newDatabase(true);
        MigrateResult upToPrevious = flyway(name).target(PREVIOUS_RELEASE).load().migrate();
        assertEquals(PREVIOUS_RELEASE, upToPrevious.targetSchemaVersion);
        assertEquals(0, scalar(url(name), "SELECT count(*) FROM pg_dist_partition"), "the previous release distributes nothing");
        copyTheMarketplace(name);

        MigrateResult upgrade = flyway(name).load().migrate();
        assertTrue(upgrade.migrationsExecuted >= 1, "the migrations after " + PREVIOUS_RELEASE + " ran");
        assertEverythingDistributedAndEqual(name, DERIVED);
    }

    @Test
    void aDatabaseMigratedOnPlainPostgresqlIsDistributedOnceCitusIsThere() throws Exception {
        aMarketplaceWithHistory();
        String name = newDatabase(false);
        flyway(name).load().migrate();
        assertEquals(0, scalar(url(name), "SELECT count(*) FROM pg_extension WHERE extname = 'citus'"));
        copyTheMarketplace(name);

        // the operator creates the extension and adds the workers, as Citus documents; the migration Job runs again
        try (Connection c = DriverManager.getConnection(url(name), "postgres", ""); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION citus");
            addNodes(st);
        }
        MigrateResult again = flyway(name).load().migrate();
        assertEquals(0, again.migrationsExecuted, "no migration was pending");
        assertEverythingDistributedAndEqual(name, Map.of());
        // and a further run changes nothing
        assertEquals(0, flyway(name).load().migrate().migrationsExecuted);
        assertEverythingDistributedAndEqual(name, Map.of());
    }

    /**
     * Tables that came after the previous release and that their migration fills from the rows already there, with
     * what it fills them with: they equal that, computed from the marketplace's own rows (the running service's copy of
     * such a table holds what happened since, e.g. the arrivals of reviews deleted later).
     */
    static final Map<String, String> DERIVED = Map.of("review_arrival",
            "SELECT tenant_id, subject_type, subject_ref, date_trunc('hour', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour, "
                    + "count(*)::int AS arrivals FROM review WHERE created_at > now() - interval '32 days' GROUP BY 1, 2, 3, 4");

    private void assertEverythingDistributedAndEqual(String name, Map<String, String> derived) throws Exception {
        String target = url(name);
        Map<String, String> problems = new TreeMap<>();
        int tables = 0;
        long rows = 0;
        for (String table : tables(target)) {
            String method = text(target, "SELECT coalesce((SELECT partmethod::text FROM pg_dist_partition WHERE logicalrelid = '" + table + "'::regclass), 'local')");
            if (DistributedSchemaCitusTest.REFERENCE.containsKey(table)) {
                if (!"n".equals(method)) {
                    problems.put(table, "not a reference table: " + method);
                }
            } else if (!"h".equals(method)) {
                problems.put(table, "not distributed: " + method);
            } else if (scalar(target, "SELECT pg_relation_size('" + table + "')") != 0) {
                problems.put(table, "the coordinator kept its local rows");
            }
            String columns = String.join(", ", columns(target, table));
            String filter = hasTenant(target, table) ? " WHERE tenant_id = " + tenant : "";
            String digest = "SELECT count(*) || ':' || coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') FROM (SELECT " + columns + " FROM "
                    + table + filter + ") r";
            String before = text(url("postgres"), !derived.containsKey(table) ? digest
                    : "SELECT count(*) || ':' || coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') FROM (SELECT " + columns + " FROM ("
                    + derived.get(table) + ") d" + filter + ") r");
            String after = text(target, digest);
            if (!before.equals(after)) {
                problems.put(table, "rows differ: " + before + " before, " + after + " after");
            }
            tables++;
            rows += Long.parseLong(after.substring(0, after.indexOf(':')));
        }
        System.out.printf("%s: %d tables, %d rows of the marketplace, all distributed and unchanged%n", name, tables, rows);
        assertEquals(Map.of(), problems);
        assertTrue(tables >= 30, "tables compared: " + tables);
        assertTrue(rows >= 150, "rows compared: " + rows);
        assertEquals(scalar(url("postgres"), "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace"),
                scalar(target, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace AND convalidated"),
                "every foreign key back, and valid");
        assertEquals(1, scalar(target, "SELECT count(DISTINCT colocationid) FROM pg_dist_partition WHERE partmethod = 'h'"), "one colocation group");
        assertEquals(0, scalar(target, "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'summary_notify%'"), "no NOTIFY from a worker");
        // a write after the upgrade goes through the distributed tables, keys and guards included
        try (Connection c = DriverManager.getConnection(target, "postgres", ""); Statement st = c.createStatement()) {
            st.execute("UPDATE summary SET review_count = review_count WHERE tenant_id = " + tenant);
            try {
                st.execute("DELETE FROM log_entry WHERE tenant_id = " + tenant);
                throw new AssertionError("the log's append-only guard is gone after the upgrade");
            } catch (SQLException refused) {
                assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
            }
        }
        assertTrue(scalar(target, "SELECT count(*) FROM summary WHERE tenant_id = " + tenant + " AND changed_at > '-infinity'") > 0,
                "summary changes are stamped for the cache's poll");
    }

    /** Copies the marketplace's rows (and the operator's secrets) from the test's database, as a dump and restore would. */
    private void copyTheMarketplace(String name) throws Exception {
        try (Connection source = DriverManager.getConnection(url("postgres"), "postgres", "");
             Connection target = DriverManager.getConnection(url(name), "postgres", "")) {
            target.setAutoCommit(false);
            try (Statement st = target.createStatement()) {
                // as pg_restore does: rows first, in any order, with no trigger or key check on the way in
                st.execute("SET session_replication_role = replica");
            }
            CopyManager from = source.unwrap(PGConnection.class).getCopyAPI();
            CopyManager to = target.unwrap(PGConnection.class).getCopyAPI();
            for (String table : tables(url(name))) {
                String columns = String.join(", ", columns(url(name), table));
                String filter = hasTenant(url(name), table) ? " WHERE tenant_id = " + tenant : "";
                ByteArrayOutputStream rows = new ByteArrayOutputStream();
                from.copyOut("COPY (SELECT " + columns + " FROM " + table + filter + ") TO STDOUT (FORMAT binary)", rows);
                to.copyIn("COPY " + table + " (" + columns + ") FROM STDIN (FORMAT binary)", new ByteArrayInputStream(rows.toByteArray()));
            }
            // identity columns continue after the copied rows, as a restore sets them
            try (Statement st = target.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES'")) {
                List<String> setvals = new ArrayList<>();
                while (rs.next()) {
                    setvals.add("SELECT setval(pg_get_serial_sequence('" + rs.getString(1) + "', '" + rs.getString(2) + "'), "
                            + "greatest((SELECT max(" + rs.getString(2) + ") FROM " + rs.getString(1) + "), 1))");
                }
                for (String setval : setvals) {
                    st.execute(setval);
                }
            }
            target.commit();
        }
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(String name) {
        return Flyway.configure().dataSource(url(name), "postgres", "").locations("classpath:db/migration");
    }

    /** A fresh database on the coordinator and on each worker; with {@code citus}, the extension and the workers too. */
    private static String newDatabase(boolean citus) throws Exception {
        String name = "candor_upgrade_" + (created.size() + 1) + "_" + ProcessHandle.current().pid();
        created.add(name);
        for (String node : nodes()) {
            try (Connection c = DriverManager.getConnection(node + "postgres", "postgres", ""); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            }
            if (!node.equals(coordinator())) {
                try (Connection c = DriverManager.getConnection(node + name, "postgres", ""); Statement st = c.createStatement()) {
                    st.execute("CREATE EXTENSION citus");
                }
            }
        }
        if (citus) {
            try (Connection c = DriverManager.getConnection(url(name), "postgres", ""); Statement st = c.createStatement()) {
                st.execute("CREATE EXTENSION citus");
                addNodes(st);
            }
        }
        return name;
    }

    private static void addNodes(Statement st) throws SQLException {
        String coordinator = coordinator();
        int coordinatorPort = Integer.parseInt(coordinator.replaceAll(".*:(\\d+)/$", "$1"));
        st.execute("SELECT citus_set_coordinator_host('127.0.0.1', " + coordinatorPort + ")");
        for (String worker : nodes()) {
            if (!worker.equals(coordinator)) {
                st.execute("SELECT citus_add_node('127.0.0.1', " + worker.replaceAll(".*:(\\d+)/$", "$1") + ")");
            }
        }
    }

    /** {@code jdbc:postgresql://host:port/} of the coordinator (the test profile's database) and of each worker. */
    private static List<String> nodes() throws SQLException {
        List<String> nodes = new ArrayList<>(List.of(coordinator()));
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT nodename, nodeport FROM pg_dist_node WHERE groupid > 0 ORDER BY nodeport")) {
            while (rs.next()) {
                nodes.add("jdbc:postgresql://" + rs.getString(1) + ":" + rs.getInt(2) + "/");
            }
        }
        return nodes;
    }

    private static String coordinator() {
        String url = System.getenv("_TEST_QUARKUS_DATASOURCE_JDBC_URL");
        assertFalse(url == null || url.isBlank(), "the scale-out test command points the test profile at the coordinator");
        return url.substring(0, url.lastIndexOf('/') + 1);
    }

    private static String url(String database) {
        return coordinator() + database;
    }

    private static List<String> tables(String url) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') "
                        + "AND NOT c.relispartition AND c.relname <> 'flyway_schema_history' "
                        + "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e') "
                        + "ORDER BY 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    /** The table's columns in the older schema (a newer one may have more). */
    private static List<String> columns(String url, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT quote_ident(attname) FROM pg_attribute WHERE attrelid = '" + table + "'::regclass AND attnum > 0 AND NOT attisdropped "
                        + "AND attgenerated = '' AND attname <> 'changed_at' ORDER BY attnum")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }

    private static boolean hasTenant(String url, String table) throws SQLException {
        return scalar(url, "SELECT count(*) FROM pg_attribute WHERE attrelid = '" + table + "'::regclass AND attname = 'tenant_id' AND NOT attisdropped") == 1;
    }

    private static long scalar(String url, String sql) throws SQLException {
        return Long.parseLong(text(url, sql));
    }

    private static String text(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
