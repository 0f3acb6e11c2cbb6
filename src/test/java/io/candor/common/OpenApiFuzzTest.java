package io.candor.common;

import io.candor.testing.Db;
import io.candor.testing.OpenApiDocument;
import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At least 100,000 requests over every operation of {@code /q/openapi}, as every kind of caller, with valid,
 * boundary and hostile path parameters, query parameters, headers and bodies (jqwik draws Unicode text, control
 * characters, edge-case and huge numbers and out-of-range dates; fields are missing, mistyped or extra), all of them refusals by construction: a body always
 * carries a field no operation knows, deletions are only tried without a valid credential. Every answer must be
 * a 4xx problem+json (or a 2xx for a read), never a 5xx, and afterwards not one row has changed.
 * {@code -DfuzzRequests=N} changes the count.
 */
@QuarkusTest
class OpenApiFuzzTest {

    static final int REQUESTS = Integer.getInteger("fuzzRequests", 100_000);
    static final int THREADS = 6;
    static final String BASE = "http://localhost:" + Integer.getInteger("quarkus.http.test-port", 8081);
    static final String[] NASTY = {"", "x", "a\u0000b", "\u0000", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\u202e", "\uFEFF", "'; DROP TABLE review; --",
            "\" OR 1=1 --", "<script>alert(1)</script>", "../../etc/passwd", "..", ".", "/", "\\", ";x", "%00", "%zz", "${jndi:ldap://x}", "{{7*7}}",
            "-1", "0", "99999999999999999999", "1e309", "NaN", "true", "null", "+300000-01-01", "-5000-01-01", "+999999999-12-31",
            "2026-02-30", "9999-12-31T23:59:59Z", "ａｂｃ", "\uD83D\uDE00", "x".repeat(300), "x".repeat(5000), "00000000-0000-0000-0000-000000000000",
            "cnd_x", "product", "seller", "review", "response", "newest", "oldest", "helpful", "dead", "pending"};
    static final String[] QUERY = {"limit", "cursor", "sort", "q", "from", "to", "status", "rating", "product", "direction", "as", "party",
            "verified", "type", "next", "format"};
    static final String[] FIELDS = {"transaction", "subject", "rating", "title", "body", "helpful", "ref", "buyer", "seller", "completedAt",
            "products", "url", "secret", "comment", "type", "id", "slug", "displayName", "issuer", "policy", "target", "reason", "details",
            "action", "statement", "redactions", "grounds", "decision", "outcome", "audience", "signInOrigins", "publicKeys"};

    @Inject
    DataSource db;

    record Caller(String name, String header, String value, boolean credentialed) {
    }

