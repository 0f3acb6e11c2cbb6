package io.candor.common.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** PostgreSQL LISTEN on a dedicated connection: the one statement a notification listener sends. */
public final class PgNotifications {

    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private PgNotifications() {
    }

    /** Starts listening on {@code channel} (a plain lower-case identifier) on this autocommit connection. */
    public static void listen(Connection connection, String channel) throws SQLException {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + channel);
        }
    }
}
