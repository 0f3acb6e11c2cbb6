package io.candor.audit;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * A signed tree head: the log's size, its root hash and when it was signed, with an Ed25519 signature by the
 * tenant's log key over RFC 9162's {@code TreeHeadDataV2} (section 4.10), TLS-encoded:
 * {@code uint64 timestamp, uint64 tree_size, opaque root_hash<32..2^8-1>, Extension sth_extensions<0..2^16-1>}
 * (no extensions). Anyone holding the published public key can check it offline.
 *
 * @param timestamp milliseconds since the epoch, as RFC 9162 counts them
 */
public record TreeHead(long treeSize, byte[] rootHash, long timestamp, byte[] signature) {

    public static final String ALGORITHM = "Ed25519";

    /** The bytes the signature covers. */
    public static byte[] signedData(long treeSize, byte[] rootHash, long timestamp) {
        if (treeSize < 0 || rootHash == null || rootHash.length < 32 || rootHash.length > 255) {
            throw new IllegalArgumentException("not a tree head");
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + 8 + 1 + rootHash.length + 2);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(timestamp);
            out.writeLong(treeSize);
            out.writeByte(rootHash.length);
            out.write(rootHash);
            out.writeShort(0);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs a tree head with the log's private key. */
    public static TreeHead sign(PrivateKey key, long treeSize, byte[] rootHash, long timestamp) {
        try {
            Signature ed = Signature.getInstance(ALGORITHM);
            ed.initSign(key);
            ed.update(signedData(treeSize, rootHash, timestamp));
            return new TreeHead(treeSize, rootHash.clone(), timestamp, ed.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a tree head", e);
        }
    }

    /** Whether the signature is the log key's over exactly this size, root and time. */
    public boolean verify(PublicKey key) {
        if (signature == null || rootHash == null) {
            return false;
        }
        try {
            Signature ed = Signature.getInstance(ALGORITHM);
            ed.initVerify(key);
            ed.update(signedData(treeSize, rootHash, timestamp));
            return ed.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A fresh Ed25519 key pair for a tenant's log. */
    public static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as published: base64 of its X.509 SubjectPublicKeyInfo. */
    public static String publish(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** A published public key, read back; an IllegalArgumentException when it is not an Ed25519 key. */
    public static PublicKey published(String base64) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }
}
