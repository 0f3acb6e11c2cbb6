package io.candor.transparency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candor.audit.LogKeys;
import io.candor.audit.LogProofs;
import io.candor.audit.LogRepository;
import io.candor.audit.TreeHead;
import io.candor.common.HttpCaching;
import io.candor.common.ProblemException;
import io.candor.common.RateLimited;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * The marketplace's transparency log, for anyone to check (RFC 9162 style): the latest signed tree head and the
 * log's public key, every head it signed, inclusion and consistency proofs, and the entries themselves as the exact
 * bytes that were hashed. {@code scripts/verify-log} fetches all of it and checks it offline.
 */
@Path("/api/v1/public/{tenant}/log")
@RateLimited(RateLimited.Budget.PUBLIC_READ)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Public")
@APIResponse(responseCode = "429", description = "rate-limited: too many reads from this address")
public class LogResource {

    static final int MAX_RANGE = 1_000;
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private final LogRepository log;
    private final LogProofs proofs;
    private final LogKeys keys;
    private final TenantDirectory tenants;
    private final HttpCaching caching;
    private final ObjectMapper mapper;

    public LogResource(LogRepository log, LogProofs proofs, LogKeys keys, TenantDirectory tenants, HttpCaching caching, ObjectMapper mapper) {
        this.log = log;
        this.proofs = proofs;
        this.keys = keys;
        this.tenants = tenants;
        this.caching = caching;
        this.mapper = mapper;
    }

    @Schema(name = "SignedTreeHead", description = "Ed25519 over RFC 9162's TreeHeadDataV2: timestamp, tree size, root hash, no extensions")
    public record Head(long treeSize, @Schema(description = "Milliseconds since the epoch") long timestamp,
                       @Schema(description = "base64") String rootHash, @Schema(description = "base64 Ed25519 signature") String signature) {

        static Head of(TreeHead head) {
            return new Head(head.treeSize(), head.timestamp(), B64.encodeToString(head.rootHash()), B64.encodeToString(head.signature()));
        }
    }

    @Schema(name = "LogState")
    public record State(Head head, @Schema(description = "The log's public key: base64 X.509 SubjectPublicKeyInfo") String publicKey, String algorithm) {
    }

    @Schema(name = "TreeHeads")
    public record Heads(List<Head> items) {
    }

    @Schema(name = "InclusionProof")
    public record Inclusion(long leafIndex, long treeSize, @Schema(description = "base64 hashes, RFC 9162 PATH") List<String> path) {
    }

    @Schema(name = "ConsistencyProof")
    public record Consistency(long first, long second, @Schema(description = "base64 hashes, RFC 9162 PROOF") List<String> proof) {
    }

    @Schema(name = "LogEntry")
    public record Entry(long leafIndex, @Schema(description = "base64 of the exact bytes hashed as the leaf: SHA-256(0x00 || leaf)") String leaf,
                        @Schema(description = "The same bytes, parsed (JSON)") JsonNode entry) {
    }

    @Schema(name = "LogEntries")
    public record Entries(List<Entry> items) {
    }

    @GET
    @Operation(summary = "The latest signed tree head and the log's public key")
    @APIResponseSchema(value = State.class, responseDescription = "The log's latest state")
    @APIResponse(responseCode = "404", description = "no such marketplace, or its log has no signed head yet")
    public Response head(@PathParam("tenant") String slug, @HeaderParam("If-None-Match") String ifNoneMatch) {
        TenantContext tenant = tenants.requireSlug(slug);
        TreeHead head = latest(tenant);
        String key = keys.publicKey(tenant.id()).map(TreeHead::publish).orElseThrow(() -> ProblemException.notFound("Signed tree head"));
        return caching.cacheable(ifNoneMatch, new State(Head.of(head), key, TreeHead.ALGORITHM));
    }

    @GET
    @Path("/heads")
    @Operation(summary = "Every signed tree head, by size, from a size on", description = "from ≥ 0 (default 0); limit 1–1000 (default 100).")
    @APIResponseSchema(value = Heads.class, responseDescription = "Signed heads in size order")
    public Response heads(@PathParam("tenant") String slug, @QueryParam("from") String from, @QueryParam("limit") String limit,
                          @HeaderParam("If-None-Match") String ifNoneMatch) {
        TenantContext tenant = tenants.requireSlug(slug);
        long fromSize = number("from", from, 0);
        long count = number("limit", limit, 100);
        if (count < 1 || count > MAX_RANGE) {
            throw ProblemException.invalid("limit", "must be a whole number between 1 and " + MAX_RANGE);
        }
        return caching.cacheable(ifNoneMatch, new Heads(log.heads(tenant.id(), fromSize, (int) count).stream().map(Head::of).toList()));
    }

