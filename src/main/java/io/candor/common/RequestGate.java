package io.candor.common;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one decision about a request's target, taken once before anything else reads it. A target is
 * canonical when its path has no path parameters ({@code ;}), no backslash, no encoded slash or
 * backslash, no empty, {@code .} or {@code ..} segment, no control character and no broken
 * percent-encoding, and its query has no control character and decodes as UTF-8. Authentication,
 * CSRF, rate limiting and metrics then all read the same {@link #canonicalPath(String) decoded path},
 * so no layer can see a different request than another.
 */
public final class RequestGate {

    /** Longest request target (path and query) Candor reads; longer ones are refused with 414. */
    public static final int MAX_TARGET_LENGTH = 8192;

    private RequestGate() {
    }

    /** Why a request target is refused. */
    public record Refusal(int status, String detail) {
    }

    /** Empty when the target is canonical; otherwise why not. */
    public static Optional<Refusal> check(String target) {
        if (target == null || target.isEmpty() || target.charAt(0) != '/') {
            return refuse("The request target must be an absolute path.");
        }
        if (target.length() > MAX_TARGET_LENGTH) {
            return Optional.of(new Refusal(414, "Request addresses are limited to " + MAX_TARGET_LENGTH + " characters."));
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == ';') {
                return refuse("Path parameters (';') are not accepted in a request path.");
            }
            if (c == '\\') {
                return refuse("Backslashes are not accepted in a request path.");
            }
            if (c < 0x20 || c == 0x7f) {
                return refuse("Control characters are not accepted in a request path.");
            }
        }
        Optional<String> decoded = decode(path, false);
        if (decoded.isEmpty()) {
            return refuse("The request path has a broken percent-encoding or is not UTF-8.");
        }
        if (path.indexOf('%') >= 0 && (containsIgnoreCase(path, "%2f") || containsIgnoreCase(path, "%5c"))) {
            return refuse("Encoded slashes and backslashes are not accepted in a request path.");
        }
        String canonical = decoded.get();
        if (hasControl(canonical)) {
            return refuse("Control characters are not accepted in a request path.");
        }
        if (canonical.contains("//") || canonical.contains("\\") || canonical.contains(";")) {
            return refuse("Empty path segments are not accepted.");
        }
        if (hasDotSegment(canonical)) {
            return refuse("Dot segments ('.' and '..') are not accepted in a request path.");
        }
        if (canonical.length() > 1 && canonical.endsWith("/") && canonical.startsWith("/api/")) {
            return refuse("API paths do not end with '/'.");
        }
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return refuse("Control characters are not accepted in a query.");
            }
        }
        Optional<String> decodedQuery = decode(query, true);
        if (decodedQuery.isEmpty()) {
            return refuse("The query has a broken percent-encoding or is not UTF-8.");
        }
        if (hasControl(decodedQuery.get())) {
            return refuse("Control characters (such as NUL) are not accepted in a query.");
        }
        return Optional.empty();
    }

    /** Whether a segment between slashes is "." or ".." (a scan: this runs on every request). */
    static boolean hasDotSegment(String path) {
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                int length = i - start;
                if ((length == 1 || length == 2) && path.charAt(start) == '.' && (length == 1 || path.charAt(start + 1) == '.')) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    private static boolean containsIgnoreCase(String text, String asciiLower) {
        for (int i = 0; i + asciiLower.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, asciiLower, 0, asciiLower.length())) {
                return true;
            }
        }
        return false;
    }

    /** The decoded path of a target that {@link #check} accepted. */
    public static String canonicalPath(String target) {
        int q = target.indexOf('?');
        return decode(q < 0 ? target : target.substring(0, q), false).orElseThrow();
    }

    /** The API and the operations endpoints; everything else is a page a browser navigates to. */
    public static boolean isApi(String canonicalPath) {
        return canonicalPath.equals("/api") || canonicalPath.startsWith("/api/") || canonicalPath.equals("/q") || canonicalPath.startsWith("/q/");
    }

    /**
     * Controls that no text Candor stores may hold: C0 controls but tab, line feed and carriage return, DEL
     * and the C1 controls. Unpaired surrogates count too: they cannot be stored as UTF-8.
     */
    public static boolean hasControl(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f)) {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Strict percent-decoding into UTF-8; empty on a broken escape or bytes that are not UTF-8. */
    static Optional<String> decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return Optional.of(s);
        }
        ByteBuffer bytes = ByteBuffer.allocate(s.length() * 3);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.put((byte) (hi * 16 + lo));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.put((byte) ' ');
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        bytes.flip();
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static Optional<Refusal> refuse(String detail) {
        return Optional.of(new Refusal(400, detail));
    }
}
