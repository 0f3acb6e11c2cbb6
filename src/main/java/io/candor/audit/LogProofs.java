package io.candor.audit;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * RFC 9162 proofs from the stored subtrees: each proof reads the O(log n) subtrees it needs in one query, learned by
 * running the proof once against a {@link MerkleTree.Recorder}.
 */
@ApplicationScoped
public class LogProofs {

    private final LogRepository log;

    public LogProofs(LogRepository log) {
        this.log = log;
    }

    private interface Computation<T> {
        T run(MerkleTree.Subtrees nodes);
    }

    private <T> T withNodes(long tenantId, Computation<T> computation) {
        MerkleTree.Recorder recorder = new MerkleTree.Recorder();
        computation.run(recorder);
        Map<List<Long>, byte[]> found = log.nodes(tenantId, recorder.wanted());
        return computation.run((level, index) -> {
            byte[] hash = found.get(List.of((long) level, index));
            if (hash == null) {
                throw new IllegalStateException("the log of tenant " + tenantId + " lacks its subtree " + level + "/" + index);
            }
            return hash;
        });
    }

    /** PATH(leafIndex, D[treeSize]); the caller checks that {@code leafIndex < treeSize ≤} a signed size. */
    public List<byte[]> inclusion(long tenantId, long leafIndex, long treeSize) {
        return withNodes(tenantId, nodes -> MerkleTree.inclusionProof(leafIndex, treeSize, nodes));
    }

    /** PROOF(first, D[second]); the caller checks that {@code 1 ≤ first ≤ second ≤} a signed size. */
    public List<byte[]> consistency(long tenantId, long first, long second) {
        return withNodes(tenantId, nodes -> MerkleTree.consistencyProof(first, second, nodes));
    }

    /** Stored leaf hashes of these indexes (those that exist). */
    Map<List<Long>, byte[]> leafHashes(long tenantId, java.util.Set<List<Long>> wanted) {
        return log.nodes(tenantId, wanted);
    }
}
