package io.candor.moderation.check;

import io.candor.moderation.check.PersonalDataMatch.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds IBANs, written whole or in groups: a country code, two check digits and a BBAN exactly as long as that
 * country's IBANs are, passing the ISO 13616 mod-97 check. Countries outside the table are not recognised.
 */
final class Ibans {

    private static final Pattern COUNTRY_AND_CHECK_DIGITS = Pattern.compile("(?<![\\p{L}\\p{N}])[A-Za-z]{2}\\d{2}");

    /** IBAN length by country, from the SWIFT IBAN registry. */
    private static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("AD", 24), Map.entry("AE", 23), Map.entry("AL", 28), Map.entry("AT", 20), Map.entry("AZ", 28),
            Map.entry("BA", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("BH", 22), Map.entry("BR", 29),
            Map.entry("BY", 28), Map.entry("CH", 21), Map.entry("CR", 22), Map.entry("CY", 28), Map.entry("CZ", 24),
            Map.entry("DE", 22), Map.entry("DK", 18), Map.entry("DO", 28), Map.entry("EE", 20), Map.entry("EG", 29),
            Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FO", 18), Map.entry("FR", 27), Map.entry("GB", 22),
            Map.entry("GE", 22), Map.entry("GI", 23), Map.entry("GL", 18), Map.entry("GR", 27), Map.entry("GT", 28),
            Map.entry("HR", 21), Map.entry("HU", 28), Map.entry("IE", 22), Map.entry("IL", 23), Map.entry("IQ", 23),
            Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("JO", 30), Map.entry("KW", 30), Map.entry("KZ", 20),
            Map.entry("LB", 28), Map.entry("LC", 32), Map.entry("LI", 21), Map.entry("LT", 20), Map.entry("LU", 20),
            Map.entry("LV", 21), Map.entry("MC", 27), Map.entry("MD", 24), Map.entry("ME", 22), Map.entry("MK", 19),
            Map.entry("MR", 27), Map.entry("MT", 31), Map.entry("MU", 30), Map.entry("NL", 18), Map.entry("NO", 15),
            Map.entry("PK", 24), Map.entry("PL", 28), Map.entry("PS", 29), Map.entry("PT", 25), Map.entry("QA", 29),
            Map.entry("RO", 24), Map.entry("RS", 22), Map.entry("SA", 24), Map.entry("SC", 31), Map.entry("SE", 24),
            Map.entry("SI", 19), Map.entry("SK", 24), Map.entry("SM", 27), Map.entry("ST", 25), Map.entry("SV", 28),
            Map.entry("TL", 23), Map.entry("TN", 24), Map.entry("TR", 26), Map.entry("UA", 29), Map.entry("VA", 22),
            Map.entry("VG", 24), Map.entry("XK", 20));

    private Ibans() {
    }

    static List<PersonalDataMatch> find(String text) {
        List<PersonalDataMatch> matches = new ArrayList<>();
        Matcher start = COUNTRY_AND_CHECK_DIGITS.matcher(text);
        int searchFrom = 0;
        while (start.find(searchFrom)) {
            searchFrom = start.end();
            Integer length = LENGTHS.get(start.group().substring(0, 2).toUpperCase(Locale.ROOT));
            if (length == null) {
                continue;
            }
            int end = endOfIban(text, start.start(), length);
            if (end > 0) {
                matches.add(new PersonalDataMatch(Kind.IBAN, start.start(), end));
                searchFrom = end;
            }
        }
        return matches;
    }

    /** Where an IBAN of {@code length} characters starting at {@code start} ends, or -1 if none does. */
    private static int endOfIban(String text, int start, int length) {
        StringBuilder iban = new StringBuilder(length);
        int i = start;
        while (i < text.length() && iban.length() < length) {
            char c = text.charAt(i);
            if (isAsciiLetterOrDigit(c)) {
                iban.append(Character.toUpperCase(c));
                i++;
            } else if (c == ' ' && i + 1 < text.length() && isAsciiLetterOrDigit(text.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        boolean endsAtBoundary = i == text.length() || !Character.isLetterOrDigit(text.charAt(i));
        return iban.length() == length && endsAtBoundary && Checksums.ibanMod97(iban.toString()) ? i : -1;
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }
}
