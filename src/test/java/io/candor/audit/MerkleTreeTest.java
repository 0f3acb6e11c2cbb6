package io.candor.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 9162's tree hash and proofs against the Certificate Transparency test vectors (the eight leaves of RFC 6962's
 * reference tests), every proof of every pair of sizes up to 40 verified, and every kind of tampering refused.
 */
class MerkleTreeTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};
    private static final String[] ROOTS = {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    private static List<byte[]> leafHashes(int n) {
        List<byte[]> hashes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hashes.add(MerkleTree.leafHash(i < LEAVES.length ? HEX.parseHex(LEAVES[i]) : ("entry " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return hashes;
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    @Test
    void rootsMatchTheReferenceVectors() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", HEX.formatHex(MerkleTree.root(List.of())));
        for (int n = 1; n <= 8; n++) {
            assertEquals(ROOTS[n - 1], HEX.formatHex(MerkleTree.root(leafHashes(n))), "root of " + n);
        }
    }

    @Test
    void proofsMatchTheReferenceVectors() {
        List<byte[]> eight = leafHashes(8);
        assertEquals(List.of("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"), hex(MerkleTree.inclusionProof(0, eight)));
        assertEquals(List.of("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"), hex(MerkleTree.inclusionProof(5, eight)));
        assertEquals(List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"), hex(MerkleTree.inclusionProof(2, leafHashes(3))));
        assertEquals(List.of("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"), hex(MerkleTree.consistencyProof(6, eight)));
        assertEquals(List.of("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"), hex(MerkleTree.consistencyProof(2, leafHashes(5))));
    }

    @Test
    void everyProofVerifiesAndEveryTamperingFails() {
        List<byte[]> all = leafHashes(40);
        for (int n = 1; n <= all.size(); n++) {
            List<byte[]> tree = all.subList(0, n);
            byte[] root = MerkleTree.root(tree);
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = MerkleTree.inclusionProof(m, tree);
                assertTrue(MerkleTree.verifyInclusion(m, n, tree.get(m), proof, root), m + " in " + n);
                // a rewritten entry, another index, another size, a shortened or lengthened path: all refused
                assertFalse(MerkleTree.verifyInclusion(m, n, MerkleTree.leafHash("rewritten".getBytes(StandardCharsets.UTF_8)), proof, root));
                if (n > 1) {
                    assertFalse(MerkleTree.verifyInclusion((m + 1) % n, n, tree.get(m), proof, root), "index");
                    assertFalse(MerkleTree.verifyInclusion(m, n, tree.get(m), proof.subList(0, proof.size() - 1), root), "short");
                }
                if (n < all.size()) {
                    assertFalse(MerkleTree.verifyInclusion(m, n, tree.get(m), proof, MerkleTree.root(all.subList(0, n + 1))), "another tree's root");
                }
                List<byte[]> longer = new ArrayList<>(proof);
                longer.add(root);
                assertFalse(MerkleTree.verifyInclusion(m, n, tree.get(m), longer, root), "long");
            }
            for (int m = 1; m <= n; m++) {
                byte[] first = MerkleTree.root(tree.subList(0, m));
                List<byte[]> proof = MerkleTree.consistencyProof(m, tree);
                assertTrue(MerkleTree.verifyConsistency(m, n, first, root, proof), m + " to " + n);
                if (m < n) {
                    // a fork: the first tree had other contents
                    List<byte[]> forked = new ArrayList<>(tree.subList(0, m));
                    forked.set(m - 1, MerkleTree.leafHash("forked".getBytes(StandardCharsets.UTF_8)));
                    assertFalse(MerkleTree.verifyConsistency(m, n, MerkleTree.root(forked), root, proof), "fork " + m + " to " + n);
                    if (n < all.size()) {
                        assertFalse(MerkleTree.verifyConsistency(m, n, first, MerkleTree.root(all.subList(0, n + 1)), proof), "another second tree");
                    }
                    List<byte[]> broken = new ArrayList<>(proof);
                    byte[] flipped = broken.get(0).clone();
                    flipped[0] ^= 1;
                    broken.set(0, flipped);
                    assertFalse(MerkleTree.verifyConsistency(m, n, first, root, broken), "flipped bit");
                    assertFalse(MerkleTree.verifyConsistency(m, n, first, root, List.of()), "empty proof");
                }
            }
        }
    }

    @Test
    void aLogAppendedInBatchesFromItsFrontierStoresWhatEveryProofNeeds() {
        List<byte[]> all = leafHashes(70);
        java.util.Map<List<Long>, byte[]> stored = new java.util.HashMap<>();
        java.util.Random random = new java.util.Random(9162);
        long size = 0;
        while (size < all.size()) {
            long from = size;
            List<MerkleTree.Node> frontier = MerkleTree.frontier(size).stream()
                    .map(n -> new MerkleTree.Node((int) n[0], n[1], stored.get(List.of(n[0], n[1])))).toList();
            MerkleTree.Appender appender = new MerkleTree.Appender(size, frontier);
            int batch = 1 + random.nextInt(9);
            for (int i = 0; i < batch && appender.size() < all.size(); i++) {
                assertEquals(appender.size(), appender.append(all.get((int) appender.size())));
            }
            for (MerkleTree.Node node : appender.completed()) {
                assertTrue(stored.put(List.of((long) node.level(), node.index()), node.hash()) == null, "a subtree is completed once");
            }
            size = appender.size();
            List<byte[]> tree = all.subList(0, (int) size);
            assertArrayEquals(MerkleTree.root(tree), appender.root(), "root after " + from + " + " + (size - from));
            MerkleTree.Subtrees nodes = (level, index) -> java.util.Objects.requireNonNull(stored.get(List.of((long) level, index)),
                    "stored " + level + "/" + index);
            assertArrayEquals(MerkleTree.root(tree), MerkleTree.root(size, nodes));
            for (int m = 0; m < size; m++) {
                assertEquals(hex(MerkleTree.inclusionProof(m, tree)), hex(MerkleTree.inclusionProof(m, size, nodes)));
                assertEquals(hex(MerkleTree.consistencyProof(m + 1, tree)), hex(MerkleTree.consistencyProof(m + 1, size, nodes)));
            }
            // what a proof reads is known before reading it, and it is logarithmic
            MerkleTree.Recorder recorder = new MerkleTree.Recorder();
            MerkleTree.inclusionProof(0, size, recorder);
            assertTrue(recorder.wanted().size() <= 2 * (64 - Long.numberOfLeadingZeros(size)), recorder.wanted().size() + " nodes for " + size);
        }
        assertEquals(2L * all.size() - Long.bitCount(all.size()), stored.size(), "every complete subtree and nothing else");
        assertThrows(IllegalArgumentException.class, () -> new MerkleTree.Appender(3, List.of()));
    }

    @Test
    void leavesAndNodesCannotBeConfused() {
        byte[] a = MerkleTree.leafHash(new byte[]{1});
        byte[] b = MerkleTree.leafHash(new byte[]{2});
        byte[] concatenated = new byte[64];
        System.arraycopy(a, 0, concatenated, 0, 32);
        System.arraycopy(b, 0, concatenated, 32, 32);
        assertFalse(java.util.Arrays.equals(MerkleTree.nodeHash(a, b), MerkleTree.leafHash(concatenated)),
                "an interior node can never pass as a leaf: second-preimage attacks need the prefixes to be the same");
        assertArrayEquals(MerkleTree.nodeHash(a, b), MerkleTree.root(List.of(a, b)));
    }
}
