package io.candor.privacy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/privacy.md describes every table and column of the live schema, and nothing that is not there. */
@QuarkusTest
class PrivacyDocumentTest {

    private static final Pattern TABLE = Pattern.compile("^### `([a-z_]+)`$");
    private static final Pattern COLUMN = Pattern.compile("^\\| `([a-z_0-9]+)` \\| (.+) \\|$");

    @Inject
    AgroalDataSource db;

    @Test
    void everyTableAndColumnIsDocumented() throws Exception {
        Map<String, List<String>> documented = new LinkedHashMap<>();
        String table = null;
        for (String line : Files.readAllLines(Path.of("docs/privacy.md"))) {
            Matcher t = TABLE.matcher(line);
            if (t.matches()) {
                table = t.group(1);
                documented.put(table, new ArrayList<>());
                continue;
            }
            Matcher c = COLUMN.matcher(line);
            if (table != null && c.matches() && !c.group(2).isBlank()) {
                documented.get(table).add(c.group(1));
            }
        }
        Map<String, List<String>> live = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT c.table_name, c.column_name FROM information_schema.columns c JOIN information_schema.tables t "
                        + "ON t.table_schema = c.table_schema AND t.table_name = c.table_name WHERE c.table_schema = 'public' "
                        + "AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE 'flyway_%' ORDER BY c.table_name, c.ordinal_position")) {
            while (rs.next()) {
                live.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        List<String> missing = new ArrayList<>();
        live.forEach((name, columns) -> columns.stream().filter(col -> !documented.getOrDefault(name, List.of()).contains(col))
                .forEach(col -> missing.add(name + "." + col)));
        List<String> stale = new ArrayList<>();
        documented.forEach((name, columns) -> columns.stream().filter(col -> !live.getOrDefault(name, List.of()).contains(col))
                .forEach(col -> stale.add(name + "." + col)));
        assertEquals(List.of(), missing, "columns the privacy document does not describe");
        assertEquals(List.of(), stale, "columns the privacy document describes but the schema does not have");
    }
}
