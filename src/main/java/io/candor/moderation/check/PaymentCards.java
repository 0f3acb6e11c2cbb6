package io.candor.moderation.check;

import io.candor.moderation.check.PersonalDataMatch.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds payment card numbers: 13 to 19 digits, whole or in groups of 3 to 8 split by one kind of separator
 * (space or dash), that pass the Luhn check and start the way a card scheme's numbers start (Visa 4, Mastercard
 * 51-55 and 2221-2720, Amex 34/37, and so on). A 13- or 14-digit run that checks as an EAN/GTIN barcode is a
 * barcode, and a number after a '+' is a phone number.
 */
final class PaymentCards {

    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;
    private static final int MIN_GROUP = 3;
    private static final int MAX_GROUP = 8;

    private static final Pattern DIGIT_RUN = Pattern.compile("(?<![\\p{L}\\p{N}+_.,/-])\\d++(?:[ -]\\d++)*+");
    private static final Pattern GROUP = Pattern.compile("\\d++");

    private PaymentCards() {
    }

    static List<PersonalDataMatch> find(String text) {
        List<PersonalDataMatch> matches = new ArrayList<>();
        Matcher run = DIGIT_RUN.matcher(text);
        while (run.find()) {
            if (run.end() < text.length() && Character.isLetter(text.charAt(run.end()))) {
                continue;
            }
            findInRun(text, run.start(), run.end(), matches);
        }
        return matches;
    }

    /** A run may hold a card and more ("4111 1111 1111 1111 12 28"): try each window of whole groups. */
    private static void findInRun(String text, int runStart, int runEnd, List<PersonalDataMatch> matches) {
        List<int[]> groups = new ArrayList<>();
        Matcher group = GROUP.matcher(text).region(runStart, runEnd);
        while (group.find()) {
            groups.add(new int[]{group.start(), group.end()});
        }
        int first = 0;
        while (first < groups.size()) {
            int last = longestCardFrom(text, groups, first);
            if (last < 0) {
                first++;
            } else {
                matches.add(new PersonalDataMatch(Kind.PAYMENT_CARD, groups.get(first)[0], groups.get(last)[1]));
                first = last + 1;
            }
        }
    }

    private static int longestCardFrom(String text, List<int[]> groups, int first) {
        StringBuilder digits = new StringBuilder(MAX_DIGITS);
        int longest = -1;
        char separator = 0;
        for (int last = first; last < groups.size(); last++) {
            int[] group = groups.get(last);
            if (last > first) {
                char before = text.charAt(group[0] - 1);
                if (separator != 0 && before != separator) {
                    break;
                }
                separator = before;
            }
            digits.append(text, group[0], group[1]);
            if (digits.length() > MAX_DIGITS) {
                break;
            }
            boolean grouped = last > first;
            if (grouped && !groupSizesPlausible(groups, first, last)) {
                break;
            }
            if (digits.length() >= MIN_DIGITS && isCardNumber(digits, grouped)) {
                longest = last;
            }
        }
        return longest;
    }

    private static boolean groupSizesPlausible(List<int[]> groups, int first, int last) {
        for (int i = first; i <= last; i++) {
            int size = groups.get(i)[1] - groups.get(i)[0];
            if (size < MIN_GROUP || size > MAX_GROUP) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCardNumber(CharSequence digits, boolean grouped) {
        int length = digits.length();
        if (!issuedByKnownScheme(digits.toString(), length) || allSameDigit(digits) || !Checksums.luhn(digits)) {
            return false;
        }
        return grouped || length > 14 || !Checksums.gtin(digits);
    }

    /** Issuer prefixes and lengths of the schemes people pay with (ISO/IEC 7812 IIN ranges). */
    private static boolean issuedByKnownScheme(String digits, int length) {
        int two = Integer.parseInt(digits.substring(0, 2));
        int four = Integer.parseInt(digits.substring(0, 4));
        return switch (digits.charAt(0)) {
            case '4' -> length == 13 || length == 16 || length == 19;
            case '5', '6' -> length >= 16;
            case '3' -> switch (two) {
                case 34, 37 -> length == 15;
                case 35 -> length >= 16;
                case 30, 36, 38, 39 -> length >= 14;
                default -> false;
            };
            case '2' -> length >= 16 && (four >= 2221 && four <= 2720 || four >= 2200 && four <= 2204);
            default -> false;
        };
    }

    private static boolean allSameDigit(CharSequence digits) {
        return digits.chars().allMatch(c -> c == digits.charAt(0));
    }
}
