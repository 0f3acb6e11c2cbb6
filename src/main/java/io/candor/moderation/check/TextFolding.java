package io.candor.moderation.check;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Folds text to the form people read it in, so that checks comparing words are not fooled by case, accents,
 * full-width or ligature forms: lower case, compatibility-decomposed, combining marks dropped, and the letters
 * that do not decompose spelled out (ß as ss, æ as ae, ø as o).
 */
final class TextFolding {

    private TextFolding() {
    }

    static String fold(String text) {
        String decomposed = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFKD);
        StringBuilder folded = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(cp -> {
            switch (Character.getType(cp)) {
                case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK -> {
                }
                default -> folded.append(spelledOut(cp));
            }
        });
        return folded.toString();
    }

    private static String spelledOut(int cp) {
        return switch (cp) {
            case 'ß', 'ẞ' -> "ss";
            case 'æ' -> "ae";
            case 'œ' -> "oe";
            case 'ø' -> "o";
            case 'ł' -> "l";
            case 'đ' -> "d";
            case 'þ' -> "th";
            case 'ı' -> "i";
            default -> Character.toString(cp);
        };
    }
}
