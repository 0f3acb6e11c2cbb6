// Candor benchmark helpers; a dependency-free single-file program: java bench/Tools.java <command> ...
//
//   keygen <dir>                              RSA-2048 key pair: <dir>/private.der (PKCS#8) and <dir>/public.pem
//   tenant-json <slug> <issuer> <public.pem>  the body of POST /api/v1/admin/tenants
//   posts <private.der> <issuer> <in.tsv> <out.txt>
//          in: transaction ref, buyer ref, product ref, n (one line per pre-registered transaction)
//          out: one POST /api/v1/reviews request per line (see OpenLoad.java for the format)
//   votes <private.der> <issuer> <in.tsv> <out.txt>
//          in: voter ref, review id, helpful (t/f)   out: one PUT /api/v1/reviews/{id}/vote per line
//   walk <baseUrl> <tenant> <productRef> <limit> <page>
//          follows nextCursor (sort=helpful) from page 1 to <page>; prints the cursor that fetches <page>
//   captured <postgresql.log>                 the statements executed between "bench capture begin/end <name>" markers
//                                             (log_min_duration_statement = 0), without the outbox poller's
//   jfr-top <file.jfr> <n>                    the n hottest methods (top frame) and the n hottest Candor frames
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Tools {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "keygen" -> keygen(Path.of(args[1]));
            case "tenant-json" -> System.out.println(tenantJson(args[1], args[2], Files.readString(Path.of(args[3]))));
            case "posts" -> posts(Path.of(args[1]), args[2], Path.of(args[3]), Path.of(args[4]));
            case "votes" -> votes(Path.of(args[1]), args[2], Path.of(args[3]), Path.of(args[4]));
            case "walk" -> walk(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            case "jfr-top" -> jfrTop(Path.of(args[1]), Integer.parseInt(args[2]));
            case "captured" -> captured(Path.of(args[1]));
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }

    static void keygen(Path dir) throws Exception {
        Files.createDirectories(dir);
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        Files.write(dir.resolve("private.der"), pair.getPrivate().getEncoded());
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded());
        Files.writeString(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n");
    }

    static String tenantJson(String slug, String issuer, String pem) {
        return "{\"slug\":" + json(slug) + ",\"displayName\":\"Bench marketplace\",\"issuer\":" + json(issuer)
                + ",\"publicKeys\":[" + json(pem) + "]}";
    }

    // ---- JWT (RS256) ------------------------------------------------------------------------------------

    static PrivateKey privateKey(Path der) throws Exception {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(der)));
    }

    static String jwt(PrivateKey key, String issuer, String subject, long now) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        // short-lived: two hours covers preparation and every load step
        String claims = "{\"iss\":" + json(issuer) + ",\"sub\":" + json(subject) + ",\"groups\":[\"buyer\"],\"iat\":" + now
                + ",\"exp\":" + (now + 7200) + "}";
        String signingInput = header + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature sig = Signature.getInstance("SHA256withRSA");
        sig.initSign(key);
        sig.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(sig.sign());
    }

    // ---- texts without digits, addresses or links, so that no automated check holds them ---------------

    static final String[] OPENERS = {"Bought this for everyday use and", "After a few weeks I can say that it", "Honestly the product",
            "My partner liked it and it", "Compared with the older model it", "Out of the box it"};
    static final String[] MIDDLES = {"works really well", "feels solid and well made", "is good value for the price",
            "arrived quickly and well packed", "does exactly what the description says", "is a bit smaller than expected"};
    static final String[] CLOSERS = {"Would buy again.", "Recommended for beginners.", "Battery life is fine.", "Easy to clean.",
            "The seller answered questions fast.", "Happy with the purchase overall."};

    /** A pronounceable word unique to n, made of letters only (no digit runs that look like phone numbers). */
    static String word(long n) {
        String consonants = "bcdfghjklmnprstvz";
        String vowels = "aeiou";
        StringBuilder sb = new StringBuilder();
        long x = n + 1;
        while (x > 0) {
            sb.append(consonants.charAt((int) (x % consonants.length())));
            x /= consonants.length();
            sb.append(vowels.charAt((int) (x % vowels.length())));
            x /= vowels.length();
        }
        return sb.toString();
    }

    static void posts(Path der, String issuer, Path in, Path out) throws Exception {
        PrivateKey key = privateKey(der);
        long now = Instant.now().getEpochSecond();
        List<String> lines = Files.readAllLines(in).stream().filter(l -> !l.isBlank()).toList();
        // one token per request (each buyer is new); signing is the slow part, so it runs on every core
        String[] requests = new String[lines.size()];
        java.util.stream.IntStream.range(0, lines.size()).parallel().forEach(i -> {
            String[] f = lines.get(i).split("\t");
            long n = Long.parseLong(f[3]);
            int rating = new int[]{5, 5, 5, 5, 5, 5, 4, 4, 3, 1}[(int) (n % 10)] - (n % 37 == 0 ? 1 : 0);
            String body = OPENERS[(int) (n % OPENERS.length)] + " " + MIDDLES[(int) ((n / 6) % MIDDLES.length)] + ". "
                    + CLOSERS[(int) ((n / 36) % CLOSERS.length)] + " Nickname of this unit: " + word(n) + " " + word(run(f[0])) + ".";
            String json = "{\"transaction\":" + json(f[0]) + ",\"subject\":{\"type\":\"product\",\"ref\":" + json(f[2]) + "},\"rating\":"
                    + Math.max(1, rating) + ",\"title\":" + json("Review " + word(n)) + ",\"body\":" + json(body) + "}";
            try {
                String headers = "Authorization: Bearer " + jwt(key, issuer, f[1], now) + "|Content-Type: application/json|Idempotency-Key: "
                        + "bench-" + f[0];
                requests[i] = "POST\t/api/v1/reviews\t" + headers + "\t" + json;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Files.write(out, List.of(requests));
    }

    /** The run number in a transaction ref "bt-r<run>-svc-<n>": bodies of different runs must differ (duplicate-text check). */
    static long run(String tref) {
        String[] parts = tref.split("-");
        return parts.length > 1 && parts[1].startsWith("r") ? Long.parseLong(parts[1].substring(1)) : 0;
    }

    static void votes(Path der, String issuer, Path in, Path out) throws Exception {
        PrivateKey key = privateKey(der);
        long now = Instant.now().getEpochSecond();
        Map<String, String> tokens = new HashMap<>();
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            for (String line : Files.readAllLines(in)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                String token = tokens.get(f[0]);
                if (token == null) {
                    token = jwt(key, issuer, f[0], now);
                    tokens.put(f[0], token);
                }
                w.write("PUT\t/api/v1/reviews/" + f[1] + "/vote\tAuthorization: Bearer " + token + "|Content-Type: application/json\t"
                        + "{\"helpful\":" + ("t".equals(f[2]) ? "true" : "false") + "}");
                w.newLine();
            }
        }
    }

    // ---- cursor walk ------------------------------------------------------------------------------------

    static void walk(String base, String tenant, String product, int limit, int page) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Pattern next = Pattern.compile("\"nextCursor\"\\s*:\\s*\"([^\"]+)\"");
        String cursor = null;
        for (int p = 1; p < page; p++) {
            String uri = base + "/api/v1/public/" + tenant + "/subjects/product/" + product + "/reviews?sort=helpful&limit=" + limit
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("page " + p + " of " + product + ": HTTP " + r.statusCode() + " " + r.body());
            }
            Matcher m = next.matcher(r.body());
            if (!m.find()) {
                throw new IllegalStateException(product + " has only " + p + " pages of " + limit);
            }
            cursor = m.group(1);
        }
        System.out.println(cursor);
    }

    // ---- SQL capture ------------------------------------------------------------------------------------

    static void captured(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        Pattern begin = Pattern.compile("bench capture (begin|end) (\\w+)");
        Pattern stmt = Pattern.compile("LOG:  duration: [0-9.]+ ms  (execute [^:]*|statement): (.*)");
        Pattern entry = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d ");
        String section = null;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            Matcher b = begin.matcher(l);
            if (b.find()) {
                section = b.group(1).equals("begin") ? b.group(2) : null;
                if (section != null) {
                    System.out.println();
                    System.out.println("== " + section);
                }
                continue;
            }
            Matcher m = stmt.matcher(l);
            if (section == null || !m.find()) {
                continue;
            }
            StringBuilder sql = new StringBuilder(m.group(2));
            int j = i + 1;
            while (j < lines.size() && !entry.matcher(lines.get(j)).find()) {
                sql.append(' ').append(lines.get(j).strip());
                j++;
            }
            String params = j < lines.size() && lines.get(j).contains("DETAIL:  Parameters:") ? lines.get(j).substring(lines.get(j).indexOf("Parameters:")) : null;
            String text = sql.toString();
            i = j - 1;
            if (text.contains("FROM outbox_event WHERE status") || text.contains("UPDATE outbox_event e SET status = 'skipped'")
                    || text.contains("bench capture")) {
                continue; // the outbox poller runs on its own schedule
            }
            System.out.println(text);
            if (params != null) {
                System.out.println("    -- " + (params.length() > 600 ? params.substring(0, 600) + "..." : params));
            }
        }
    }

    // ---- JFR --------------------------------------------------------------------------------------------

    static void jfrTop(Path file, int n) throws IOException {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> candor = new HashMap<>();
        int samples = 0;
        try (jdk.jfr.consumer.RecordingFile rf = new jdk.jfr.consumer.RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                jdk.jfr.consumer.RecordedEvent e = rf.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                    continue;
                }
                List<jdk.jfr.consumer.RecordedFrame> frames = e.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                samples++;
                top.merge(name(frames.get(0)), 1, Integer::sum);
                for (jdk.jfr.consumer.RecordedFrame f : frames) {
                    if (f.getMethod().getType().getName().startsWith("io.candor.")) {
                        candor.merge(name(f), 1, Integer::sum);
                        break;
                    }
                }
            }
        }
        System.out.println("Execution samples: " + samples);
        System.out.println();
        print("Hottest methods (top frame)", top, samples, n);
        System.out.println();
        print("Hottest Candor frames (innermost io.candor frame of each sample)", candor, samples, n);
    }

    static String name(jdk.jfr.consumer.RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    static void print(String title, Map<String, Integer> counts, int total, int n) {
        System.out.println(title + ":");
        System.out.println();
        System.out.println("| samples | share | method |");
        System.out.println("|---:|---:|---|");
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort((a, b) -> b.getValue() - a.getValue());
        for (Map.Entry<String, Integer> e : sorted.subList(0, Math.min(n, sorted.size()))) {
            System.out.printf("| %d | %.1f %% | `%s` |%n", e.getValue(), 100.0 * e.getValue() / Math.max(1, total), e.getKey());
        }
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
