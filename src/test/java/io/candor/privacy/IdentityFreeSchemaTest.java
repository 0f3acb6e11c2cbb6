package io.candor.privacy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads the live schema and fails on any column that could hold identity data: a name, contact
 * detail, address, government or tax number, network address, device or location. Columns whose
 * names only look suspicious are listed with the reason they are not identity data.
 */
@QuarkusTest
class IdentityFreeSchemaTest {

    static final Pattern SUSPICIOUS = Pattern.compile(
            "(^|_)(name|firstname|lastname|surname|forename|email|e_mail|mail|phone|mobile|tel|address|street|city|zip|postcode|postal|country|birth|dob|"
                    + "age|gender|sex|passport|national|ssn|tax|vat|iban|card|ip|ip_address|inet|device|imei|location|lat|lon|lng|geo|"
                    + "latitude|longitude|photo|avatar|face|ethnic|religion|health)($|_)");

    /** Columns whose names match but hold no personal data, and why. */
    static final Map<String, String> EXPLAINED = Map.of(
            "tenant.display_name", "the marketplace's own name, not a person's",
            "server_secret.name", "the name of an installation key",
            "review_photo.photo_id", "the id of a photo a buyer attached to a review, re-encoded without any metadata (no position, camera, "
                    + "owner or time); review content, not an account's portrait");

    static final List<String> IDENTITY_TYPES = List.of("inet", "cidr", "macaddr", "macaddr8", "point");

    @Inject
    AgroalDataSource db;

    @Test
    void noColumnCanHoldIdentityData() throws Exception {
        List<String> offending = new ArrayList<>();
        int columns = 0;
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT table_name, column_name, data_type, udt_name FROM information_schema.columns "
                        + "WHERE table_schema = 'public' AND table_name NOT LIKE 'flyway_%' "
                        // views an extension keeps in public (Citus's citus_tables, citus_schemas) are not Candor's
                        + "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
                        + "AND d.objid = ('public.' || quote_ident(table_name))::regclass AND d.deptype = 'e') "
                        + "ORDER BY table_name, ordinal_position")) {
            while (rs.next()) {
                columns++;
                String column = rs.getString(1) + "." + rs.getString(2);
                if (SUSPICIOUS.matcher(rs.getString(2)).find() && !EXPLAINED.containsKey(column)) {
                    offending.add(column);
                }
                if (IDENTITY_TYPES.contains(rs.getString(4))) {
                    offending.add(column + " (" + rs.getString(4) + ")");
                }
            }
        }
        assertTrue(columns > 50, "the schema was read");
        assertEquals(List.of(), offending, "columns that could hold identity data");
    }

    /** Installation-wide tables, and why they cannot belong to a tenant. */
    static final Map<String, String> INSTALLATION_TABLES = Map.of(
            "server_secret", "the page session key: a cookie is opened before Candor knows its tenant");

    @Test
    void everyTableIsKeyedByTenant() throws Exception {
        List<String> missing = new ArrayList<>();
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT t.table_name, (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM pg_index i "
                        + "JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true "
                        + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                        + "WHERE i.indrelid = (quote_ident(t.table_name))::regclass AND i.indisprimary) AS pk "
                        + "FROM information_schema.tables t WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' "
                        + "AND t.table_name NOT LIKE 'flyway_%'")) {
            while (rs.next()) {
                String pk = rs.getString(2);
                if ((pk == null || !pk.startsWith("tenant_id")) && !INSTALLATION_TABLES.containsKey(rs.getString(1))) {
                    missing.add(rs.getString(1) + " (primary key: " + pk + ")");
                }
            }
        }
        assertEquals(List.of(), missing, "tables whose primary key does not start with tenant_id");
    }
}
