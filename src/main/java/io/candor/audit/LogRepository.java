package io.candor.audit;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The transparency log's tables: entries, the stored subtrees (log_node), signed heads and each tenant's key. */
@ApplicationScoped
public class LogRepository {

    private static final int CHUNK = 1_000;

    private final Jdbc jdbc;

    public LogRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** An entry as stored, with what its leaf is made of. */
    public record StoredEntry(long entryId, Long leafIndex, Instant at, String role, String handle, byte[] salt, String action, String targetType,
                              String targetId, String data, Instant loggedAt) {

        public LogLeaf leaf() {
            return new LogLeaf(at, role, LogLeaf.commitment(salt, handle), action, targetType, targetId, data);
        }
    }

    private static final String ENTRY_COLUMNS = "entry_id, leaf_index, at, actor_role, actor_handle, actor_salt, action, target_type, target_id, "
            + "data, logged_at";

    private static StoredEntry entry(ResultSet rs) throws SQLException {
        long leaf = rs.getLong("leaf_index");
        return new StoredEntry(rs.getLong("entry_id"), rs.wasNull() ? null : leaf, Jdbc.instant(rs, "at"), rs.getString("actor_role"),
                rs.getString("actor_handle"), rs.getBytes("actor_salt"), rs.getString("action"), rs.getString("target_type"),
                rs.getString("target_id"), rs.getString("data"), Jdbc.instant(rs, "logged_at"));
    }

    /** Tenants with committed entries the sequencer has not integrated yet. */
    List<Long> tenantsWithUnsequenced() {
        return jdbc.query("SELECT DISTINCT tenant_id FROM log_entry WHERE leaf_index IS NULL", List.of(), rs -> rs.getLong(1));
    }

    /** The oldest committed, unsequenced entries, in a stable order (their ids). */
    List<StoredEntry> unsequenced(long tenantId, int limit) {
        return jdbc.query("SELECT " + ENTRY_COLUMNS + " FROM log_entry WHERE tenant_id = ? AND leaf_index IS NULL ORDER BY entry_id LIMIT ?",
                List.of(tenantId, limit), LogRepository::entry);
    }

    /** How many committed entries wait for the sequencer (the partial index of unsequenced entries). */
    long pending(long tenantId) {
        return jdbc.query("SELECT count(*) FROM log_entry WHERE tenant_id = ? AND leaf_index IS NULL", List.of(tenantId), rs -> rs.getLong(1)).get(0);
    }

    /** Entries by leaf index, {@code [start, end)}. */
    public List<StoredEntry> leaves(long tenantId, long start, long end) {
        return jdbc.query("SELECT " + ENTRY_COLUMNS + " FROM log_entry WHERE tenant_id = ? AND leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index",
                List.of(tenantId, start, end), LogRepository::entry);
    }

    /** One entry by its id. */
    public Optional<StoredEntry> entry(long tenantId, long entryId) {
        return jdbc.query("SELECT " + ENTRY_COLUMNS + " FROM log_entry WHERE tenant_id = ? AND entry_id = ?", List.of(tenantId, entryId),
                LogRepository::entry).stream().findFirst();
    }

    /** A page of entries, newest first, before {@code beforeEntryId} if given. */
    List<StoredEntry> newest(long tenantId, Long beforeEntryId, int limit) {
        List<Object> params = new ArrayList<>(List.of(tenantId));
        String before = "";
        if (beforeEntryId != null) {
            before = "AND entry_id < ? ";
            params.add(beforeEntryId);
        }
        params.add(limit);
        return jdbc.query("SELECT " + ENTRY_COLUMNS + " FROM log_entry WHERE tenant_id = ? " + before + "ORDER BY entry_id DESC LIMIT ?", params,
                LogRepository::entry);
    }

    /** The stored subtrees asked for, as {@code {level, index}} → hash; missing ones are absent. */
    Map<List<Long>, byte[]> nodes(long tenantId, Set<List<Long>> wanted) {
        Map<List<Long>, byte[]> found = new HashMap<>();
        if (wanted.isEmpty()) {
            return found;
        }
        Long[] levels = wanted.stream().map(w -> w.get(0)).toArray(Long[]::new);
        Long[] indexes = wanted.stream().map(w -> w.get(1)).toArray(Long[]::new);
        jdbc.query("SELECT n.level, n.index, n.hash FROM unnest(?::bigint[], ?::bigint[]) AS w(level, index) "
                        + "JOIN log_node n ON n.tenant_id = ? AND n.level = w.level AND n.index = w.index",
                List.of(levels, indexes, tenantId), rs -> found.put(List.of((long) rs.getInt(1), rs.getLong(2)), rs.getBytes(3)));
        return found;
    }

