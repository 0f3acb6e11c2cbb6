package io.candor.testing;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Direct SQL for tests that check what is stored, or that play an attacker with database access. */
public final class Db {

    private Db() {
    }

    /** The first column of the first row, as a long. */
    public static long count(DataSource db, String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row, as text; null when there is no row. */
    public static String text(DataSource db, String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one or more statements in one transaction; the SQLException of a refused statement is thrown as is. */
    /**
     * Runs statements in one transaction as an insider with the rights of the tables' owner would, to get past the
     * database's guards: the user triggers of these tables switched off around them. On Citus, where a trigger cannot be
     * switched off on a distributed table, the insider is a superuser and switches triggers off for the session
     * ({@code session_replication_role = replica}), which Citus passes on to the workers that hold the shards.
     */
    public static void asInsider(DataSource db, java.util.List<String> tables, String... statements) throws SQLException {
        java.util.List<String> all = new java.util.ArrayList<>();
        boolean citus = count(db, "SELECT count(*) FROM pg_extension WHERE extname = 'citus'") > 0;
        if (citus) {
            all.add("SET LOCAL citus.propagate_set_commands TO 'local'");
            all.add("SET LOCAL session_replication_role = replica");
        } else {
            tables.forEach(t -> all.add("ALTER TABLE " + t + " DISABLE TRIGGER USER"));
        }
        all.addAll(java.util.List.of(statements));
        if (!citus) {
            tables.forEach(t -> all.add("ALTER TABLE " + t + " ENABLE TRIGGER USER"));
        }
        execute(db, all.toArray(String[]::new));
    }

    public static void execute(DataSource db, String... statements) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (String statement : statements) {
                    try (PreparedStatement ps = c.prepareStatement(statement)) {
                        ps.execute();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * Every row count of every table, and the state of every review and case: what "nothing changed" means. The
     * transparency log's sequencer state (subtrees, signed heads, keys) is left out: the sequencer adds to it in the
     * background from entries already written, and log_entry's count covers what was written.
     */
    public static String snapshot(DataSource db) {
        return text(db, """
                SELECT string_agg(t.table_name || '=' || (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM %I', t.table_name), false, true, '')))[1]::text, ',' ORDER BY t.table_name)
                  || '|' || coalesce((SELECT md5(string_agg(review_id::text || status || version, ',' ORDER BY review_id)) FROM review), '')
                  || '|' || coalesce((SELECT md5(string_agg(case_id::text || status, ',' ORDER BY case_id)) FROM moderation_case), '')
                FROM information_schema.tables t WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE'
                  AND t.table_name NOT IN ('flyway_schema_history', 'log_node', 'log_head', 'log_key')""");
    }

    public static int update(DataSource db, String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }
}
