package io.candor.common.db;

import io.quarkus.runtime.Application;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * JDBC driver that serves {@code jdbc:candor:embedded:<data dir>} by starting a real PostgreSQL from the
 * zonky binaries on first use, and hands every other URL ({@code jdbc:postgresql:...}) to the PostgreSQL
 * driver untouched, so an external server never starts the embedded one.
 *
 * <p>URL options after {@code ?}: {@code port} (0 = any free port), {@code clean=true} (wipe the data
 * directory once per JVM), {@code durable=false} (fsync off, for throw-away test databases).
 */
public final class EmbeddedPostgresDriver implements Driver {

    public static final String PREFIX = "jdbc:candor:embedded:";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresDriver.class);
    /** System properties outlive dev-mode class reloads, so a restarted app finds the running server.
     * The name stays outside the {@code candor.} namespace, which configuration mappings validate. */
    private static final String PORT_PROPERTY = "candorEmbeddedPostgresPort:";

    static {
        try {
            DriverManager.registerDriver(new EmbeddedPostgresDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Driver postgres = new org.postgresql.Driver();

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (url == null) {
            return null;
        }
        if (!url.startsWith(PREFIX)) {
            return postgres.acceptsURL(url) ? postgres.connect(url, info) : null;
        }
        int port = ensureStarted(url);
        Properties props = new Properties();
        props.putAll(info);
        props.setProperty("user", EmbeddedCredentials.SERVICE_ROLE);
        props.setProperty("password", EmbeddedCredentials.load(Options.parse(url).dataDir).service());
        return postgres.connect("jdbc:postgresql://localhost:" + port + "/postgres", props);
    }

    /** Why this JVM's first start of a data directory's server failed (guarded by the class's lock). */
    private static final Map<Path, String> FAILURES = new HashMap<>();
    /** The servers this JVM started, stopped when it exits (guarded by the class's lock). */
    private static final List<EmbeddedPostgres> STARTED = new ArrayList<>();
    /** How long the exit waits for Quarkus to stop before it stops the servers anyway. */
    static final Duration STOP_WAIT = Duration.ofSeconds(60);

    /** Starts the server for this URL unless this JVM already did; answers its port. */
    public static synchronized int ensureStarted(String url) throws SQLException {
        Options options = Options.parse(url);
        String key = PORT_PROPERTY + options.dataDir;
        String known = System.getProperty(key);
        if (known != null) {
            return Integer.parseInt(known);
        }
        Path pwfile = null;
        try {
            if (options.clean) {
                deleteRecursively(options.dataDir);
                Files.deleteIfExists(EmbeddedCredentials.file(options.dataDir));
            }
            Files.createDirectories(options.dataDir);
            boolean fresh = !Files.exists(options.dataDir.resolve("PG_VERSION"));
            EmbeddedCredentials credentials = EmbeddedCredentials.loadOrCreate(options.dataDir, fresh);
            PostgresBinaries binaries = new PostgresBinaries(PostgresBinaries.defaultWorkingDirectory());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPgBinaryResolver(binaries)
                    .setOverrideWorkingDirectory(PostgresBinaries.defaultWorkingDirectory().toFile())
                    .setDataDirectory(options.dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(options.port)
                    // the library's own hook would stop the server while Quarkus still drains its requests and
                    // closes its pool, both in shutdown hooks that run at the same time: stopAtExit orders them
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setConnectConfig("password", credentials.superuser());
            if (fresh) {
                // initdb sets the superuser's password and asks every connection for one from the start.
                pwfile = EmbeddedCredentials.passwordFile(options.dataDir, credentials.superuser());
                builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", pwfile.toString());
            }
            if (options.durable) {
                builder.setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on");
            }
            EmbeddedPostgres pg = builder.start();
            stopAtExit(pg);
            binaries.remember();
            EmbeddedCredentials.secure(pg.getPort(), options.dataDir, credentials);
            LOG.infof("Embedded PostgreSQL started on 127.0.0.1:%d, data in %s; Candor connects as role %s (no superuser) with the password in %s",
                    pg.getPort(), options.dataDir, EmbeddedCredentials.SERVICE_ROLE, EmbeddedCredentials.file(options.dataDir));
            System.setProperty(key, Integer.toString(pg.getPort()));
            return pg.getPort();
        } catch (IOException | RuntimeException e) {
            // A start that failed after taking the data directory's lock keeps it for the life of this JVM (the
            // library does not release it), so every later attempt fails with OverlappingFileLockException: report
            // the first failure, the one that says what is wrong, instead.
            String previous = FAILURES.get(options.dataDir);
            if (e instanceof java.nio.channels.OverlappingFileLockException && previous != null) {
                throw new SQLException("could not start the embedded PostgreSQL in " + options.dataDir + ": " + previous
                        + " (an earlier attempt of this process failed; start Candor again once that is mended)", "08001", e);
            }
            String cause = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            FAILURES.putIfAbsent(options.dataDir, cause);
            throw new SQLException("could not start the embedded PostgreSQL in " + options.dataDir + ": " + cause, "08001", e);
        } finally {
            if (pwfile != null) {
                try {
                    Files.deleteIfExists(pwfile);
                } catch (IOException ignored) {
                    // a temporary file in Candor's own 0700 directory
                }
            }
        }
    }

    /** Stops the server when this JVM exits, once the application is done with it. */
    private static void stopAtExit(EmbeddedPostgres pg) {
        if (STARTED.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresDriver::stopAfterTheApplication, "candor-embedded-postgres-stop"));
        }
        STARTED.add(pg);
    }

    /**
     * The exit's hook: Quarkus stops the application in a shutdown hook of its own, which runs at the same time as
     * this one, so the server stays up until the application has stopped (requests answered, scheduled jobs and
     * listeners ended, the pool closed), for at most {@link #STOP_WAIT}; then every server this JVM started stops.
     */
    static void stopAfterTheApplication() {
        Application application = Application.currentApplication();
        if (application != null) {
            Thread waiter = new Thread(application::awaitShutdown, "candor-embedded-postgres-stop-wait");
            waiter.setDaemon(true);
            waiter.start();
            try {
                waiter.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (EmbeddedPostgresDriver.class) {
            for (EmbeddedPostgres pg : STARTED) {
                try {
                    pg.close();
                } catch (IOException | RuntimeException e) {
                    LOG.warnf("could not stop the embedded PostgreSQL on port %d: %s", pg.getPort(), e.getMessage());
                }
            }
            STARTED.clear();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return url != null && (url.startsWith(PREFIX) || postgres.acceptsURL(url));
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return url != null && url.startsWith(PREFIX) ? new DriverPropertyInfo[0] : postgres.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return postgres.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return postgres.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    /** Candor's data directory (where pgdata, its credentials and the webhook key live) for an embedded URL. */
    public static java.util.Optional<Path> dataHome(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.ofNullable(Options.parse(url).dataDir.getParent());
        } catch (SQLException e) {
            return java.util.Optional.empty();
        }
    }

    record Options(Path dataDir, int port, boolean clean, boolean durable) {
        static Options parse(String url) throws SQLException {
            String rest = url.substring(PREFIX.length());
            String path = rest;
            Map<String, String> params = new HashMap<>();
            int q = rest.indexOf('?');
            if (q >= 0) {
                path = rest.substring(0, q);
                for (String pair : rest.substring(q + 1).split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        params.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
            }
            if (path.isBlank()) {
                throw new SQLException("the embedded PostgreSQL URL needs a data directory: " + PREFIX + "<dir>", "08001");
            }
            try {
                return new Options(Path.of(path).toAbsolutePath().normalize(),
                        Integer.parseInt(params.getOrDefault("port", "0")),
                        Boolean.parseBoolean(params.getOrDefault("clean", "false")),
                        Boolean.parseBoolean(params.getOrDefault("durable", "true")));
            } catch (NumberFormatException e) {
                throw new SQLException("bad port in " + url, "08001", e);
            }
        }
    }
}