    /** Stores the subtrees a sequencing run completed and gives its entries their leaf indexes. */
    void integrate(long tenantId, List<MerkleTree.Node> nodes, List<Long> entryIds, long firstIndex) {
        for (int from = 0; from < nodes.size(); from += CHUNK) {
            List<MerkleTree.Node> chunk = nodes.subList(from, Math.min(nodes.size(), from + CHUNK));
            // rows of VALUES, not INSERT ... SELECT FROM unnest(...): Citus runs that through the coordinator with a COPY
            // on a connection of its own, which turns the sequencer's transaction into a two-phase commit
            StringBuilder sql = new StringBuilder("INSERT INTO log_node (tenant_id, level, index, hash) VALUES ");
            List<Object> parameters = new java.util.ArrayList<>(chunk.size() * 4);
            for (MerkleTree.Node node : chunk) {
                sql.append(parameters.isEmpty() ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
                parameters.add(tenantId);
                parameters.add(node.level());
                parameters.add(node.index());
                parameters.add(node.hash());
            }
            jdbc.update(sql.toString(), parameters);
        }
        for (int from = 0; from < entryIds.size(); from += CHUNK) {
            List<Long> chunk = entryIds.subList(from, Math.min(entryIds.size(), from + CHUNK));
            Long[] ids = chunk.toArray(Long[]::new);
            // the i-th entry of the chunk becomes leaf firstIndex + from + i: computed from its position in the array (an
            // immutable function), with no join to a set-returning function, so that Citus routes it to the tenant's shard
            int updated = jdbc.update("UPDATE log_entry SET leaf_index = ? + array_position(?::bigint[], entry_id) - 1 "
                    + "WHERE tenant_id = ? AND entry_id = ANY (?::bigint[]) AND leaf_index IS NULL", List.of(firstIndex + from, ids, tenantId, ids));
            if (updated != chunk.size()) {
                throw new IllegalStateException("sequenced " + updated + " of " + chunk.size() + " entries of tenant " + tenantId);
            }
        }
    }

    private static TreeHead head(ResultSet rs) throws SQLException {
        return new TreeHead(rs.getLong("tree_size"), rs.getBytes("root_hash"), Jdbc.instant(rs, "signed_at").toEpochMilli(), rs.getBytes("signature"));
    }

    void insertHead(long tenantId, TreeHead head) {
        jdbc.update("INSERT INTO log_head (tenant_id, tree_size, root_hash, signed_at, signature) VALUES (?, ?, ?, ?, ?)",
                List.of(tenantId, head.treeSize(), head.rootHash(), Instant.ofEpochMilli(head.timestamp()), head.signature()));
    }

    public Optional<TreeHead> latestHead(long tenantId) {
        return jdbc.query("SELECT tree_size, root_hash, signed_at, signature FROM log_head WHERE tenant_id = ? ORDER BY tree_size DESC LIMIT 1",
                List.of(tenantId), LogRepository::head).stream().findFirst();
    }

    public Optional<TreeHead> head(long tenantId, long treeSize) {
        return jdbc.query("SELECT tree_size, root_hash, signed_at, signature FROM log_head WHERE tenant_id = ? AND tree_size = ?",
                List.of(tenantId, treeSize), LogRepository::head).stream().findFirst();
    }

    /** Signed heads in size order, from {@code fromSize}. */
    public List<TreeHead> heads(long tenantId, long fromSize, int limit) {
        return jdbc.query("SELECT tree_size, root_hash, signed_at, signature FROM log_head WHERE tenant_id = ? AND tree_size >= ? "
                + "ORDER BY tree_size LIMIT ?", List.of(tenantId, fromSize, limit), LogRepository::head);
    }

    record StoredKey(byte[] publicKey, byte[] sealedPrivate) {
    }

    Optional<StoredKey> key(long tenantId) {
        return jdbc.query("SELECT public_key, sealed_private FROM log_key WHERE tenant_id = ?", List.of(tenantId),
                rs -> new StoredKey(rs.getBytes(1), rs.getBytes(2))).stream().findFirst();
    }

    /** Stores a new key unless the tenant has one; answers whether this one was stored. */
    boolean insertKey(long tenantId, byte[] publicKey, byte[] sealedPrivate, Instant at) {
        return jdbc.update("INSERT INTO log_key (tenant_id, public_key, sealed_private, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                List.of(tenantId, publicKey, sealedPrivate, at)) == 1;
    }
}
