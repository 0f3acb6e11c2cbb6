package io.candor.audit;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One entry of the transparency log as it is hashed into the tree: UTF-8 JSON with a fixed key order and no spaces,
 * <pre>{"v":1,"at":&lt;µs since the epoch&gt;,"actor":{"role":"…","commitment":"&lt;hex&gt;"|null},"action":"…",
 * "target":{"type":"…","id":"…"},"data":&lt;the entry's data, verbatim JSON&gt;}</pre>
 * The public endpoints serve these exact bytes, so a verifier hashes what it is given and never re-encodes.
 * <p>
 * The actor is a commitment, {@code SHA-256(salt || handle)} with a random 16-byte salt kept beside the entry and
 * shown to moderators only: the public can check the log without learning who reported what, and a moderator can
 * show that an entry names a given handle by revealing its salt.
 */
public record LogLeaf(Instant at, String role, byte[] commitment, String action, String targetType, String targetId, String data) {

    public static final int VERSION = 1;

    public LogLeaf {
        at = at.truncatedTo(ChronoUnit.MICROS);
    }

    /** {@code SHA-256(salt || UTF-8 handle)}, or null for an actor without a handle. */
    public static byte[] commitment(byte[] salt, String handle) {
        if (handle == null) {
            return null;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(handle.getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
        StringBuilder json = new StringBuilder(160 + data.length());
        json.append("{\"v\":").append(VERSION).append(",\"at\":").append(micros)
                .append(",\"actor\":{\"role\":").append(quote(role)).append(",\"commitment\":")
                .append(commitment == null ? "null" : "\"" + java.util.HexFormat.of().formatHex(commitment) + "\"")
                .append("},\"action\":").append(quote(action))
                .append(",\"target\":{\"type\":").append(quote(targetType)).append(",\"id\":").append(quote(targetId))
                .append("},\"data\":").append(data).append('}');
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] leafHash() {
        return MerkleTree.leafHash(encode());
    }

    private static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
