package io.candor.moderation.check;

import io.candor.moderation.check.PersonalDataMatch.Kind;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds national identity numbers, each only when its structure and check digit hold:
 * <ul>
 * <li>US SSN: {@code ddd-dd-dddd}, or 9 digits right after "SSN"/"social security"; area not 000, 666 or
 * 900-999, group not 00, serial not 0000.</li>
 * <li>China resident ID: 17 digits and a check character (ISO 7064 MOD 11-2, {@code X} = 10), a known province
 * code and a real birth date from 1900 up to today.</li>
 * <li>UK National Insurance number: two prefix letters (neither D, F, I, Q, U nor V, the second not O, and not
 * BG, GB, KN, NK, NT, TN or ZZ), six digits, suffix A-D; upper case, spaces allowed between pairs.</li>
 * <li>German tax ID (Steuer-ID): 11 digits, no leading zero, in the first ten exactly one digit repeated (twice,
 * or three times but not three in a row), check digit ISO 7064 MOD 11,10.</li>
 * <li>Dutch BSN: 9 digits passing the eleven-test, right after "BSN" or "burgerservicenummer" (one in eleven
 * random 9-digit numbers passes, so the keyword is required).</li>
 * <li>Spanish DNI (8 digits) and NIE (X, Y or Z and 7 digits) with their mod-23 control letter, upper case.</li>
 * </ul>
 */
final class NationalIds {

    private static final String KEYWORD_GAP = "[\\s:#.=-]{0,4}+(?:(?i:is|was|number|no\\.?|nr\\.?)[\\s:#.=-]{1,4}+){0,2}+";

