package io.candor.moderation.check;

import io.candor.moderation.check.PersonalDataMatch.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds telephone numbers that stand on their own: international ({@code +49 151 2345 6789},
 * {@code 0049 151 23456789}), national with a trunk zero ({@code 0151 23456789}, {@code (030) 1234567}) and
 * North American ({@code 415-555-0132}). Prices, dates, times, order and model numbers fail these shapes.
 */
final class PhoneNumbers {

    /**
     * A run of digits, brackets and single separators, not glued to a word, an amount or another number
     * (a letter, currency sign, '#', or a decimal point before it). Every character is consumed in exactly
     * one way, so the run cannot backtrack.
     */
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\p{L}\\p{N}\\p{Sc}_+#%@.,/-])\\+?\\(?\\+?\\d(?:[\\d()]|[ ./-](?=\\(?\\d))*+");
    private static final Pattern NORTH_AMERICAN = Pattern.compile(
            "(?:1[ .-]?)?(?:\\([2-9]\\d\\d\\) ?|[2-9]\\d\\d[ .-])[2-9]\\d\\d[ .-]\\d{4}");
    /** "01.12.2026" and "01/12/26" have a trunk zero too; "01.23.45.67.89" (French style) does not look like this. */
    private static final Pattern LEADING_DATE = Pattern.compile("\\(?\\d{1,2}([./-])\\d{1,2}\\1(?:\\d{4}|\\d{2}$)");
    private static final Pattern CONTINUES_AS_WORD = Pattern.compile("[-./]?[\\p{L}\\p{N}\\p{Sc}%]");

    private PhoneNumbers() {
    }

    static List<PersonalDataMatch> find(String text) {
        List<PersonalDataMatch> matches = new ArrayList<>();
        Matcher candidate = CANDIDATE.matcher(text);
        while (candidate.find()) {
            int end = withoutUnopenedBracket(text, candidate.start(), candidate.end());
            boolean continuesAsWord = CONTINUES_AS_WORD.matcher(text).region(end, text.length()).lookingAt();
            if (!continuesAsWord && isPhoneNumber(text.substring(candidate.start(), end))) {
                matches.add(new PersonalDataMatch(Kind.PHONE, candidate.start(), end));
            }
        }
        return matches;
    }

    private static boolean isPhoneNumber(String candidate) {
        String digits = Checksums.digitsOf(candidate);
        boolean separated = !digits.equals(candidate);
        if (candidate.startsWith("+") || candidate.startsWith("(+")) {
            int allowed = candidate.contains("(0)") ? 16 : 15;
            return digits.charAt(0) != '0' && digits.length() >= 8 && digits.length() <= allowed;
        }
        if (LEADING_DATE.matcher(candidate).lookingAt() || lastGroupIsSingleDigit(candidate)) {
            return false;
        }
        if (digits.startsWith("00")) {
            // 00 is the international call prefix, but zero-padded order numbers start with it too.
            return separated && digits.charAt(2) != '0' && digits.length() >= 10 && digits.length() <= 17;
        }
        if (digits.startsWith("0")) {
            return isNationalNumber(candidate, digits, separated);
        }
        return NORTH_AMERICAN.matcher(candidate).matches();
    }

    /**
     * A trunk zero and an area code of at least one more digit ("0.123456789" is a decimal). Unseparated,
     * only 10-12 digits, and a 12-digit run that checks as a UPC barcode is a barcode.
     */
    private static boolean isNationalNumber(String candidate, String digits, boolean separated) {
        int firstGroupEnd = 0;
        while (firstGroupEnd < candidate.length() && !isSeparator(candidate.charAt(firstGroupEnd))) {
            firstGroupEnd++;
        }
        if (Checksums.digitsOf(candidate.substring(0, firstGroupEnd)).length() < 2) {
            return false;
        }
        if (separated) {
            return digits.length() >= 9 && digits.length() <= 13;
        }
        return digits.length() >= 10 && digits.length() <= 12 && !(digits.length() == 12 && Checksums.gtin(digits));
    }

    private static boolean lastGroupIsSingleDigit(String candidate) {
        int lastSeparator = -1;
        for (int i = 0; i < candidate.length(); i++) {
            if (isSeparator(candidate.charAt(i))) {
                lastSeparator = i;
            }
        }
        return lastSeparator >= 0 && candidate.length() - lastSeparator - 1 == 1;
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '.' || c == '-' || c == '/';
    }

    /** Drops a closing bracket the number never opened: "(call 0151 23456789)". */
    private static int withoutUnopenedBracket(String text, int start, int end) {
        int open = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == '(') {
                open++;
            } else if (c == ')') {
                open--;
            }
        }
        return open < 0 && text.charAt(end - 1) == ')' ? end - 1 : end;
    }
}
