package io.candor.common.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The passwords of the embedded PostgreSQL: the superuser's, which only this class uses, and the one of role
 * {@value #SERVICE_ROLE}, which owns Candor's schema and is no superuser. Both are generated at first start and
 * kept in {@code <data dir>/pgdata.secret}, readable by Candor's user only (0600); every connection, local ones
 * included, must give a password (scram-sha-256). A cluster made by an older Candor, which trusted local
 * connections, is given passwords and its pg_hba.conf rewritten on its first start with this version.
 */
record EmbeddedCredentials(String superuser, String service) {

    static final String SERVICE_ROLE = "candor";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Path, EmbeddedCredentials> LOADED = new ConcurrentHashMap<>();
    private static final Pattern TRUST = Pattern.compile("(?m)^(\\s*(?:local|host|hostssl|hostnossl|hostgssenc|hostnogssenc)\\s.*?)\\btrust\\s*$");

    static Path file(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".secret");
    }

    /** The credentials of a started server. */
    static EmbeddedCredentials load(Path dataDir) throws SQLException {
        EmbeddedCredentials known = LOADED.get(dataDir);
        if (known != null) {
            return known;
        }
        try {
            EmbeddedCredentials read = read(file(dataDir));
            LOADED.put(dataDir, read);
            return read;
        } catch (IOException e) {
            throw new SQLException("cannot read the embedded PostgreSQL's credentials in " + file(dataDir) + ": " + e.getMessage(), "28P01", e);
        }
    }

    /**
     * The credentials for a data directory, made now when there are none yet: for a new cluster, or for one an
     * older Candor made with trust authentication. A cluster that asks for passwords but lost its file cannot
     * be opened, and this says where the file belongs.
     */
    static EmbeddedCredentials loadOrCreate(Path dataDir, boolean fresh) throws IOException {
        Path file = file(dataDir);
        LOADED.remove(dataDir);
        if (Files.exists(file)) {
            return read(file);
        }
        if (!fresh && !trusts(dataDir)) {
            throw new IOException("the cluster asks for passwords but " + file + " is missing; restore it from the backup of this data directory");
        }
        EmbeddedCredentials made = new EmbeddedCredentials(random(), random());
        PrivateFiles.createAtomically(file, "postgres=" + made.superuser + "\n" + SERVICE_ROLE + "=" + made.service + "\n");
        return made;
    }

    /** A 0600 file holding only the superuser's password, for initdb's --pwfile; the caller deletes it. */
    static Path passwordFile(Path dataDir, String password) throws IOException {
        Path file = dataDir.resolveSibling(dataDir.getFileName() + ".initdb-" + Long.toHexString(RANDOM.nextLong()));
        PrivateFiles.create(file, password + "\n");
        return file;
    }

    /**
     * Makes a started server ask every connection for a password and gives Candor its own role: sets both
     * passwords, creates role {@value #SERVICE_ROLE} without superuser rights, hands it the public schema and
     * everything in it, and switches any trust line of pg_hba.conf to scram-sha-256.
     */
    static void secure(int port, Path dataDir, EmbeddedCredentials credentials) throws IOException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("password", credentials.superuser);
        try (Connection c = new org.postgresql.Driver().connect("jdbc:postgresql://localhost:" + port + "/postgres", props);
             Statement st = c.createStatement()) {
            for (String sql : List.of(
                    "ALTER ROLE postgres PASSWORD '" + credentials.superuser + "'",
                    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + SERVICE_ROLE + "') THEN CREATE ROLE "
                            + SERVICE_ROLE + " LOGIN; END IF; END $$",
                    "ALTER ROLE " + SERVICE_ROLE + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"
                            + credentials.service + "'",
                    "GRANT CONNECT, CREATE, TEMPORARY ON DATABASE postgres TO " + SERVICE_ROLE,
                    "ALTER SCHEMA public OWNER TO " + SERVICE_ROLE,
                    HAND_OVER)) {
                st.execute(sql);
            }
            Path hba = dataDir.resolve("pg_hba.conf");
            String conf = Files.readString(hba, StandardCharsets.UTF_8);
            String secured = TRUST.matcher(conf).replaceAll("$1scram-sha-256");
            if (!secured.equals(conf)) {
                Files.writeString(hba, secured, StandardCharsets.UTF_8);
                st.execute("SELECT pg_reload_conf()");
            }
        } catch (SQLException e) {
            throw new IOException("could not secure the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Every object in schema public that an extension does not own passes to Candor's role (tables take their sequences along). */
    private static final String HAND_OVER = """
            DO $$
            DECLARE o record;
            BEGIN
              FOR o IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                          AND c.relowner <> '%1$s'::regrole
                          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
              LOOP
                EXECUTE format('ALTER %%s public.%%I OWNER TO %1$s',
                  CASE o.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, o.relname);
              END LOOP;
              FOR o IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                        WHERE n.nspname = 'public' AND c.relkind = 'S' AND c.relowner <> '%1$s'::regrole
                          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
              LOOP
                EXECUTE format('ALTER SEQUENCE public.%%I OWNER TO %1$s', o.relname);
              END LOOP;
              FOR o IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                        WHERE n.nspname = 'public' AND p.proowner <> '%1$s'::regrole
                          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
              LOOP
                EXECUTE format('ALTER ROUTINE %%s OWNER TO %1$s', o.sig);
              END LOOP;
              FOR o IN SELECT t.oid::regtype AS name, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                        WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'r') AND t.typowner <> '%1$s'::regrole
                          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
              LOOP
                EXECUTE format('ALTER %%s %%s OWNER TO %1$s', CASE o.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, o.name);
              END LOOP;
            END $$""".formatted(SERVICE_ROLE);

    private static boolean trusts(Path dataDir) throws IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        return Files.exists(hba) && TRUST.matcher(Files.readString(hba, StandardCharsets.UTF_8)).find();
    }

    private static EmbeddedCredentials read(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        String superuser = p.getProperty("postgres");
        String service = p.getProperty(SERVICE_ROLE);
        if (superuser == null || service == null || !superuser.matches("[A-Za-z0-9_-]{20,}") || !service.matches("[A-Za-z0-9_-]{20,}")) {
            throw new IOException(file + " does not hold the two passwords it should");
        }
        return new EmbeddedCredentials(superuser, service);
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public String toString() {
        return "EmbeddedCredentials[hidden]";
    }
}
