package io.candor.common.db;

import io.candor.testing.Db;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded PostgreSQL asks every connection for a password, and Candor is no superuser in it. */
@QuarkusTest
class EmbeddedSecretsTest {

    /** Where the test profile keeps its embedded data (application.properties, %test). */
    static final Path DATA = Path.of("target/candor-test-db").toAbsolutePath();

    @Inject
    DataSource db;

    static Connection connect(int port, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        return new org.postgresql.Driver().connect("jdbc:postgresql://localhost:" + port + "/postgres", props);
    }

    @Test
    void aLocalConnectionWithoutTheSecretIsRefusedAndCandorIsNoSuperuser() throws Exception {
        int port = (int) Db.count(db, "SELECT inet_server_port()");
        for (String user : new String[]{"postgres", "candor"}) {
            assertThrows(SQLException.class, () -> connect(port, user, null).close(), user + " without a password");
            SQLException wrong = assertThrows(SQLException.class, () -> connect(port, user, "guess").close(), user + " with a wrong password");
            assertEquals("28P01", wrong.getSQLState(), wrong.getMessage());
        }
        assertEquals("candor", Db.text(db, "SELECT current_user"));
        assertEquals("false", Db.text(db, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"));
        assertEquals(0L, Db.count(db, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND pg_get_userbyid(c.relowner) <> 'candor'"), "Candor owns its tables");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA.resolve("pgdata.secret"))));
        Properties secret = new Properties();
        try (var in = Files.newBufferedReader(DATA.resolve("pgdata.secret"))) {
            secret.load(in);
        }
        try (Connection c = connect(port, "candor", secret.getProperty("candor"))) {
            assertTrue(c.isValid(2), "the secret opens it");
        }
        try (Connection c = connect(port, "candor", secret.getProperty("candor")); Statement st = c.createStatement()) {
            assertThrows(SQLException.class, () -> st.execute("CREATE ROLE intruder SUPERUSER"), "no role management");
        }
    }

    @Test
    void webhookSecretsAreEncryptedWithAKeyKeptBesideTheDatabaseNotInIt() throws Exception {
        TestMarketplace market = TestMarketplace.create();
        market.asMarketplace().body(Map.of("url", "http://127.0.0.1:9/hooks", "secret", "a-webhook-secret-for-tests")).put("/api/v1/webhook")
                .then().statusCode(200);
        Path key = DATA.resolve("webhook.key");
        assertTrue(Files.exists(key), "generated on first use");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("operator", Db.text(db, "SELECT key_source FROM webhook_endpoint w JOIN tenant t USING (tenant_id) WHERE t.slug = ?", market.slug));
    }

    @Test
    void aClusterMadeByAnOlderVersionWithTrustIsLockedOnItsNextStart() throws Exception {
        Path home = Files.createTempDirectory(Path.of("target"), "legacy-embedded");
        Path pgdata = home.resolve("pgdata");
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(pgdata).setCleanDataDirectory(false).start();
             Connection c = old.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE review (id int PRIMARY KEY, body text)");
            st.execute("CREATE SEQUENCE loose_seq");
            st.execute("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'");
            st.execute("INSERT INTO review VALUES (1, 'kept')");
        }
        try (Connection c = new EmbeddedPostgresDriver().connect(EmbeddedPostgresDriver.PREFIX + pgdata + "?durable=false", new Properties());
             Statement st = c.createStatement()) {
            var rs = st.executeQuery("SELECT current_user, (SELECT body FROM review WHERE id = 1), nextval('loose_seq'), f()");
            rs.next();
            assertEquals("candor", rs.getString(1));
            assertEquals("kept", rs.getString(2));
            st.execute("INSERT INTO review VALUES (2, 'the service owns what the old superuser made')");
            int port = portOf(st);
            assertThrows(SQLException.class, () -> connect(port, "postgres", null).close(), "trust is gone");
            assertTrue(Files.readString(pgdata.resolve("pg_hba.conf")).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).noneMatch(l -> l.contains("trust")));
        }
    }

    private static int portOf(Statement st) throws SQLException {
        var rs = st.executeQuery("SELECT inet_server_port()");
        rs.next();
        return rs.getInt(1);
    }
}
