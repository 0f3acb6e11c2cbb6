package io.candor.common;

import java.text.Normalizer;

/**
 * Normalises user text before it is checked, measured or stored: Unicode NFC, line breaks unified to
 * {@code \n}, control and invisible formatting characters removed (bidi overrides, zero-width spaces),
 * runs of blank lines and trailing spaces collapsed, whitespace trimmed at both ends.
 */
public final class TextNormalizer {

    private TextNormalizer() {
    }

    public static String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        String text = Normalizer.normalize(raw, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(text.length());
        int newlines = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\r') {
                if (i < text.length() && text.charAt(i) == '\n') {
                    continue;
                }
                cp = '\n';
            }
            if (cp == '\n' || cp == 0x2028 || cp == 0x2029) {
                stripTrailingSpaces(out);
                newlines++;
                if (newlines <= 2) {
                    out.append('\n');
                }
                continue;
            }
            if (cp == '\t' || Character.isSpaceChar(cp)) {
                if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ' && out.charAt(out.length() - 1) != '\n') {
                    out.append(' ');
                }
                continue;
            }
            if (isInvisible(cp)) {
                continue;
            }
            newlines = 0;
            out.appendCodePoint(cp);
        }
        return out.toString().strip();
    }

    /** Single-line form for titles: every line break becomes a space. */
    public static String normalizeLine(String raw) {
        String text = normalize(raw);
        return text == null ? null : text.replace('\n', ' ').replaceAll(" {2,}", " ");
    }

    private static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        if (type == Character.CONTROL || type == Character.SURROGATE || type == Character.PRIVATE_USE) {
            return true;
        }
        if (type == Character.FORMAT) {
            // Zero-width joiners build emoji sequences and some scripts' letters; every other format
            // character (bidi overrides, zero-width spaces, BOM) only serves to disguise text.
            return cp != 0x200D && cp != 0x200C;
        }
        return cp == 0xFFFD;
    }

    private static void stripTrailingSpaces(StringBuilder out) {
        while (!out.isEmpty() && out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
        }
    }

    /** Length as people count it: code points, not UTF-16 units. */
    public static int length(String text) {
        return text == null ? 0 : text.codePointCount(0, text.length());
    }
}
