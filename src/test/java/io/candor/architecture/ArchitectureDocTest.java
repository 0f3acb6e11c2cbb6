package io.candor.architecture;

import io.candor.review.ResponseStatus;
import io.candor.review.ReviewStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/architecture.md says what the code does: its state diagrams are the transition tables of {@link ReviewStatus}
 * and {@link ResponseStatus}, its package table lists the packages in {@link ArchitectureTest#LAYERS} order, and only
 * repository and query classes (and common.db) hold SQL. A failure prints what the document should say.
 */
class ArchitectureDocTest {

    private static final Path DOC = Path.of("docs/architecture.md");
    private static final Pattern SQL = Pattern.compile("\\b(SELECT\\s|INSERT INTO\\s|DELETE FROM\\s|UPDATE [a-z_]+ (?:[a-z0-9_]+ )?SET\\s|LISTEN\\s|NOTIFY\\s"
            + "|CREATE (?:ROLE|DATABASE|TABLE)|ALTER (?:ROLE|TABLE))");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void theReviewStateDiagramIsTheTransitionTable() throws IOException {
        List<String> expected = new ArrayList<>();
        for (ReviewStatus.Transition t : ReviewStatus.TRANSITIONS) {
            expected.add(line(t.from() == null ? null : t.from().code(), t.to().code(), t.rule()));
        }
        assertEquals(diagram(expected), section("review-states"), "docs/architecture.md's review state diagram");
    }

    @Test
    void theResponseStateDiagramIsTheTransitionTable() throws IOException {
        List<String> expected = new ArrayList<>();
        for (ResponseStatus.Transition t : ResponseStatus.TRANSITIONS) {
            expected.add(line(t.from() == null ? null : t.from().code(), t.to().code(), t.rule()));
        }
        assertEquals(diagram(expected), section("response-states"), "docs/architecture.md's response state diagram");
    }

    @Test
    void thePackageTableFollowsTheLayers() throws IOException {
        List<String> listed = new ArrayList<>();
        Matcher m = Pattern.compile("^\\| `([a-z]+)` \\|", Pattern.MULTILINE).matcher(section("packages"));
        while (m.find()) {
            listed.add(m.group(1));
        }
        assertEquals(List.of(ArchitectureTest.LAYERS), listed, "the package table of docs/architecture.md, top to bottom");
    }

    @Test
    void onlyRepositoryAndQueryClassesHoldSql() throws IOException {
        List<String> offenders = new ArrayList<>();
        int holders = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/io/candor"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                boolean sql = source.contains("createQuery(") || source.contains("createNativeQuery(");
                Matcher s = STRING.matcher(source);
                while (!sql && s.find()) {
                    sql = SQL.matcher(s.group(1)).find();
                }
                if (!sql) {
                    continue;
                }
                holders++;
                String name = file.getFileName().toString().replace(".java", "");
                boolean allowed = name.endsWith("Repository") || name.endsWith("Queries") || file.toString().contains("/common/db/");
                if (!allowed) {
                    offenders.add(file.toString());
                }
            }
        }
        assertTrue(holders > 20, "the scan finds the repositories (" + holders + ")");
        assertEquals(List.of(), offenders, "classes holding SQL that are not repository or query classes");
    }

    private static String line(String from, String to, String rule) {
        return "    " + (from == null ? "[*]" : from) + " --> " + to + " : " + rule;
    }

    private static String diagram(List<String> lines) {
        return "```mermaid\nstateDiagram-v2\n" + String.join("\n", lines) + "\n```";
    }

    private static String section(String name) throws IOException {
        String doc = Files.readString(DOC);
        String begin = "<!-- " + name + ":begin -->\n";
        String end = "\n<!-- " + name + ":end -->";
        int a = doc.indexOf(begin);
        int b = doc.indexOf(end);
        assertTrue(a >= 0 && b > a, "docs/architecture.md has a " + name + " section");
        return doc.substring(a + begin.length(), b);
    }
}
