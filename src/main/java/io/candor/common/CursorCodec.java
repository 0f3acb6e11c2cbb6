package io.candor.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Opaque keyset cursors: the sort key of the last row seen, bound to the list it came from and signed
 * with the tenant's secret, so a cursor cannot be forged, edited or replayed against another list.
 * A bad cursor is a 400, never a 500.
 */
public final class CursorCodec {

    private static final int TAG_BYTES = 12;
    private static final char SEPARATOR = '\u001f';

    private CursorCodec() {
    }

    /**
     * @param secret the tenant's secret
     * @param scope  what the list is: endpoint, subject, sort and filters; a cursor is only valid for the same scope
     * @param values the sort key of the last row, as strings
     */
    public static String encode(byte[] secret, String scope, List<String> values) {
        String payload = String.join(String.valueOf(SEPARATOR), values);
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        byte[] tag = tag(secret, scope, body);
        ByteBuffer buf = ByteBuffer.allocate(body.length + TAG_BYTES);
        buf.put(tag).put(body);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    public static List<String> decode(byte[] secret, String scope, String cursor, int expectedValues) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > 1024) {
            throw invalid();
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (raw.length < TAG_BYTES) {
            throw invalid();
        }
        byte[] tag = Arrays.copyOfRange(raw, 0, TAG_BYTES);
        byte[] body = Arrays.copyOfRange(raw, TAG_BYTES, raw.length);
        if (!MessageDigest.isEqual(tag, tag(secret, scope, body))) {
            throw invalid();
        }
        String payload = new String(body, StandardCharsets.UTF_8);
        List<String> values = new ArrayList<>(List.of(payload.split(String.valueOf(SEPARATOR), -1)));
        if (values.size() != expectedValues) {
            throw invalid();
        }
        return values;
    }

    private static byte[] tag(byte[] secret, String scope, byte[] body) {
        return Arrays.copyOf(Hmac.sha256(secret, scope.getBytes(StandardCharsets.UTF_8), new byte[]{0}, body), TAG_BYTES);
    }

    public static ProblemException invalid() {
        return new ProblemException(ProblemType.BAD_REQUEST, "The cursor is not valid for this list; start again without it.",
                List.of(new FieldError("cursor", "invalid or expired cursor")), java.util.Map.of());
    }
}
