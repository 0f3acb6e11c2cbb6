package io.candor.audit;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signed tree heads: RFC 9162's TreeHeadDataV2 bytes, Ed25519 signatures that hold, and every change that breaks them. */
class TreeHeadTest {

    private static final byte[] ROOT = HexFormat.of().parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void theSignedBytesAreTreeHeadDataV2() {
        byte[] data = TreeHead.signedData(8, ROOT, 0x0102030405060708L);
        assertEquals("0102030405060708" + "0000000000000008" + "20" + HexFormat.of().formatHex(ROOT) + "0000", HexFormat.of().formatHex(data));
    }

    @Test
    void aSignedHeadVerifiesWithItsKeyAndNothingElse() {
        KeyPair log = TreeHead.newKeyPair();
        TreeHead head = TreeHead.sign(log.getPrivate(), 8, ROOT, 1_765_000_000_000L);
        assertTrue(head.verify(log.getPublic()));
        assertTrue(head.verify(TreeHead.published(TreeHead.publish(log.getPublic()))), "the published key verifies it");
        assertFalse(head.verify(TreeHead.newKeyPair().getPublic()), "another tenant's key");
        byte[] otherRoot = ROOT.clone();
        otherRoot[31] ^= 1;
        for (TreeHead forged : List.of(new TreeHead(9, ROOT, head.timestamp(), head.signature()),
                new TreeHead(8, otherRoot, head.timestamp(), head.signature()),
                new TreeHead(8, ROOT, head.timestamp() + 1, head.signature()),
                new TreeHead(8, ROOT, head.timestamp(), new byte[64]),
                new TreeHead(8, ROOT, head.timestamp(), null))) {
            assertFalse(forged.verify(log.getPublic()), "forged " + forged.treeSize());
        }
        assertThrows(IllegalArgumentException.class, () -> TreeHead.published("not a key"));
    }
}
