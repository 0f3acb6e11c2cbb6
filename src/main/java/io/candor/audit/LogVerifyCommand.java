package io.candor.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The verifier anyone can run against a marketplace's transparency log ({@code scripts/verify-log}): it fetches the
 * latest signed head and all entries, then checks offline, with
 * nothing but the log's public key, that every head is signed, that no two heads of one size differ (a fork), that
 * each head extends the one before, and that the entries rebuild the signed root. With {@code --state FILE} it
 * remembers the key and the last head it verified, and on the next run proves that the log only grew since: a log
 * that rewrote or forked its history cannot show a consistency proof to a head it signed earlier.
 *
 * With {@code --all-heads} it also checks every head the log ever signed against the next (a monitor's job; one
 * proof per head).
 *
 * <pre>scripts/verify-log https://reviews.example.com my-marketplace [--state ~/.candor-log.json] [--key BASE64] [--all-heads]</pre>
 */
public final class LogVerifyCommand {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Decoder B64 = Base64.getDecoder();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI log;
    private final PrintStream out;

    LogVerifyCommand(URI base, String tenant, PrintStream out) {
        String root = base.toString().replaceAll("/+$", "");
        this.log = URI.create(root + "/api/v1/public/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8) + "/log");
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: verify-log BASE_URL MARKETPLACE [--state FILE] [--key BASE64_PUBLIC_KEY] [--all-heads]");
            System.exit(2);
        }
        Optional<Path> state = Optional.empty();
        Optional<String> key = Optional.empty();
        boolean allHeads = false;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--state" -> state = Optional.of(Path.of(args[++i]));
                case "--key" -> key = Optional.of(args[++i]);
                case "--all-heads" -> allHeads = true;
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        LogVerifier.Verdict verdict = new LogVerifyCommand(URI.create(args[0]), args[1], System.out).verify(key, state, allHeads);
        System.exit(verdict.valid() ? 0 : 1);
    }

    /** Fetches and checks everything; prints what it found, and answers the verdict. */
    public LogVerifier.Verdict verify(Optional<String> pinnedKey, Optional<Path> stateFile, boolean allHeads) {
        List<String> problems = new ArrayList<>();
        try {
            JsonNode latest = get("");
            String published = latest.path("publicKey").asText();
            Optional<JsonNode> state = stateFile.filter(Files::exists).map(LogVerifyCommand::read);
            Optional<String> expectedKey = pinnedKey.or(() -> state.map(s -> s.path("publicKey").asText()));
            if (expectedKey.isPresent() && !expectedKey.get().equals(published)) {
                problems.add("the log now publishes another key than the one pinned: a log serving you alone a key of its own could show you "
                        + "a history nobody else sees");
                return report(problems, null);
            }
            PublicKey key = TreeHead.published(published);
            TreeHead head = head(latest.path("head"));
            List<TreeHead> heads = new ArrayList<>(List.of(head));
            long from = 0;
            while (allHeads) {
                JsonNode page = get("/heads?from=" + from + "&limit=1000").path("items");
                for (JsonNode h : page) {
                    heads.add(head(h));
                }
                if (page.size() < 1000) {
                    break;
                }
                from = heads.get(heads.size() - 1).treeSize() + 1;
            }
            if (allHeads && heads.stream().skip(1).noneMatch(h -> h.treeSize() == head.treeSize() && MessageDigest.isEqual(h.rootHash(), head.rootHash()))) {
                problems.add("the latest head (size " + head.treeSize() + ") is missing from the list of heads");
            }
            if (state.isPresent()) {
                TreeHead before = new TreeHead(state.get().path("treeSize").asLong(), B64.decode(state.get().path("rootHash").asText()),
                        state.get().path("timestamp").asLong(), B64.decode(state.get().path("signature").asText()));
                heads.add(before);
                out.println("last verified: size " + before.treeSize() + ", root " + hex(before.rootHash()));
            }
            problems.addAll(LogVerifier.heads(key, heads, (m, n) -> consistency(m, n)).problems());
            List<byte[]> leaves = new ArrayList<>();
            for (long start = 0; start < head.treeSize(); start += 1000) {
                long end = Math.min(head.treeSize(), start + 1000);
                JsonNode items = get("/entries?start=" + start + "&end=" + end).path("items");
                for (JsonNode item : items) {
                    if (item.path("leafIndex").asLong() != leaves.size()) {
                        problems.add("entry " + leaves.size() + " was not served");
                        return report(problems, head);
                    }
                    leaves.add(B64.decode(item.path("leaf").asText()));
                }
                if (items.size() != end - start) {
                    problems.add("the log served " + items.size() + " entries of " + start + "…" + end);
                    return report(problems, head);
                }
            }
            problems.addAll(LogVerifier.entries(head, leaves).problems());
            out.println("log " + log + ": " + head.treeSize() + " entries, " + heads.size() + " signed heads, root " + hex(head.rootHash()));
            if (problems.isEmpty() && stateFile.isPresent()) {
                ObjectNode saved = JSON.createObjectNode().put("publicKey", published).put("treeSize", head.treeSize())
                        .put("rootHash", Base64.getEncoder().encodeToString(head.rootHash())).put("timestamp", head.timestamp())
                        .put("signature", Base64.getEncoder().encodeToString(head.signature()));
                Files.writeString(stateFile.get(), JSON.writeValueAsString(saved));
            }
            return report(problems, head);
        } catch (IOException | RuntimeException e) {
            problems.add("could not fetch or read the log: " + e.getMessage());
            return report(problems, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted");
            return report(problems, null);
        }
    }

    private LogVerifier.Verdict report(List<String> problems, TreeHead head) {
        if (problems.isEmpty()) {
            out.println("VALID: every head is signed by the log key, each extends the one before, and the entries rebuild the signed root");
        } else {
            problems.forEach(p -> out.println("PROBLEM: " + p));
            out.println("INVALID" + (head == null ? "" : " (latest head: size " + head.treeSize() + ")"));
        }
        return new LogVerifier.Verdict(problems.isEmpty(), List.copyOf(problems));
    }

    private List<byte[]> consistency(long first, long second) {
        try {
            List<byte[]> proof = new ArrayList<>();
            for (JsonNode h : get("/proof/consistency?first=" + first + "&second=" + second).path("proof")) {
                proof.add(B64.decode(h.asText()));
            }
            return proof;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(log + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + log + path + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private static TreeHead head(JsonNode h) {
        return new TreeHead(h.path("treeSize").asLong(), B64.decode(h.path("rootHash").asText()), h.path("timestamp").asLong(),
                B64.decode(h.path("signature").asText()));
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
