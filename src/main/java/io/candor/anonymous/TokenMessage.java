package io.candor.anonymous;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a token signs: the subject and month it is for and 32 random bytes of the client's, as UTF-8 text
 * {@code candor-anonymous-review/1 <tenant> <type> <ref> <epoch> <nonce>} (single spaces, the nonce in base64url), after
 * the Randomized variant's 32-byte prefix. The server never sees it before redemption; the key of the subject and month
 * makes the binding cryptographic, the text lets a refusal say which subject a token is for.
 */
record TokenMessage(String tenant, String subjectType, String subjectRef, String epoch) {

    static final String VERSION = "candor-anonymous-review/1";
    private static final Pattern FORMAT = Pattern.compile(Pattern.quote(VERSION)
            + " ([a-z0-9-]{1,64}) (product|seller) ([A-Za-z0-9._:-]{1,128}) ([0-9]{4}-(?:0[1-9]|1[0-2])) ([A-Za-z0-9_-]{43})");

    /** The message inside a prepared message (prefix, then text), if it has this shape. */
    static Optional<TokenMessage> parse(byte[] prepared) {
        if (prepared.length <= BlindRsa.PREFIX_LENGTH || prepared.length > BlindRsa.PREFIX_LENGTH + 400) {
            return Optional.empty();
        }
        String text = new String(Arrays.copyOfRange(prepared, BlindRsa.PREFIX_LENGTH, prepared.length), StandardCharsets.UTF_8);
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new TokenMessage(m.group(1), m.group(2), m.group(3), m.group(4)));
    }

    /** A message with a fresh nonce, as a client makes it (the widget's module does the same in the browser). */
    static byte[] text(String tenant, String subjectType, String subjectRef, String epoch, byte[] nonce) {
        return (VERSION + " " + tenant + " " + subjectType + " " + subjectRef + " " + epoch + " "
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(nonce)).getBytes(StandardCharsets.UTF_8);
    }
}
