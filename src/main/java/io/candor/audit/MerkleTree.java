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

    /** MTH(D[n]) over the leaves' hashes; the hash of the empty string for an empty tree. */
    public static byte[] root(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return sha256().digest();
        }
        return hash(leaves, 0, leaves.size());
    }

    private static byte[] hash(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = split(n);
        return nodeHash(hash(leaves, from, from + k), hash(leaves, from + k, to));
    }

    /** The largest power of two smaller than {@code n} (n ≥ 2). */
    static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }

    /** PATH(m, D[n]): the audit path of leaf {@code m} in the tree of all {@code leaves}. */
    public static List<byte[]> inclusionProof(int m, List<byte[]> leaves) {
        if (m < 0 || m >= leaves.size()) {
            throw new IllegalArgumentException("leaf " + m + " is not in a tree of " + leaves.size());
        }
        List<byte[]> proof = new ArrayList<>();
        path(m, leaves, 0, leaves.size(), proof);
        return proof;
    }

    private static void path(int m, List<byte[]> leaves, int from, int to, List<byte[]> proof) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = split(n);
        if (m < k) {
            path(m, leaves, from, from + k, proof);
            proof.add(hash(leaves, from + k, to));
        } else {
            path(m - k, leaves, from + k, to, proof);
            proof.add(hash(leaves, from, from + k));
        }
    }

    /** PROOF(m, D[n]): that the tree of the first {@code m} leaves is a prefix of the tree of all {@code leaves}. */
    public static List<byte[]> consistencyProof(int m, List<byte[]> leaves) {
        if (m < 1 || m > leaves.size()) {
            throw new IllegalArgumentException("no consistency proof from " + m + " to " + leaves.size());
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(m, leaves, 0, leaves.size(), true, proof);
        return proof;
    }

    private static void subproof(int m, List<byte[]> leaves, int from, int to, boolean complete, List<byte[]> proof) {
        int n = to - from;
        if (m == n) {
            if (!complete) {
                proof.add(hash(leaves, from, to));
            }
            return;
        }
        int k = split(n);
        if (m <= k) {
            subproof(m, leaves, from, from + k, complete, proof);
            proof.add(hash(leaves, from + k, to));
        } else {
            subproof(m - k, leaves, from + k, to, false, proof);
            proof.add(hash(leaves, from, from + k));
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
