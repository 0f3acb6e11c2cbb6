package io.candor.common;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Plain JDBC for the read paths that serve the widget and for statements Hibernate has no words for.
 * Inside a transaction it uses the transaction's connection; outside, a pooled one in auto-commit.
 * Public reads ({@link #queryPublic}) go to the read replica when one is configured
 * ({@code QUARKUS_DATASOURCE_REPLICA_JDBC_URL}); everything else reads its own writes on the primary.
 */
@ApplicationScoped
public class Jdbc {

    private final AgroalDataSource dataSource;
    private final AgroalDataSource publicReads;

    public Jdbc(AgroalDataSource dataSource, @DataSource("replica") InjectableInstance<AgroalDataSource> replica) {
        this.dataSource = dataSource;
        this.publicReads = replica.getHandle().getBean().isActive() ? replica.get() : dataSource;
    }

    /** Whether public reads go to a replica. */
    public boolean hasReplica() {
        return publicReads != dataSource;
    }

    /** A read of public data, which may lag the primary by the replica's replication delay. */
    public <T> List<T> queryPublic(String sql, List<?> parameters, RowMapper<T> mapper) {
        return query(publicReads, sql, parameters, mapper);
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public <T> List<T> query(String sql, List<?> parameters, RowMapper<T> mapper) {
        return query(dataSource, sql, parameters, mapper);
    }

    private static <T> List<T> query(AgroalDataSource from, String sql, List<?> parameters, RowMapper<T> mapper) {
        try (Connection connection = from.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rs = statement.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    public int update(String sql, List<?> parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    static void bind(PreparedStatement statement, List<?> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object value = parameters.get(i);
            if (value instanceof Instant instant) {
                statement.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (value instanceof UUID uuid) {
                statement.setObject(i + 1, uuid);
            } else if (value instanceof String[] array) {
                statement.setArray(i + 1, statement.getConnection().createArrayOf("text", array));
            } else if (value instanceof UUID[] array) {
                statement.setArray(i + 1, statement.getConnection().createArrayOf("uuid", array));
            } else if (value instanceof java.sql.Date[] array) {
                statement.setArray(i + 1, statement.getConnection().createArrayOf("date", array));
            } else if (value instanceof Integer[] array) {
                statement.setArray(i + 1, statement.getConnection().createArrayOf("integer", array));
            } else if (value instanceof Long[] array) {
                statement.setArray(i + 1, statement.getConnection().createArrayOf("bigint", array));
            } else if (value instanceof byte[][] array) {
                statement.setArray(i + 1, statement.getConnection().createArrayOf("bytea", array));
            } else {
                statement.setObject(i + 1, value);
            }
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    public static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    public static Double number(ResultSet rs, int column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    public static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    /** A failed statement; its message (which may quote data) stays out of answers and logs. */
    public static class DatabaseException extends RuntimeException {
        public DatabaseException(SQLException cause) {
            super("statement failed, sqlstate " + cause.getSQLState(), cause);
        }

        public String sqlState() {
            return ((SQLException) getCause()).getSQLState();
        }
    }
}
