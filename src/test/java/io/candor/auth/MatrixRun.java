package io.candor.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.candor.auth.AuthorizationMatrixTest.Row;
import io.candor.auth.MatrixFixture.Who;
import io.candor.common.Problem;
import io.candor.testing.OpenApiDocument;
import io.restassured.response.Response;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The matrix, run once: first every cell of the first marketplace's callers (and the other marketplace's callers
 * on the public operations, which are anyone's), then a snapshot of the first marketplace, then every cell of the
 * other marketplace's callers, then the snapshot again. Each answer is kept for the checks that follow.
 */
record MatrixRun(MatrixFixture fixture, List<Cell> cells, List<String> conventionProblems, Map<String, String> before,
                 Map<String, String> after, Set<String> firstMarketplaceIds) {

    private static final List<String> RECORDED_HEADERS = List.of("Location", "ETag", "Cache-Control", "Idempotent-Replayed", "WWW-Authenticate",
            "Retry-After", "Content-Disposition");

    /** One caller's answer to one operation. */
    record Cell(Row row, Who who, Call call, int status, String contentType, String body, Map<String, String> headers) {

        boolean ok() {
            return status / 100 == 2;
        }

        String name() {
            return row.operation() + " as " + who;
        }

        /** Whether the answer is an image rather than JSON. */
        boolean isBinary() {
            return contentType != null && contentType.startsWith("image/");
        }

        /** What of this answer the document does not say: its status, its media type, its fields, its headers. */
        List<String> undocumented(OpenApiDocument document) {
            List<String> problems = new ArrayList<>();
            JsonNode response = document.responses(row.operation()).path(Integer.toString(status));
            if (response.isMissingNode()) {
                problems.add(name() + ": status " + status + " is not documented");
                return problems;
            }
            String mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
            if (body.isEmpty()) {
                if (document.hasContent(row.operation(), status)) {
                    problems.add(name() + ": " + status + " is documented with a body and came without one");
                }
            } else if (status < 400 && isBinary() && document.schema(row.operation(), status, mediaType).path("format").asText().equals("binary")) {
                // a photo: its media type and binary format are documented; there are no fields to compare
                return problems;
            } else {
                String expected = status >= 400 ? Problem.MEDIA_TYPE : "application/json";
                JsonNode schema = document.schema(row.operation(), status, expected);
                if (!mediaType.equals(expected)) {
                    problems.add(name() + ": " + status + " came as '" + mediaType + "', not " + expected);
                } else if (schema.isMissingNode()) {
                    problems.add(name() + ": " + status + " has a body the document gives no schema for");
                } else {
                    document.undeclared(OpenApiDocument.parse(body), schema).forEach(p -> problems.add(name() + " " + status + ": " + p));
                }
            }
            response.path("headers").fieldNames().forEachRemaining(header -> {
                if (List.of("Location", "ETag", "Cache-Control", "Content-Disposition", "WWW-Authenticate", "Retry-After").contains(header)
                        && headers.get(header) == null) {
                    problems.add(name() + ": " + status + " is documented with the header " + header + " and came without it");
                }
            });
            return problems;
        }

        /**
         * Each party ref in this answer, except a seller's as its own subject: the {@code ref} of a {@code {"type":"seller"}}
         * subject, or the subject key {@code seller:<ref>} (a shop is public by its ref, as a product is).
         */
        List<String> partyRefs(Set<String> refs, Set<String> sellerRefs) {
            if (body.isEmpty() || isBinary()) {
                return List.of();
            }
            List<String> found = new ArrayList<>();
            walk(OpenApiDocument.parse(body), "$", null, refs, sellerRefs, found);
            return found;
        }

        private void walk(JsonNode node, String at, JsonNode parent, Set<String> refs, Set<String> sellerRefs, List<String> found) {
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    refs.stream().filter(field.getKey()::contains).forEach(ref -> found.add(name() + ": " + ref + " as the key " + at + "." + field.getKey()));
                    walk(field.getValue(), at + "." + field.getKey(), node, refs, sellerRefs, found);
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    walk(node.get(i), at + "[" + i + "]", node, refs, sellerRefs, found);
                }
            } else if (node.isTextual()) {
                String text = node.asText();
                boolean sellerSubject = at.endsWith(".ref") && parent != null && "seller".equals(parent.path("type").asText()) && sellerRefs.contains(text)
                        || text.startsWith("seller:") && sellerRefs.contains(text.substring("seller:".length()));
                if (!sellerSubject) {
                    refs.stream().filter(text::contains).forEach(ref -> found.add(name() + ": " + ref + " at " + at));
                }
            }
        }
    }

    /** POSTs that deliberately keep no record of their answer, with the reason (docs/anonymous-reviews.md). */
    static final Map<String, String> WITHOUT_IDEMPOTENCY_KEY = Map.of(
            "POST /api/v1/anonymous/keys", "it answers the same key every time; a stored answer would date the buyer's token",
            "POST /api/v1/anonymous/tokens", "a stored answer would be a record of the blind signature, tied to the buyer",
            "POST /api/v1/public/{tenant}/anonymous/reviews", "a stored answer would hold the author secret in the clear; a retry with the same "
                    + "authorSecret finds its review instead");

    static MatrixRun execute(MatrixFixture fixture, List<Row> rows) {
        List<Cell> cells = new ArrayList<>();
        List<String> conventions = new ArrayList<>();
        for (Row row : rows) {
            for (Who who : Who.values()) {
                if (!who.other() || row.isPublic()) {
                    cells.add(call(fixture, row, who, conventions));
                }
            }
        }
        Map<String, String> before = fixture.snapshot();
        for (Row row : rows) {
            for (Who who : Who.values()) {
                if (who.other() && !row.isPublic()) {
                    cells.add(call(fixture, row, who, conventions));
                }
            }
        }
        Map<String, String> after = fixture.snapshot();
        fixture.stopWebhooks();
        return new MatrixRun(fixture, List.copyOf(cells), List.copyOf(conventions), before, after, fixture.firstMarketplaceIds());
    }

    private static Cell call(MatrixFixture fixture, Row row, Who who, List<String> conventions) {
        Call call = row.request().apply(who);
        String template = row.operation().substring(row.method().length() + 1).replaceAll("\\{[^}]+}", "[^/]+");
        if (!call.method().equals(row.method()) || !call.path().split("\\?")[0].matches(template)) {
            conventions.add(row.operation() + " as " + who + ": the row calls " + call.method() + " " + call.path());
        }
        String key = call.method().equals("POST") && !WITHOUT_IDEMPOTENCY_KEY.containsKey(row.operation()) ? UUID.randomUUID().toString() : null;
        Cell cell = cell(row, who, call, fixture.send(call, who, key));
        if (key != null && cell.ok()) {
            Cell replay = cell(row, who, call, fixture.send(call, who, key));
            if (replay.status() != cell.status() || !"true".equals(replay.headers().get("Idempotent-Replayed")) || !replay.body().equals(cell.body())) {
                conventions.add(cell.name() + ": the repeat with the same Idempotency-Key answered " + replay.status() + " "
                        + replay.headers() + " " + abbreviate(replay.body()) + " instead of the first answer " + cell.status());
            }
        }
        if (row.isPublic() && cell.call().method().equals("GET") && cell.status() == 200 && who == Who.ANONYMOUS) {
            conditionalRead(fixture, cell, conventions);
        }
        return cell;
    }

    /** A public read asked again with its ETag: 304, no body, the same ETag. */
    private static void conditionalRead(MatrixFixture fixture, Cell cell, List<String> conventions) {
        String etag = cell.headers().get("ETag");
        if (etag == null) {
            conventions.add(cell.name() + ": a public read without an ETag");
            return;
        }
        Response again = fixture.send(cell.call().header("If-None-Match", etag), cell.who(), null);
        if (again.statusCode() != 304 || !again.asString().isEmpty() || !etag.equals(again.header("ETag"))) {
            conventions.add(cell.name() + ": If-None-Match with its ETag answered " + again.statusCode() + " " + abbreviate(again.asString()));
        }
    }

    private static Cell cell(Row row, Who who, Call call, Response response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : RECORDED_HEADERS) {
            if (response.header(name) != null) {
                headers.put(name, response.header(name));
            }
        }
        return new Cell(row, who, call, response.statusCode(), response.contentType(), response.asString(), headers);
    }

    List<String> wrongStatuses() {
        return cells.stream().filter(c -> c.status() != c.row().expected(c.who()))
                .map(c -> c.name() + ": expected " + c.row().expected(c.who()) + ", got " + c.status() + " " + abbreviate(c.body()))
                .toList();
    }

    /** The first marketplace's ids in the other marketplace's answers on operations that are not public. */
    List<String> foreignIdsSeen() {
        List<String> seen = new ArrayList<>();
        for (Cell cell : cells) {
            if (cell.who().other() && !cell.row().isPublic()) {
                firstMarketplaceIds.stream().filter(cell.body()::contains).forEach(id -> seen.add(cell.name() + ": " + id));
            }
        }
        return seen;
    }

    Cell answer(String operation, Who who) {
        return cells.stream().filter(c -> c.row().operation().equals(operation) && c.who() == who).findFirst().orElseThrow();
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
