package io.candor.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/operations.md against the code: every Candor setting (the {@code @ConfigMapping} interfaces and the
 * {@code candor.*} properties read in expressions) and the Quarkus settings an operator tunes have a row in
 * the manual's settings tables, under their environment variable, with the default the code has.
 */
class OperationsManualTest {

    private static final Path MANUAL = Path.of("docs", "operations.md");
    private static final Path PROPERTIES = Path.of("src", "main", "resources", "application.properties");
    private static final Path CLASSES = Path.of("target", "classes");
    /** Quarkus settings set in application.properties that operators change; their rows must show that value. */
    private static final List<String> OPERATOR_QUARKUS_SETTINGS = List.of("quarkus.http.port", "quarkus.http.limits.max-body-size",
            "quarkus.datasource.username", "quarkus.datasource.jdbc.max-size", "quarkus.datasource.jdbc.min-size",
            "quarkus.datasource.jdbc.acquisition-timeout", "quarkus.datasource.replica.jdbc.max-size", "quarkus.flyway.migrate-at-start",
            "quarkus.hibernate-orm.schema-management.strategy");

    private static Map<String, String> rows;
    private static Map<String, String> properties;

    @BeforeAll
    static void readTheManualAndTheProperties() throws IOException {
        rows = new LinkedHashMap<>();
        Pattern row = Pattern.compile("^\\| `([A-Z0-9_]+)` \\| ([^|]*) \\|");
        for (String line : Files.readAllLines(MANUAL)) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                rows.put(m.group(1), m.group(2));
            }
        }
        properties = new LinkedHashMap<>();
        for (String line : Files.readAllLines(PROPERTIES)) {
            int eq = line.indexOf('=');
            if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("%") && eq > 0) {
                properties.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
    }

    @Test
    void everyCandorSettingHasARowWithItsDefault() throws IOException {
        Map<String, Optional<String>> settings = candorSettings();
        assertTrue(settings.size() >= 25, "found the settings: " + settings.keySet());

        List<String> missing = new ArrayList<>();
        settings.forEach((property, fallback) -> {
            String variable = environmentVariable(property);
            String defaultColumn = rows.get(variable);
            Optional<String> effective = Optional.ofNullable(properties.get(property)).or(() -> fallback);
            if (defaultColumn == null) {
                missing.add(variable + " (no row)");
            } else if (effective.isPresent() ? !defaultColumn.contains("`" + effective.get() + "`") : !defaultColumn.startsWith("none")) {
                missing.add(variable + " (default " + effective.orElse("none") + ", manual says " + defaultColumn + ")");
            }
        });
        assertEquals(List.of(), missing, "docs/operations.md against the code");
    }

    @Test
    void theQuarkusSettingsOperatorsTuneHaveARowWithCandorsValue() {
        List<String> wrong = new ArrayList<>();
        for (String property : OPERATOR_QUARKUS_SETTINGS) {
            String value = properties.get(property);
            assertFalse(value == null, property + " is set in application.properties");
            String defaultColumn = rows.get(environmentVariable(property));
            if (defaultColumn == null || !defaultColumn.contains("`" + value + "`")) {
                wrong.add(environmentVariable(property) + " should show `" + value + "`, shows " + defaultColumn);
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** Property name to its built-in default (empty: no default), from the mappings and from ${candor.x:default} expressions. */
    private static Map<String, Optional<String>> candorSettings() throws IOException {
        Map<String, Optional<String>> settings = new LinkedHashMap<>();
        for (Class<?> mapping : configMappings()) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            for (Method method : mapping.getDeclaredMethods()) {
                if (Modifier.isStatic(method.getModifiers()) || method.isDefault()) {
                    continue;
                }
                WithName name = method.getAnnotation(WithName.class);
                WithDefault fallback = method.getAnnotation(WithDefault.class);
                settings.put(prefix + "." + (name != null ? name.value() : kebab(method.getName())),
                        Optional.ofNullable(fallback).map(WithDefault::value));
            }
        }
        Pattern expression = Pattern.compile("\\$?\\{(candor\\.[a-z0-9.-]+):([^}]*)}");
        List<Path> sources = new ArrayList<>(List.of(PROPERTIES));
        try (Stream<Path> java = Files.walk(Path.of("src", "main", "java"))) {
            java.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
        }
        for (Path source : sources) {
            Matcher m = expression.matcher(Files.readString(source));
            while (m.find()) {
                settings.putIfAbsent(m.group(1), Optional.of(m.group(2)));
            }
        }
        return settings;
    }

    private static List<Class<?>> configMappings() throws IOException {
        List<Class<?>> mappings = new ArrayList<>();
        try (Stream<Path> classes = Files.walk(CLASSES)) {
            for (Path file : classes.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$")).toList()) {
                String name = CLASSES.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".").replaceAll("\\.class$", "");
                try {
                    Class<?> type = Class.forName(name, false, OperationsManualTest.class.getClassLoader());
                    if (type.isInterface() && type.isAnnotationPresent(ConfigMapping.class)) {
                        mappings.add(type);
                    }
                } catch (ClassNotFoundException | LinkageError notLoadable) {
                    // generated or build-only classes: no settings of ours
                }
            }
        }
        assertFalse(mappings.isEmpty(), "the @ConfigMapping interfaces under " + CLASSES);
        return mappings;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** How SmallRye Config names a property in the environment. */
    static String environmentVariable(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
