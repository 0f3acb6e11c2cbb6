package io.candor.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candor.common.CursorCodec;
import io.candor.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The transparency log as moderators read it: newest first with each entry's place in the tree, proofs, and a full check. */
@ApplicationScoped
public class AuditQueries {

    private static final int VERIFY_BATCH = 5_000;
    private static final HexFormat HEX = HexFormat.of();

    private final LogRepository log;
    private final LogProofs proofs;
    private final LogKeys keys;
    private final ObjectMapper mapper;

    public AuditQueries(LogRepository log, LogProofs proofs, LogKeys keys, ObjectMapper mapper) {
        this.log = log;
        this.proofs = proofs;
        this.keys = keys;
        this.mapper = mapper;
    }

    @Schema(name = "AuditEntry")
    public record Entry(@Schema(description = "The entry's id: stable, and ordered as entries were written") long seq,
                        Instant at, Actor actor, String action, Target target,
                        @Schema(description = "Facts of the change (statuses, counts, policy codes); never user text or a party ref") JsonNode data,
                        @Schema(description = "Its index in the tenant's Merkle tree; null until the sequencer includes it (within about a second)")
                        Long leafIndex,
                        @Schema(description = "The leaf hash of the entry before it in the tree (hex); null for the first leaf and until included")
                        String prevHash,
                        @Schema(description = "Its RFC 9162 leaf hash, SHA-256(0x00 || leaf), hex") String hash) {
    }

    @Schema(name = "AuditActor")
    public record Actor(String role, String handle,
                        @Schema(description = "What the public log shows instead of the handle: SHA-256(salt || handle), hex") String commitment,
                        @Schema(description = "The salt that opens the commitment (hex); shown to moderators only") String salt) {
    }

    @Schema(name = "AuditTarget")
    public record Target(String type, String id) {
    }

    /** The log's verdict; {@code firstBrokenSeq} is the first entry that does not hold. */
    @Schema(name = "AuditVerification")
    public record Verification(boolean valid, @Schema(description = "Entries in the latest signed tree head, all checked") long entries,
                               Long firstBrokenSeq, String problem,
                               @Schema(description = "Entries written but not yet in a signed head") long pending,
                               Long treeSize, String rootHash) {
    }

    /** An entry's inclusion proof against the latest signed head, for the console. */
    @Schema(name = "AuditProof")
    public record Proof(long seq, Long leafIndex, String leafHash, Long treeSize, String rootHash, Instant signedAt, List<String> path) {
    }

    public Page<Entry> list(long tenantId, byte[] cursorSecret, int limit, String cursor) {
        Long before = cursor == null ? null : Long.parseLong(CursorCodec.decode(cursorSecret, "audit", cursor, 1).get(0));
        List<LogRepository.StoredEntry> rows = log.newest(tenantId, before, limit + 1);
        boolean more = rows.size() > limit;
        List<LogRepository.StoredEntry> items = more ? rows.subList(0, limit) : rows;
        Set<List<Long>> previous = new LinkedHashSet<>();
        for (LogRepository.StoredEntry row : items) {
            if (row.leafIndex() != null && row.leafIndex() > 0) {
                previous.add(List.of(0L, row.leafIndex() - 1));
            }
        }
        Map<List<Long>, byte[]> previousHashes = proofs.leafHashes(tenantId, previous);
        List<Entry> entries = items.stream().map(row -> entry(row,
                row.leafIndex() == null || row.leafIndex() == 0 ? null : previousHashes.get(List.of(0L, row.leafIndex() - 1)))).toList();
        String next = more ? CursorCodec.encode(cursorSecret, "audit", List.of(Long.toString(items.get(items.size() - 1).entryId()))) : null;
        return new Page<>(entries, next);
    }

    private Entry entry(LogRepository.StoredEntry row, byte[] previous) {
        LogLeaf leaf = row.leaf();
        return new Entry(row.entryId(), row.at(), new Actor(row.role(), row.handle(), leaf.commitment() == null ? null : HEX.formatHex(leaf.commitment()),
                row.handle() == null ? null : HEX.formatHex(row.salt())), row.action(), new Target(row.targetType(), row.targetId()), json(row.data()),
                row.leafIndex(), previous == null ? null : HEX.formatHex(previous), HEX.formatHex(leaf.leafHash()));
    }

