package io.candor.moderation.check;

import io.candor.moderation.check.PersonalDataMatch.Kind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Finds personal data in normalised user text and redacts it in place (check code {@value #CHECK_CODE}).
 * Anything whose checksum fails is left alone, so order numbers, prices and barcodes survive:
 * <ul>
 * <li>EMAIL: {@code name@example.com}, also {@code name (at) example (dot) com} and {@code name[at]example.com}.</li>
 * <li>PHONE: {@code +49 151 2345 6789}, {@code 0049 …}, {@code 0151 23456789}, {@code (030) 1234567},
 * {@code 415-555-0132}; never dates, prices, times or numbers glued to letters, '#' or '-'.</li>
 * <li>URL_WITH_SECRET: a link with {@code user:pass@} or a token, key, session, password or signature parameter.</li>
 * <li>PAYMENT_CARD: 13-19 digits with a card scheme's prefix that pass Luhn.</li>
 * <li>IBAN: the country's exact length and a valid ISO 13616 mod-97 check.</li>
 * <li>NATIONAL_ID: US SSN (ranges), China resident ID (MOD 11-2), UK National Insurance number (prefix rules),
 * German tax ID (MOD 11,10 and digit repetition), Dutch BSN (eleven-test, after its keyword), Spanish DNI/NIE
 * (mod-23 letter).</li>
 * <li>POSTAL_ADDRESS: {@code 221B Baker Street}, {@code Musterstraße 12}, {@code Am Markt 3}, PO boxes.</li>
 * </ul>
 */
public final class PersonalDataDetector {

    public static final String CHECK_CODE = "personal-information";
    public static final String REPLACEMENT = "[personal information removed]";

    /**
     * Which kind wins when two finders claim the same span: the one whose evidence is stronger (a secret
     * link over the e-mail in its query, a checksum over a digit pattern).
     */
    private static final List<Kind> EVIDENCE_ORDER = List.of(
            Kind.URL_WITH_SECRET, Kind.EMAIL, Kind.IBAN, Kind.NATIONAL_ID, Kind.PAYMENT_CARD, Kind.PHONE,
            Kind.POSTAL_ADDRESS);

    private static final Comparator<PersonalDataMatch> BY_POSITION_WIDEST_STRONGEST_FIRST = Comparator
            .comparingInt(PersonalDataMatch::start)
            .thenComparing(Comparator.comparingInt(PersonalDataMatch::end).reversed())
            .thenComparingInt(match -> EVIDENCE_ORDER.indexOf(match.kind()));

    private PersonalDataDetector() {
    }

    /**
     * The personal data in {@code text}, ordered by position. A match lying inside a wider one (or on the same
     * span as a stronger one) is left out; matches that only partly overlap are both returned.
     */
    public static List<PersonalDataMatch> find(String text) {
        List<PersonalDataMatch> candidates = new ArrayList<>();
        candidates.addAll(SecretUrls.find(text));
        candidates.addAll(EmailAddresses.find(text));
        candidates.addAll(Ibans.find(text));
        candidates.addAll(NationalIds.find(text));
        candidates.addAll(PaymentCards.find(text));
        candidates.addAll(PhoneNumbers.find(text));
        candidates.addAll(PostalAddresses.find(text));
        candidates.sort(BY_POSITION_WIDEST_STRONGEST_FIRST);
        List<PersonalDataMatch> matches = new ArrayList<>(candidates.size());
        int coveredUntil = -1;
        for (PersonalDataMatch candidate : candidates) {
            if (candidate.end() > coveredUntil) {
                matches.add(candidate);
                coveredUntil = candidate.end();
            }
        }
        return List.copyOf(matches);
    }

    /**
     * {@code text} with every match replaced by {@link #REPLACEMENT}, overlapping matches merged into one
     * replacement, and the kinds that were found; an unchanged text and no kinds when there was nothing.
     */
    public static Redaction redact(String text) {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        List<int[]> spans = new ArrayList<>();
        for (PersonalDataMatch match : find(text)) {
            kinds.add(match.kind());
            int[] previous = spans.isEmpty() ? null : spans.get(spans.size() - 1);
            if (previous != null && match.start() < previous[1]) {
                previous[1] = Math.max(previous[1], match.end());
            } else {
                spans.add(new int[]{match.start(), match.end()});
            }
        }
        StringBuilder redacted = new StringBuilder(text.length());
        int copiedUntil = 0;
        for (int[] span : spans) {
            redacted.append(text, copiedUntil, span[0]).append(REPLACEMENT);
            copiedUntil = span[1];
        }
        redacted.append(text, copiedUntil, text.length());
        return new Redaction(redacted.toString(), kinds);
    }
}
