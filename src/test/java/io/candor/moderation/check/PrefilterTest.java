package io.candor.moderation.check;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #13, the write path's CPU: the link and personal-data detectors skip a pattern when a cheap scan of the text
 * shows it cannot match (too few digits, no dot before a letter, no "www", no "://"). A skip must never hide a match:
 * on many generated texts made of the characters and words these patterns look for, whenever a scan says "cannot",
 * the pattern itself finds nothing.
 */
class PrefilterTest {

    private static final String[] PIECES = {
            "w", "W", "www", "WwW", "www1", ".", ". ", "..", ":", "//", "://", "http", "ftp", "/", "-", " ", "  ", "a", "Z", "ä", "ß", "X",
            "é", "\uD835\uDC00", "1", "9", "0", "12", "345", "6789", "ssn", "SSN is ", "bsn ", "social security", "Straße ", "str. ",
            "Am Markt ", "Main Street", "St", "P.O. box ", "Postfach ", "AB", "CD", ",", "@", "_", "shop", "example", "com", "de", "NL",
    };

    @Test
    void aSkippedPatternNeverHadAMatch() throws Exception {
        Map<String, Pattern> links = patterns(LinkDetector.class, "SCHEME_URL", "WWW_HOST", "BARE_DOMAIN");
        Map<String, Pattern> ids = patterns(NationalIds.class, "SSN_DASHED", "SSN_AFTER_KEYWORD", "CHINA_RESIDENT_ID",
                "UK_NATIONAL_INSURANCE", "GERMAN_TAX_ID", "DUTCH_BSN_AFTER_KEYWORD", "SPANISH_DNI", "SPANISH_NIE");
        Map<String, Integer> minimumDigits = Map.of("SSN_DASHED", 9, "SSN_AFTER_KEYWORD", 9, "CHINA_RESIDENT_ID", 17,
                "UK_NATIONAL_INSURANCE", 6, "GERMAN_TAX_ID", 11, "DUTCH_BSN_AFTER_KEYWORD", 9, "SPANISH_DNI", 8, "SPANISH_NIE", 7);
        Map<String, Pattern> addresses = patterns(PostalAddresses.class, "ENGLISH", "GERMAN_STREET", "GERMAN_PREPOSITIONAL", "PO_BOX");
        Random random = new Random(13);
        int skipped = 0;
        int ran = 0;
        for (int n = 0; n < 40_000; n++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + random.nextInt(30);
            for (int i = 0; i < pieces; i++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String t = text.toString();
            check(links.get("SCHEME_URL"), t, t.contains("://"));
            check(links.get("WWW_HOST"), t, LinkDetector.containsWww(t));
            check(links.get("BARE_DOMAIN"), t, LinkDetector.hasDotBeforeLetter(t));
            int digits = NationalIds.asciiDigits(t);
            for (Map.Entry<String, Pattern> id : ids.entrySet()) {
                check(id.getValue(), t, digits >= Math.max(6, minimumDigits.get(id.getKey())));
            }
            for (Pattern address : addresses.values()) {
                check(address, t, digits > 0);
            }
            if (digits < 6) {
                skipped++;
            } else {
                ran++;
            }
        }
        assertTrue(skipped > 1000 && ran > 1000, "the texts exercise both sides: " + skipped + " skipped, " + ran + " ran");
        // and the detectors still find what they found before
        assertFalse(LinkDetector.find("see WWW.shop.example for more").isEmpty());
        assertFalse(LinkDetector.find("x.io").isEmpty());
        assertFalse(LinkDetector.find("a. b. https://x").isEmpty());
        assertFalse(NationalIds.find("SSN is 123-45-6789").isEmpty());
        assertFalse(PostalAddresses.find("Hauptstraße 5").isEmpty());
    }

    /** When the scan says the pattern cannot match, it must not. */
    private static void check(Pattern pattern, String text, boolean mayMatch) {
        if (!mayMatch) {
            assertFalse(pattern.matcher(text).find(), () -> pattern.pattern() + " matches the skipped text \"" + text + "\"");
        }
    }

    private static Map<String, Pattern> patterns(Class<?> owner, String... names) throws ReflectiveOperationException {
        Map<String, Pattern> patterns = new java.util.LinkedHashMap<>();
        for (String name : names) {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            patterns.put(name, (Pattern) f.get(null));
        }
        return patterns;
    }
}
