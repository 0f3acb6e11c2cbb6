package io.candor.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline verifier accepts an honest log and catches a rewritten entry, a deleted one, a fork and a forged head. */
class LogVerifierTest {

    private static List<byte[]> entries(int n) {
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(("{\"seq\":" + i + ",\"action\":\"review.created\"}").getBytes(StandardCharsets.UTF_8));
        }
        return entries;
    }

    private static List<byte[]> leaves(List<byte[]> entries) {
        return entries.stream().map(MerkleTree::leafHash).toList();
    }

    private static TreeHead head(KeyPair key, List<byte[]> entries, int size, long at) {
        return TreeHead.sign(key.getPrivate(), size, MerkleTree.root(leaves(entries.subList(0, size))), at);
    }

    @Test
    void anHonestLogVerifies() {
        KeyPair key = TreeHead.newKeyPair();
        List<byte[]> log = entries(20);
        List<TreeHead> heads = List.of(head(key, log, 5, 1000), head(key, log, 12, 2000), head(key, log, 20, 3000), head(key, log, 20, 4000));
        assertTrue(LogVerifier.heads(key.getPublic(), heads, (a, b) -> MerkleTree.consistencyProof(a.intValue(), leaves(log.subList(0, b.intValue()))))
                .valid());
        assertTrue(LogVerifier.entries(heads.get(2), log).valid());
        for (int i = 0; i < 20; i++) {
            assertTrue(LogVerifier.inclusion(heads.get(2), i, log.get(i), MerkleTree.inclusionProof(i, leaves(log))).valid());
        }
    }

    @Test
    void aRewrittenOrDeletedEntryFails() {
        KeyPair key = TreeHead.newKeyPair();
        List<byte[]> log = entries(20);
        TreeHead head = head(key, log, 20, 1000);
        List<byte[]> rewritten = new ArrayList<>(log);
        rewritten.set(7, "{\"seq\":7,\"action\":\"review.kept\"}".getBytes(StandardCharsets.UTF_8));
        assertFalse(LogVerifier.entries(head, rewritten).valid());
        assertFalse(LogVerifier.inclusion(head, 7, rewritten.get(7), MerkleTree.inclusionProof(7, leaves(log))).valid());
        List<byte[]> deleted = new ArrayList<>(log);
        deleted.remove(3);
        assertFalse(LogVerifier.entries(head, deleted).valid());
        List<byte[]> reordered = new ArrayList<>(log);
        reordered.set(3, log.get(4));
        reordered.set(4, log.get(3));
        assertFalse(LogVerifier.entries(head, reordered).valid());
    }

    @Test
    void aForkOrAForgedHeadFails() {
        KeyPair key = TreeHead.newKeyPair();
        List<byte[]> log = entries(20);
        List<byte[]> fork = new ArrayList<>(log.subList(0, 12));
        fork.set(2, "{\"seq\":2,\"action\":\"decision.made\"}".getBytes(StandardCharsets.UTF_8));
        // the log shows one reader a head over its real history and another a head over a rewritten one
        TreeHead honest = head(key, log, 12, 2000);
        TreeHead forked = head(key, fork, 12, 2100);
        TreeHead later = head(key, log, 20, 3000);
        assertFalse(LogVerifier.heads(key.getPublic(), List.of(honest, forked), (a, b) -> List.of()).valid(), "same size, other root");
        assertFalse(LogVerifier.heads(key.getPublic(), List.of(head(key, log, 5, 1000), forked, later),
                (a, b) -> MerkleTree.consistencyProof(a.intValue(), leaves(b == 12 ? fork : log.subList(0, b.intValue())))).valid(),
                "the forked head is not consistent with the later one");
        TreeHead forged = TreeHead.sign(TreeHead.newKeyPair().getPrivate(), 20, later.rootHash(), 3000);
        assertFalse(LogVerifier.heads(key.getPublic(), List.of(forged), (a, b) -> List.of()).valid(), "signed by another key");
    }
}
