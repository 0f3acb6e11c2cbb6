package io.candor.audit;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What anyone can check offline about a tenant's transparency log, with the published public key and what the public
 * endpoints serve: every tree head is signed by the log key; no two heads of the same size differ (a fork); each head
 * is consistent with the one before; and the entries, hashed as leaves, rebuild a head's root (a rewritten, deleted
 * or inserted entry changes it) or are proven included in it.
 */
public final class LogVerifier {

    private LogVerifier() {
    }

    /** The verdict: valid, or every problem found. */
    public record Verdict(boolean valid, List<String> problems) {

        static Verdict of(List<String> problems) {
            return new Verdict(problems.isEmpty(), List.copyOf(problems));
        }
    }

    /**
     * Checks the heads: signatures, forks, and consistency from each size to the next.
     *
     * @param consistency the log's consistency proof between two sizes, {@code (first, second) -> proof}
     */
    public static Verdict heads(PublicKey key, List<TreeHead> heads, BiFunction<Long, Long, List<byte[]>> consistency) {
        List<String> problems = new ArrayList<>();
        List<TreeHead> sorted = heads.stream().sorted(Comparator.comparingLong(TreeHead::treeSize).thenComparingLong(TreeHead::timestamp)).toList();
        for (TreeHead head : sorted) {
            if (!head.verify(key)) {
                problems.add("the head of size " + head.treeSize() + " is not signed by the log key");
            }
        }
        for (int i = 1; i < sorted.size(); i++) {
            TreeHead before = sorted.get(i - 1);
            TreeHead after = sorted.get(i);
            if (before.treeSize() == after.treeSize()) {
                if (!MessageDigest.isEqual(before.rootHash(), after.rootHash())) {
                    problems.add("fork: two heads of size " + after.treeSize() + " with different roots");
                }
                continue;
            }
            if (after.timestamp() < before.timestamp()) {
                problems.add("the head of size " + after.treeSize() + " is older than the head of size " + before.treeSize());
            }
            if (before.treeSize() == 0) {
                continue;
            }
            List<byte[]> proof = consistency.apply(before.treeSize(), after.treeSize());
            if (proof == null || !MerkleTree.verifyConsistency(before.treeSize(), after.treeSize(), before.rootHash(), after.rootHash(), proof)) {
                problems.add("the head of size " + after.treeSize() + " is not consistent with the head of size " + before.treeSize()
                        + ": the log was rewritten between them, or forked");
            }
        }
        return Verdict.of(problems);
    }

    /** Checks that these entries, in order from index 0, are exactly the log the head signs. */
    public static Verdict entries(TreeHead head, List<byte[]> entries) {
        List<String> problems = new ArrayList<>();
        if (entries.size() != head.treeSize()) {
            problems.add("the head signs " + head.treeSize() + " entries; " + entries.size() + " were served");
        }
        List<byte[]> leaves = entries.stream().map(MerkleTree::leafHash).toList();
        byte[] root = MerkleTree.root(leaves);
        if (!MessageDigest.isEqual(root, head.rootHash())) {
            problems.add("the entries hash to " + HexFormat.of().formatHex(root) + ", not to the signed root "
                    + HexFormat.of().formatHex(head.rootHash()) + ": an entry was changed, removed or inserted");
        }
        return Verdict.of(problems);
    }

    /** Checks that one entry is the leaf at {@code index} of the tree the head signs. */
    public static Verdict inclusion(TreeHead head, long index, byte[] entry, List<byte[]> proof) {
        return MerkleTree.verifyInclusion(index, head.treeSize(), MerkleTree.leafHash(entry), proof, head.rootHash())
                ? Verdict.of(List.of())
                : Verdict.of(List.of("entry " + index + " is not in the tree of size " + head.treeSize() + " as served"));
    }
}
