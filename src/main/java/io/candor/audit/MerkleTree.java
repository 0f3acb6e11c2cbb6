package io.candor.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Merkle tree of RFC 9162 (Certificate Transparency 2.0), section 2.1: SHA-256 with domain separation
 * ({@code 0x00} before a leaf, {@code 0x01} before a node), the tree hash of any size, inclusion proofs (PATH) and
 * consistency proofs (PROOF), and the verification algorithms of sections 2.1.3.2 and 2.1.4.2, which anyone can run
 * with nothing but the proofs, the tree heads and the entries.
 *
 * <p>The proofs are computed from the list of leaf hashes; the sequencer keeps what they need.
 */
public final class MerkleTree {

    public static final int HASH_SIZE = 32;
    private static final byte LEAF = 0x00;
    private static final byte NODE = 0x01;

    private MerkleTree() {
    }

    /** {@code SHA-256(0x00 || entry)}. */
    public static byte[] leafHash(byte[] entry) {
        MessageDigest sha = sha256();
        sha.update(LEAF);
        sha.update(entry);
        return sha.digest();
    }

    /** {@code SHA-256(0x01 || left || right)}. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update(NODE);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /**
     * The complete subtrees a log stores: {@code get(level, index)} is MTH of the {@code 2^level} leaves from
     * {@code index << level}. Every subtree RFC 9162's recursions split into is either such an aligned complete
     * subtree or made of them, so proofs for a tree of n leaves need O(log n) stored hashes, never the leaves.
     */
    @FunctionalInterface
    public interface Subtrees {
        byte[] get(int level, long index);
    }

    /** MTH(D[n]) over the leaves' hashes; the hash of the empty string for an empty tree. */
    public static byte[] root(List<byte[]> leaves) {
        return root(leaves.size(), of(leaves));
    }

    /** MTH(D[size]) from stored subtrees. */
    public static byte[] root(long size, Subtrees nodes) {
        if (size == 0) {
            return sha256().digest();
        }
        return hash(nodes, 0, size);
    }

    /** The subtrees of a list of leaf hashes, computed on demand (for tests and small trees). */
    static Subtrees of(List<byte[]> leaves) {
        return (level, index) -> {
            long from = index << level;
            return level == 0 ? leaves.get((int) from) : nodeHash(of(leaves).get(level - 1, index * 2), of(leaves).get(level - 1, index * 2 + 1));
        };
    }

    private static byte[] hash(Subtrees nodes, long from, long to) {
        long n = to - from;
        if (Long.bitCount(n) == 1) {
            int level = Long.numberOfTrailingZeros(n);
            if (from % n != 0) {
                throw new IllegalStateException("unaligned subtree " + from + ".." + to);
            }
            return nodes.get(level, from >> level);
        }
        long k = split(n);
        return nodeHash(hash(nodes, from, from + k), hash(nodes, from + k, to));
    }

    /** The largest power of two smaller than {@code n} (n ≥ 2). */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** PATH(m, D[n]): the audit path of leaf {@code m} in the tree of all {@code leaves}. */
    public static List<byte[]> inclusionProof(int m, List<byte[]> leaves) {
        return inclusionProof(m, leaves.size(), of(leaves));
    }

    /** PATH(m, D[size]) from stored subtrees. */
    public static List<byte[]> inclusionProof(long m, long size, Subtrees nodes) {
        if (m < 0 || m >= size) {
            throw new IllegalArgumentException("leaf " + m + " is not in a tree of " + size);
        }
        List<byte[]> proof = new ArrayList<>();
        path(m, nodes, 0, size, proof);
        return proof;
    }

    private static void path(long m, Subtrees nodes, long from, long to, List<byte[]> proof) {
        long n = to - from;
        if (n == 1) {
            return;
        }
        long k = split(n);
        if (m < k) {
            path(m, nodes, from, from + k, proof);
            proof.add(hash(nodes, from + k, to));
        } else {
            path(m - k, nodes, from + k, to, proof);
            proof.add(hash(nodes, from, from + k));
        }
    }

    /** PROOF(m, D[n]): that the tree of the first {@code m} leaves is a prefix of the tree of all {@code leaves}. */
    public static List<byte[]> consistencyProof(int m, List<byte[]> leaves) {
        return consistencyProof(m, leaves.size(), of(leaves));
    }