    @Test
    void everyOperationAsEveryCallerWithHostileInputIsRefusedCleanlyAndChangesNothing() throws Exception {
        generate(20261205L);
        TestMarketplace market = TestMarketplace.create();
        market.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        String review = market.review("b-1", "o-1", "sku-1", 2, "Too dim for reading.");
        market.report("b-2", review, "spam");
        String caseId = (String) market.openCase("review", review).get("id");
        String cookie = RestAssured.given().redirects().follow(false).header("Origin", BASE).formParam("token", market.token("mod-finder", "moderator"))
                .post("/signin/" + market.slug).then().statusCode(303).extract().cookie("candor_session");
        List<Caller> callers = List.of(
                new Caller("anonymous", null, null, false),
                new Caller("garbage bearer", "Authorization", "Bearer x.y.z", false),
                new Caller("page cookie", "Cookie", "candor_session=" + cookie, false),
                new Caller("buyer", "Authorization", "Bearer " + market.token("b-1", "buyer"), true),
                new Caller("seller", "Authorization", "Bearer " + market.token("s-1", "seller"), true),
                new Caller("moderator", "Authorization", "Bearer " + market.token("mod-finder", "moderator"), true),
                new Caller("marketplace", "Authorization", "Bearer " + market.apiKey, true),
                new Caller("operator", "Authorization", "Bearer " + TestMarketplace.ADMIN_TOKEN, true));
        OpenApiDocument document = OpenApiDocument.live();
        List<String> operations = new ArrayList<>(document.operations());
        java.util.Set<String> withBody = new java.util.HashSet<>();
        operations.stream().filter(document::hasBody).forEach(withBody::add);
        String before = Db.snapshot(db);

        AtomicLong sent = new AtomicLong();
        AtomicLong retried = new AtomicLong();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 20261205L + t;
            int share = REQUESTS / THREADS + (t < REQUESTS % THREADS ? 1 : 0);
            workers.add(pool.submit(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < share && failures.size() < 20; i++) {
                    String operation = operations.get(random.nextInt(operations.size()));
                    String method = operation.substring(0, operation.indexOf(' '));
                    String template = operation.substring(operation.indexOf(' ') + 1);
                    Caller caller = callers.get(random.nextInt(callers.size()));
                    if (!method.equals("GET") && !withBody.contains(operation) && caller.credentialed()) {
                        // a credentialed write without a body (a deletion, an assignment, a new API key) could succeed: never tried here
                        caller = callers.get(random.nextInt(3));
                    }
                    String target = target(random, template, market.slug, review, caseId);
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + target)).timeout(Duration.ofSeconds(30));
                    if (caller.header() != null) {
                        request.header(caller.header(), caller.value());
                    }
                    if (random.nextInt(4) == 0) {
                        request.header("If-Match", random.nextBoolean() ? "\"1\"" : "\"" + random.nextInt(5) + "\"");
                    }
                    if (random.nextInt(6) == 0) {
                        request.header("Origin", "https://evil.example");
                    }
                    byte[] body = body(random);
                    String contentType = switch (random.nextInt(8)) {
                        case 0 -> "text/plain";
                        case 1 -> "application/x-www-form-urlencoded";
                        default -> "application/json";
                    };
                    request.header("Content-Type", contentType);
                    boolean hasBody = !method.equals("GET") && !method.equals("DELETE");
                    request.method(method, hasBody ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody());
                    try {
                        HttpRequest built = request.build();
                        HttpResponse<String> response;
                        try {
                            response = http.send(built, HttpResponse.BodyHandlers.ofString());
                        } catch (java.io.IOException e) {
                            if (!String.valueOf(e.getMessage()).contains("received no bytes")) {
                                throw e;
                            }
                            // not one byte of an answer on a pooled keep-alive connection (seen once in 100,000
                            // requests on a busy machine, not reproduced): sent once more on a new connection, and that
                            // answer is judged like every other; an input that makes the server hang up fails again
                            retried.incrementAndGet();
                            response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build()
                                    .send(built, HttpResponse.BodyHandlers.ofString());
                        }
                        sent.incrementAndGet();
                        int status = response.statusCode();
                        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                        String what = method + " " + target + " as " + caller.name() + " answered " + status;
                        if (status >= 500) {
                            failures.add(what + ": " + response.body());
                        } else if (status >= 400) {
                            String type = response.headers().firstValue("Content-Type").orElse("");
                            if (!type.startsWith("application/problem+json")) {
                                failures.add(what + " without problem+json (" + type + ")");
                            } else if (response.body().contains("Exception") || response.body().contains("org.")) {
                                failures.add(what + " leaks internals: " + response.body());
                            }
                        } else if (status / 100 == 2 && !method.equals("GET")) {
                            failures.add(what + ": a write was accepted: " + response.body());
                        }
                    } catch (Exception e) {
                        failures.add(method + " " + target + " as " + caller.name() + ": " + e);
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        System.out.printf("OpenApiFuzzTest: %d requests over %d operations, statuses %s, 5xx: %d, sent again on a new connection: %d%n", sent.get(),
                operations.size(), new java.util.TreeMap<>(statuses), statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(e -> e.getValue().get()).sum(),
                retried.get());
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(REQUESTS, sent.get());
        assertEquals(before, Db.snapshot(db), "no refused request changed a row");
    }

    static String target(Random random, String template, String slug, String review, String caseId) {
        StringBuilder path = new StringBuilder();
        for (String segment : template.substring(1).split("/")) {
            path.append('/');
            if (!segment.startsWith("{")) {
                path.append(segment);
                continue;
            }
            String value = switch (segment) {
                case "{tenant}", "{slug}" -> random.nextInt(3) > 0 ? slug : nasty(random);
                case "{id}" -> random.nextInt(3) > 0 ? (template.contains("/cases/") ? caseId : review) : nasty(random);
                case "{type}" -> random.nextBoolean() ? "product" : nasty(random);
                case "{ref}" -> random.nextBoolean() ? "sku-1" : nasty(random);
                default -> nasty(random);
            };
            path.append(value.isEmpty() ? "x" : encode(value));
        }
        int params = random.nextInt(4);
        for (int i = 0; i < params; i++) {
            path.append(i == 0 ? '?' : '&').append(QUERY[random.nextInt(QUERY.length)]).append('=').append(encode(nasty(random)));
        }
        return path.toString();
    }

    /** Hand-picked hostile values, then what jqwik generates (with its edge cases) for text, numbers and dates. */
    static volatile String[] values = NASTY;
    static volatile String[] numbers = {"0", "-1", "99999999999999999999"};

    static String nasty(Random random) {
        String[] pool = random.nextInt(3) == 0 ? values : random.nextBoolean() ? NASTY : numbers;
        return pool[random.nextInt(pool.length)];
    }

    /** Draws the generated pools once, in a jqwik session, so that the workers only pick from arrays. */
    static void generate(long seed) {
        JqwikSession.start();
        try {
            Random random = new Random(seed);
            List<RandomGenerator<String>> text = List.of(
                    Arbitraries.strings().all().ofMaxLength(40).generator(1000, true),
                    Arbitraries.strings().withCharRange('\u0000', '\u001f').withCharRange('\u007f', '\u009f').ofMaxLength(8).generator(1000, true),
                    Arbitraries.strings().withCharRange('\u2000', '\u206f').withCharRange('\ud800', '\udfff').withCharRange('\ufff0', '\uffff')
                            .ofMaxLength(12).generator(1000, true),
                    Arbitraries.strings().alpha().numeric().withChars("-_.~%;/\\").ofMaxLength(30).generator(1000, true),
                    Arbitraries.integers().between(-300_000, 300_000)
                            .map(year -> String.format("%+d-%02d-%02d", year, 1 + Math.abs(year % 13), 1 + Math.abs(year % 32))).generator(1000, true));
            List<RandomGenerator<String>> number = List.of(
                    Arbitraries.longs().map(String::valueOf).generator(1000, true),
                    Arbitraries.integers().between(-10, 1000).map(String::valueOf).generator(1000, true),
                    Arbitraries.bigIntegers().between(new java.math.BigInteger("-1" + "0".repeat(40)), new java.math.BigInteger("1" + "0".repeat(40)))
                            .map(String::valueOf).generator(1000, true),
                    Arbitraries.bigDecimals().between(new java.math.BigDecimal("-1e30"), new java.math.BigDecimal("1e30")).ofScale(6)
                            .map(java.math.BigDecimal::toPlainString).generator(1000, true));
            String[] drawnText = new String[4000];
            for (int i = 0; i < drawnText.length; i++) {
                drawnText[i] = text.get(i % text.size()).next(random).value();
            }
            String[] drawnNumbers = new String[2000];
            for (int i = 0; i < drawnNumbers.length; i++) {
                drawnNumbers[i] = number.get(i % number.size()).next(random).value();
            }
            values = drawnText;
            numbers = drawnNumbers;
        } finally {
            JqwikSession.finish();
        }
    }

    static String encode(String value) {
        String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        return encoded.length() > 2000 ? encoded.substring(0, 2000) : encoded;
    }

    /** A body no operation can accept: it always holds a field none of them knows, or is no JSON object at all. */
    static byte[] body(Random random) {
        switch (random.nextInt(10)) {
            case 0:
                return new byte[]{'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
            case 1:
                return ("[".repeat(2000) + "]".repeat(2000)).getBytes(StandardCharsets.UTF_8);
            case 2:
                return "{\"rating\": 5,".getBytes(StandardCharsets.UTF_8);
            case 3:
                return "null".getBytes(StandardCharsets.UTF_8);
            default:
                StringBuilder json = new StringBuilder("{\"fuzzUnknownField\":").append(jsonString(nasty(random)));
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    json.append(",\"").append(FIELDS[random.nextInt(FIELDS.length)]).append("\":").append(jsonValue(random, 0));
                }
                return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    static String jsonValue(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 4 : 7)) {
            case 0 -> jsonString(nasty(random));
            case 1 -> numbers[random.nextInt(numbers.length)];
            case 2 -> random.nextBoolean() ? "true" : "null";
            case 3 -> "1e400";
            case 4 -> "{\"type\":" + jsonString(random.nextBoolean() ? "product" : nasty(random)) + ",\"ref\":" + jsonString(nasty(random))
                    + ",\"id\":" + jsonValue(random, depth + 1) + "}";
            case 5 -> "[" + jsonValue(random, depth + 1) + "," + jsonValue(random, depth + 1) + "]";
            default -> "{\"" + FIELDS[random.nextInt(FIELDS.length)] + "\":" + jsonValue(random, depth + 1) + "}";
        };
    }

    static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