    /** One entry and its inclusion proof against the latest signed head; empty if there is no such entry. */
    public Optional<Proof> proof(long tenantId, long seq) {
        Optional<LogRepository.StoredEntry> found = log.entry(tenantId, seq);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        LogRepository.StoredEntry entry = found.get();
        String leafHash = HEX.formatHex(entry.leaf().leafHash());
        Optional<TreeHead> head = log.latestHead(tenantId);
        if (entry.leafIndex() == null || head.isEmpty() || head.get().treeSize() <= entry.leafIndex()) {
            return Optional.of(new Proof(seq, entry.leafIndex(), leafHash, head.map(TreeHead::treeSize).orElse(null), null, null, List.of()));
        }
        TreeHead h = head.get();
        List<String> path = proofs.inclusion(tenantId, entry.leafIndex(), h.treeSize()).stream().map(HEX::formatHex).toList();
        return Optional.of(new Proof(seq, entry.leafIndex(), leafHash, h.treeSize(), HEX.formatHex(h.rootHash()), Instant.ofEpochMilli(h.timestamp()),
                path));
    }

    /**
     * Checks the whole log against its latest signed head: the head's signature under the tenant's key; leaf indexes
     * 0…n−1 with none missing; every entry, re-encoded from its stored fields, hashing to its stored leaf; and the
     * tree rebuilt from those leaves giving the signed root. An entry changed, removed or slipped in is named.
     */
    public Verification verify(long tenantId) {
        long pending = log.pending(tenantId);
        Optional<TreeHead> latest = log.latestHead(tenantId);
        if (latest.isEmpty()) {
            return new Verification(true, 0, null, null, pending, null, null);
        }
        TreeHead head = latest.get();
        Optional<PublicKey> key = keys.publicKey(tenantId);
        if (key.isEmpty() || !head.verify(key.get())) {
            return broken(head, 0, null, "the latest tree head is not signed by the tenant's log key", pending);
        }
        MerkleTree.Appender tree = new MerkleTree.Appender(0, List.of());
        while (tree.size() < head.treeSize()) {
            long from = tree.size();
            long to = Math.min(head.treeSize(), from + VERIFY_BATCH);
            List<LogRepository.StoredEntry> rows = log.leaves(tenantId, from, to);
            Set<List<Long>> wanted = new LinkedHashSet<>();
            for (long i = from; i < to; i++) {
                wanted.add(List.of(0L, i));
            }
            Map<List<Long>, byte[]> stored = proofs.leafHashes(tenantId, wanted);
            int r = 0;
            for (long i = from; i < to; i++) {
                LogRepository.StoredEntry row = r < rows.size() ? rows.get(r) : null;
                if (row == null || row.leafIndex() != i) {
                    return broken(head, i, null, "the entry at leaf " + i + " is missing", pending);
                }
                r++;
                byte[] hash = row.leaf().leafHash();
                byte[] signed = stored.get(List.of(0L, i));
                if (signed == null || !MessageDigest.isEqual(hash, signed)) {
                    return broken(head, i, row.entryId(), "entry " + row.entryId() + " (leaf " + i + ") was changed after it was logged", pending);
                }
                tree.append(hash);
            }
        }
        if (!MessageDigest.isEqual(tree.root(), head.rootHash())) {
            return broken(head, head.treeSize(), null, "the stored leaves do not rebuild the signed root: the tree was rewritten", pending);
        }
        return new Verification(true, head.treeSize(), null, null, pending, head.treeSize(), HEX.formatHex(head.rootHash()));
    }

    private static Verification broken(TreeHead head, long checked, Long seq, String problem, long pending) {
        return new Verification(false, checked, seq, problem, pending, head.treeSize(), HEX.formatHex(head.rootHash()));
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