    /** PROOF(m, D[size]) from stored subtrees. */
    public static List<byte[]> consistencyProof(long m, long size, Subtrees nodes) {
        if (m < 1 || m > size) {
            throw new IllegalArgumentException("no consistency proof from " + m + " to " + size);
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(m, nodes, 0, size, true, proof);
        return proof;
    }

    private static void subproof(long m, Subtrees nodes, long from, long to, boolean complete, List<byte[]> proof) {
        long n = to - from;
        if (m == n) {
            if (!complete) {
                proof.add(hash(nodes, from, to));
            }
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(m, nodes, from, from + k, complete, proof);
            proof.add(hash(nodes, from + k, to));
        } else {
            subproof(m - k, nodes, from + k, to, false, proof);
            proof.add(hash(nodes, from, from + k));
        }
    }

    /**
     * The stored subtrees a computation reads, as {@code {level, index}} pairs: run it once against this to learn
     * what to fetch in one query, then again against what was fetched.
     */
    public static final class Recorder implements Subtrees {
        private static final byte[] ZERO = new byte[HASH_SIZE];
        private final java.util.Set<List<Long>> wanted = new java.util.LinkedHashSet<>();

        @Override
        public byte[] get(int level, long index) {
            wanted.add(List.of((long) level, index));
            return ZERO;
        }

        public java.util.Set<List<Long>> wanted() {
            return wanted;
        }
    }

    /**
     * The complete subtrees of a tree of {@code size} leaves that its next leaves are hashed onto: one per bit set
     * in size, largest first, as {@code {level, index}}.
     */
    public static List<long[]> frontier(long size) {
        List<long[]> nodes = new ArrayList<>();
        long offset = 0;
        for (int level = 62; level >= 0; level--) {
            long width = 1L << level;
            if ((size & width) != 0) {
                nodes.add(new long[]{level, offset >> level});
                offset += width;
            }
        }
        return nodes;
    }

    /** A stored complete subtree. */
    public record Node(int level, long index, byte[] hash) {
    }

    /**
     * Appends leaves to a tree of known size from its {@link #frontier} alone, and names every complete subtree the
     * new leaves complete, which is what a log stores for its proofs.
     */
    public static final class Appender {
        private final List<Node> edge = new ArrayList<>();
        private final List<Node> completed = new ArrayList<>();
        private long size;

        /** @param frontier the hashes of {@link #frontier(long)}, in that order */
        public Appender(long size, List<Node> frontier) {
            List<long[]> expected = frontier(size);
            if (expected.size() != frontier.size()) {
                throw new IllegalArgumentException("a tree of " + size + " has " + expected.size() + " frontier nodes, not " + frontier.size());
            }
            for (int i = 0; i < expected.size(); i++) {
                Node node = frontier.get(i);
                if (node.level() != expected.get(i)[0] || node.index() != expected.get(i)[1]) {
                    throw new IllegalArgumentException("frontier node " + i + " of a tree of " + size + " is not " + node.level() + "/" + node.index());
                }
            }
            this.size = size;
            this.edge.addAll(frontier);
        }

        /** Adds one leaf; answers its index. */
        public long append(byte[] leafHash) {
            long index = size++;
            Node node = new Node(0, index, leafHash);
            completed.add(node);
            edge.add(node);
            while (edge.size() >= 2 && edge.get(edge.size() - 1).level() == edge.get(edge.size() - 2).level()) {
                Node right = edge.remove(edge.size() - 1);
                Node left = edge.remove(edge.size() - 1);
                Node parent = new Node(left.level() + 1, left.index() >> 1, nodeHash(left.hash(), right.hash()));
                completed.add(parent);
                edge.add(parent);
            }
            return index;
        }

        public long size() {
            return size;
        }

        /** Every complete subtree the appended leaves made, leaves included. */
        public List<Node> completed() {
            return completed;
        }

        public byte[] root() {
            if (edge.isEmpty()) {
                return sha256().digest();
            }
            byte[] hash = edge.get(edge.size() - 1).hash();
            for (int i = edge.size() - 2; i >= 0; i--) {
                hash = nodeHash(edge.get(i).hash(), hash);
            }
            return hash;
        }
    }

    /** RFC 9162 §2.1.3.2: whether {@code proof} shows leaf {@code index} with this hash in the tree of this size and root. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size || leafHash == null || root == null) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (p == null || p.length != HASH_SIZE || sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /** RFC 9162 §2.1.4.2: whether {@code proof} shows the tree of size {@code first} is a prefix of the tree of size {@code second}. */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (first < 1 || first > second || firstRoot == null || secondRoot == null) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        for (byte[] p : proof) {
            if (p == null || p.length != HASH_SIZE) {
                return false;
            }
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