    private static final Pattern SSN_DASHED = Pattern.compile(
            "(?<![\\p{L}\\p{N}-])(\\d{3})-(\\d{2})-(\\d{4})(?![\\p{L}\\p{N}]|-\\d)");
    private static final Pattern SSN_AFTER_KEYWORD = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?i:ssn|social security)(?![\\p{L}\\p{N}])" + KEYWORD_GAP
                    + "(?<number>(\\d{3})([ -]?)(\\d{2})\\3(\\d{4}))(?![\\p{L}\\p{N}])");
    private static final Pattern CHINA_RESIDENT_ID = Pattern.compile("(?<![\\p{L}\\p{N}])\\d{17}[\\dXx](?![\\p{L}\\p{N}])");
    private static final Pattern UK_NATIONAL_INSURANCE = Pattern.compile(
            "(?<![\\p{L}\\p{N}])([A-Z]{2}) ?(\\d{2}) ?(\\d{2}) ?(\\d{2}) ?[A-D](?![\\p{L}\\p{N}])");
    private static final Pattern GERMAN_TAX_ID = Pattern.compile(
            "(?<![\\p{L}\\p{N}+])(?:\\d{11}|\\d{2} \\d{3} \\d{3} \\d{3})(?![\\p{L}\\p{N}])");
    private static final Pattern DUTCH_BSN_AFTER_KEYWORD = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?i:bsn|burgerservicenummer|sofinummer)(?![\\p{L}\\p{N}])" + KEYWORD_GAP
                    + "(?<number>\\d{9}|\\d{4}\\.\\d{2}\\.\\d{3}|\\d{3} \\d{3} \\d{3})(?![\\p{L}\\p{N}])");
    private static final Pattern SPANISH_DNI = Pattern.compile("(?<![\\p{L}\\p{N}])(\\d{8})-? ?([A-Z])(?![\\p{L}\\p{N}])");
    private static final Pattern SPANISH_NIE = Pattern.compile(
            "(?<![\\p{L}\\p{N}])([XYZ])-? ?(\\d{7})-? ?([A-Z])(?![\\p{L}\\p{N}])");

    private static final Set<String> UK_EXCLUDED_PREFIXES = Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");
    private static final String UK_DISALLOWED_LETTERS = "DFIQUV";
    private static final Set<Integer> CHINA_PROVINCES = Set.of(
            11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
            50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83);

    private NationalIds() {
    }

    static List<PersonalDataMatch> find(String text) {
        List<PersonalDataMatch> matches = new ArrayList<>();
        // Every number here has at least 6 digits (\d is ASCII 0-9 in these patterns): most reviews have fewer in
        // all, and a pattern is only run when the text has as many digits as its shortest match.
        int digits = asciiDigits(text);
        if (digits < 6) {
            return matches;
        }
        Matcher m = SSN_DASHED.matcher(digits >= 9 ? text : "");
        while (m.find()) {
            if (isSsn(m.group(1), m.group(2), m.group(3))) {
                add(matches, m.start(), m.end());
            }
        }
        m = SSN_AFTER_KEYWORD.matcher(digits >= 9 ? text : "");
        while (m.find()) {
            if (isSsn(m.group(2), m.group(4), m.group(5))) {
                add(matches, m.start("number"), m.end("number"));
            }
        }
        m = CHINA_RESIDENT_ID.matcher(digits >= 17 ? text : "");
        while (m.find()) {
            if (isChinaResidentId(m.group())) {
                add(matches, m.start(), m.end());
            }
        }
        m = UK_NATIONAL_INSURANCE.matcher(text);
        while (m.find()) {
            if (isUkPrefix(m.group(1))) {
                add(matches, m.start(), m.end());
            }
        }
        m = GERMAN_TAX_ID.matcher(digits >= 11 ? text : "");
        while (m.find()) {
            if (isGermanTaxId(m.group().replace(" ", ""))) {
                add(matches, m.start(), m.end());
            }
        }
        m = DUTCH_BSN_AFTER_KEYWORD.matcher(digits >= 9 ? text : "");
        while (m.find()) {
            if (Checksums.bsnElevenProof(Checksums.digitsOf(m.group("number")))) {
                add(matches, m.start("number"), m.end("number"));
            }
        }
        m = SPANISH_DNI.matcher(digits >= 8 ? text : "");
        while (m.find()) {
            if (Checksums.dniLetter(Integer.parseInt(m.group(1))) == m.group(2).charAt(0)) {
                add(matches, m.start(), m.end());
            }
        }
        m = SPANISH_NIE.matcher(digits >= 7 ? text : "");
        while (m.find()) {
            int number = Integer.parseInt("XYZ".indexOf(m.group(1)) + m.group(2));
            if (Checksums.dniLetter(number) == m.group(3).charAt(0)) {
                add(matches, m.start(), m.end());
            }
        }
        return matches;
    }

    /** How many of the text's characters are ASCII digits, what {@code \\d} matches without UNICODE_CHARACTER_CLASS. */
    static int asciiDigits(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            }
        }
        return digits;
    }

    private static void add(List<PersonalDataMatch> matches, int start, int end) {
        matches.add(new PersonalDataMatch(Kind.NATIONAL_ID, start, end));
    }

    private static boolean isSsn(String area, String group, String serial) {
        int areaNumber = Integer.parseInt(area);
        return areaNumber != 0 && areaNumber != 666 && areaNumber < 900
                && !group.equals("00") && !serial.equals("0000");
    }

    private static boolean isChinaResidentId(String id) {
        if (!CHINA_PROVINCES.contains(Integer.parseInt(id.substring(0, 2)))) {
            return false;
        }
        try {
            LocalDate birth = LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
                    Integer.parseInt(id.substring(12, 14)));
            if (birth.getYear() < 1900 || birth.isAfter(LocalDate.now(ZoneOffset.UTC))) {
                return false;
            }
        } catch (DateTimeException notACalendarDate) {
            return false;
        }
        return Checksums.chinaIdCheckChar(id) == Character.toUpperCase(id.charAt(17));
    }

    private static boolean isUkPrefix(String prefix) {
        return UK_DISALLOWED_LETTERS.indexOf(prefix.charAt(0)) < 0
                && UK_DISALLOWED_LETTERS.indexOf(prefix.charAt(1)) < 0
                && prefix.charAt(1) != 'O'
                && !UK_EXCLUDED_PREFIXES.contains(prefix);
    }

    private static boolean isGermanTaxId(String digits) {
        if (digits.charAt(0) == '0') {
            return false;
        }
        int[] counts = new int[10];
        for (int i = 0; i < 10; i++) {
            counts[digits.charAt(i) - '0']++;
        }
        int repeated = 0;
        int repetitions = 0;
        for (int digit = 0; digit < 10; digit++) {
            if (counts[digit] > 1) {
                repeated++;
                repetitions = counts[digit];
            }
        }
        if (repeated != 1 || repetitions > 3 || repetitions == 3 && hasThreeInARow(digits)) {
            return false;
        }
        return Checksums.germanTaxIdCheckDigit(digits.substring(0, 10)) == digits.charAt(10) - '0';
    }

    private static boolean hasThreeInARow(String digits) {
        for (int i = 2; i < 10; i++) {
            if (digits.charAt(i) == digits.charAt(i - 1) && digits.charAt(i) == digits.charAt(i - 2)) {
                return true;
            }
        }
        return false;
    }
}
