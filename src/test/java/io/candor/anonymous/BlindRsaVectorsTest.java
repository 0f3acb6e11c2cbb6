package io.candor.anonymous;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published test vectors of RSA blind signatures (draft-irtf-cfrg-rsa-blind-signatures, which became RFC 9474),
 * as Cloudflare's CIRCL ships them (blindsign/blindrsa/testdata/test_vectors.json, BSD-3-Clause; Debian's
 * golang-github-cloudflare-circl-dev 1.3.1): a 4096-bit key with a 48-byte salt (the SHA-384/PSS core of
 * RSABSSA-SHA384-PSS-*) and a 2048-bit key with no salt (PSSZERO). Each step is checked against the vector: the
 * encoding, the blinding with the vector's blind, the server's blind signature, the finalized signature and its
 * verification. The Randomized variant Candor uses adds a 32-byte prefix to the message before these steps.
 */
class BlindRsaVectorsTest {

    static final HexFormat HEX = HexFormat.of();

    @Test
    void everyPublishedVectorPassesEveryStep() throws Exception {
        JsonNode vectors;
        try (InputStream in = BlindRsaVectorsTest.class.getResourceAsStream("/anonymous/rsabssa-vectors.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        assertEquals(2, vectors.size());
        for (JsonNode v : vectors) {
            BigInteger p = big(v, "p");
            BigInteger q = big(v, "q");
            BigInteger n = big(v, "n");
            BigInteger e = big(v, "e");
            BigInteger d = big(v, "d");
            assertEquals(n, p.multiply(q));
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPublicKey publicKey = (RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(n, e));
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new RSAPrivateCrtKeySpec(n, e, d, p, q,
                    d.mod(p.subtract(BigInteger.ONE)), d.mod(q.subtract(BigInteger.ONE)), q.modInverse(p)));
            byte[] message = bytes(v, "msg");
            byte[] salt = bytes(v, "salt");

            assertArrayEquals(bytes(v, "encoded_msg"), BlindRsa.emsaPssEncode(message, n.bitLength() - 1, salt), "encoded message");
            BlindRsa.Blinded blinded = BlindRsa.blind(publicKey, message, salt, big(v, "inv"));
            assertArrayEquals(bytes(v, "blinded_msg"), blinded.blindedMessage(), "blinded message");
            byte[] blindSignature = BlindRsa.blindSign(privateKey, blinded.blindedMessage());
            assertArrayEquals(bytes(v, "blind_sig"), blindSignature, "blind signature");
            byte[] signature = BlindRsa.finalizeSignature(publicKey, message, blinded, blindSignature, salt.length);
            assertArrayEquals(bytes(v, "sig"), signature, "signature");
            assertTrue(BlindRsa.verify(publicKey, message, signature, salt.length));

            byte[] other = message.clone();
            other[0] ^= 1;
            assertFalse(BlindRsa.verify(publicKey, other, signature, salt.length), "another message");
            byte[] forged = signature.clone();
            forged[forged.length - 1] ^= 1;
            assertFalse(BlindRsa.verify(publicKey, message, forged, salt.length), "a changed signature");
        }
    }

    @Test
    void theRandomizedVariantRoundTripsAndNeverRepeats() {
        KeyPair key = BlindRsa.newKey();
        RSAPublicKey publicKey = (RSAPublicKey) key.getPublic();
        byte[] message = "a token".getBytes();
        byte[] first = BlindRsa.prepare(message);
        byte[] second = BlindRsa.prepare(message);
        assertFalse(Arrays.equals(first, second), "a fresh prefix each time");
        BlindRsa.Blinded one = BlindRsa.blind(publicKey, first);
        BlindRsa.Blinded two = BlindRsa.blind(publicKey, first);
        assertFalse(Arrays.equals(one.blindedMessage(), two.blindedMessage()), "the server sees unrelated values for the same message");
        byte[] signature = BlindRsa.finalizeSignature(publicKey, first, one, BlindRsa.blindSign((RSAPrivateCrtKey) key.getPrivate(), one.blindedMessage()));
        assertTrue(BlindRsa.verify(publicKey, first, signature));
        assertFalse(BlindRsa.verify((RSAPublicKey) BlindRsa.newKey().getPublic(), first, signature), "another key's signature");
        assertThrows(IllegalArgumentException.class, () -> BlindRsa.blindSign((RSAPrivateCrtKey) key.getPrivate(), new byte[256]), "zero");
        assertThrows(IllegalArgumentException.class, () -> BlindRsa.blindSign((RSAPrivateCrtKey) key.getPrivate(), new byte[12]), "short");
        byte[] tooBig = new byte[256];
        Arrays.fill(tooBig, (byte) 0xFF);
        assertThrows(IllegalArgumentException.class, () -> BlindRsa.blindSign((RSAPrivateCrtKey) key.getPrivate(), tooBig), "not below n");
    }

    static BigInteger big(JsonNode v, String field) {
        return new BigInteger(1, bytes(v, field));
    }

    static byte[] bytes(JsonNode v, String field) {
        return HEX.parseHex(v.get(field).asText());
    }
}
