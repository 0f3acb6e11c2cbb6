package io.candor.moderation.check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fingerprint two reviews share when they say the same thing (check code {@value #CHECK_CODE}): a SHA-256
 * of the text folded to lower case without accents, punctuation or emoji, words separated by single spaces,
 * digits kept. Texts too short to be anyone's own words have none, so many honest "Great!" reviews are not held.
 */
public final class TextFingerprint {

    public static final String CHECK_CODE = "duplicate-text";

    /** Letters and digits a text needs before a duplicate says more than "many buyers were happy". */
    public static final int MIN_MEANINGFUL_CHARACTERS = 20;

    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]++");

    private TextFingerprint() {
    }

    /**
     * The hex SHA-256 fingerprint of {@code text}, equal for texts that differ only in case, accents, punctuation
     * and spacing; empty when the text has fewer than {@value #MIN_MEANINGFUL_CHARACTERS} letters and digits.
     */
    public static Optional<String> of(String text) {
        String canonical = NOT_LETTER_OR_DIGIT.matcher(TextFolding.fold(text)).replaceAll(" ").strip();
        long meaningful = canonical.codePoints().filter(cp -> cp != ' ').count();
        if (meaningful < MIN_MEANINGFUL_CHARACTERS) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().formatHex(sha256().digest(canonical.getBytes(StandardCharsets.UTF_8))));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException everyJavaPlatformHasIt) {
            throw new IllegalStateException(everyJavaPlatformHasIt);
        }
    }
}
