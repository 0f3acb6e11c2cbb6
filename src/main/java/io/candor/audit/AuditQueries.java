package io.candor.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candor.common.CursorCodec;
import io.candor.common.Jdbc;
import io.candor.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reading the audit log back: newest first, and checking that no entry was changed, removed or slipped in. */
@ApplicationScoped
public class AuditQueries {

    private static final int VERIFY_BATCH = 5_000;

    private final Jdbc jdbc;
    private final ObjectMapper mapper;

    public AuditQueries(Jdbc jdbc, ObjectMapper mapper) {
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    @Schema(name = "AuditEntry")
    public record Entry(long seq, Instant at, Actor actor, String action, Target target,
                        @Schema(description = "Facts of the change (statuses, counts, policy codes); never user text or a party ref") JsonNode data,
                        String prevHash, String hash) {
    }

    @Schema(name = "AuditActor")
    public record Actor(String role, String handle) {
    }

    @Schema(name = "AuditTarget")
    public record Target(String type, String id) {
    }

    /** The chain's verdict; {@code firstBrokenSeq} is the first entry whose hash or link does not hold. */
    @Schema(name = "AuditVerification")
    public record Verification(boolean valid, long entries, Long firstBrokenSeq, String problem) {
    }

    public Page<Entry> list(long tenantId, byte[] cursorSecret, int limit, String cursor) {
        List<Object> params = new ArrayList<>(List.of(tenantId));
        String after = "";
        if (cursor != null) {
            after = "AND seq < ? ";
            params.add(Long.parseLong(CursorCodec.decode(cursorSecret, "audit", cursor, 1).get(0)));
        }
        params.add(limit + 1);
        List<Entry> rows = jdbc.query("SELECT seq, at, actor_role, actor_handle, action, target_type, target_id, data, prev_hash, hash "
                + "FROM audit_entry WHERE tenant_id = ? " + after + "ORDER BY seq DESC LIMIT ?", params, rs -> new Entry(rs.getLong("seq"),
                Jdbc.instant(rs, "at"), new Actor(rs.getString("actor_role"), rs.getString("actor_handle")), rs.getString("action"),
                new Target(rs.getString("target_type"), rs.getString("target_id")), json(rs.getString("data")),
                HexFormat.of().formatHex(rs.getBytes("prev_hash")), HexFormat.of().formatHex(rs.getBytes("hash"))));
        boolean more = rows.size() > limit;
        List<Entry> items = more ? rows.subList(0, limit) : rows;
        String next = more ? CursorCodec.encode(cursorSecret, "audit", List.of(Long.toString(items.get(items.size() - 1).seq()))) : null;
        return new Page<>(List.copyOf(items), next);
    }

    /**
     * Recomputes every entry's hash from its fields and the previous entry's hash, in batches. Sequence numbers
     * must run 1, 2, 3… without gaps, and the last entry must be the chain's recorded head.
     */
    public Verification verify(long tenantId) {
        long expectedSeq = 1;
        byte[] previous = new byte[32];
        while (true) {
            record Row(long seq, byte[] prevHash, byte[] hash, boolean hashHolds) {
            }
            List<Row> rows = jdbc.query("SELECT seq, prev_hash, hash, hash = audit_entry_hash(prev_hash, seq, at, actor_role, actor_handle, action, "
                            + "target_type, target_id, data) AS holds FROM audit_entry WHERE tenant_id = ? AND seq >= ? ORDER BY seq LIMIT ?",
                    List.of(tenantId, expectedSeq, VERIFY_BATCH),
                    rs -> new Row(rs.getLong(1), rs.getBytes(2), rs.getBytes(3), rs.getBoolean(4)));
            for (Row row : rows) {
                if (row.seq() != expectedSeq) {
                    return new Verification(false, expectedSeq - 1, expectedSeq, "entry " + expectedSeq + " is missing");
                }
                if (!java.util.Arrays.equals(row.prevHash(), previous)) {
                    return new Verification(false, expectedSeq - 1, row.seq(), "entry " + row.seq() + " does not link to the entry before it");
                }
                if (!row.hashHolds()) {
                    return new Verification(false, expectedSeq - 1, row.seq(), "entry " + row.seq() + " was changed after it was written");
                }
                previous = row.hash();
                expectedSeq++;
            }
            if (rows.size() < VERIFY_BATCH) {
                break;
            }
        }
        long count = expectedSeq - 1;
        List<Object[]> head = jdbc.query("SELECT seq, hash FROM audit_head WHERE tenant_id = ?", List.of(tenantId),
                rs -> new Object[]{rs.getLong(1), rs.getBytes(2)});
        long headSeq = head.isEmpty() ? 0 : (Long) head.get(0)[0];
        if (headSeq != count || (count > 0 && !java.util.Arrays.equals((byte[]) head.get(0)[1], previous))) {
            return new Verification(false, count, count + 1, "the chain ends at entry " + count + " but its head says " + headSeq);
        }
        return new Verification(true, count, null, null);
    }

    private JsonNode json(String text) {
        try {
            return mapper.readTree(text);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