    @GET
    @Path("/proof/inclusion")
    @Operation(summary = "That the leaf at leafIndex is in the tree of treeSize leaves (default: the latest signed size)")
    @APIResponseSchema(value = Inclusion.class, responseDescription = "The audit path")
    public Response inclusion(@PathParam("tenant") String slug, @QueryParam("leafIndex") String leafIndex, @QueryParam("treeSize") String treeSize,
                              @HeaderParam("If-None-Match") String ifNoneMatch) {
        TenantContext tenant = tenants.requireSlug(slug);
        long size = signedSize(tenant, "treeSize", treeSize);
        long index = number("leafIndex", required("leafIndex", leafIndex), 0);
        if (index >= size) {
            throw ProblemException.invalid("leafIndex", "must be smaller than the tree size " + size);
        }
        return caching.cacheable(ifNoneMatch, new Inclusion(index, size, base64(proofs.inclusion(tenant.id(), index, size))));
    }

    @GET
    @Path("/proof/consistency")
    @Operation(summary = "That the tree of `first` leaves is a prefix of the tree of `second` leaves (default: the latest signed size)")
    @APIResponseSchema(value = Consistency.class, responseDescription = "The consistency proof")
    public Response consistency(@PathParam("tenant") String slug, @QueryParam("first") String first, @QueryParam("second") String second,
                                @HeaderParam("If-None-Match") String ifNoneMatch) {
        TenantContext tenant = tenants.requireSlug(slug);
        long to = signedSize(tenant, "second", second);
        long from = number("first", required("first", first), 0);
        if (from < 1 || from > to) {
            throw ProblemException.invalid("first", "must be between 1 and second (" + to + ")");
        }
        return caching.cacheable(ifNoneMatch, new Consistency(from, to, base64(proofs.consistency(tenant.id(), from, to))));
    }

    @GET
    @Path("/entries")
    @Operation(summary = "The entries from leaf `start` up to, not including, `end`", description = "At most 1000 at once; end is capped at the latest signed size.")
    @APIResponseSchema(value = Entries.class, responseDescription = "Entries in leaf order")
    public Response entries(@PathParam("tenant") String slug, @QueryParam("start") String start, @QueryParam("end") String end,
                            @HeaderParam("If-None-Match") String ifNoneMatch) {
        TenantContext tenant = tenants.requireSlug(slug);
        long from = number("start", required("start", start), 0);
        long to = number("end", required("end", end), 0);
        if (to <= from || to - from > MAX_RANGE) {
            throw ProblemException.invalid("end", "must be after start, by at most " + MAX_RANGE);
        }
        long size = latest(tenant).treeSize();
        List<Entry> items = log.leaves(tenant.id(), from, Math.min(to, size)).stream().map(e -> {
            byte[] leaf = e.leaf().encode();
            return new Entry(e.leafIndex(), B64.encodeToString(leaf), parse(leaf));
        }).toList();
        return caching.cacheable(ifNoneMatch, new Entries(items));
    }

    private TreeHead latest(TenantContext tenant) {
        return log.latestHead(tenant.id()).orElseThrow(() -> ProblemException.notFound("Signed tree head"));
    }

    private long signedSize(TenantContext tenant, String field, String value) {
        long latest = latest(tenant).treeSize();
        if (value == null || value.isEmpty()) {
            return latest;
        }
        long size = number(field, value, 0);
        if (size < 1 || size > latest) {
            throw ProblemException.invalid(field, "must be between 1 and the latest signed tree size " + latest);
        }
        return size;
    }

    private static String required(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ProblemException.invalid(field, "is required");
        }
        return value;
    }

    private static long number(String field, String value, long otherwise) {
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        if (value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ProblemException.invalid(field, "must be a whole number ≥ 0");
        }
        return Long.parseLong(value);
    }

    private static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(B64::encodeToString).toList();
    }

    private JsonNode parse(byte[] leaf) {
        try {
            return mapper.readTree(leaf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
