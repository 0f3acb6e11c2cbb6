package io.candor.moderation.check;

import io.candor.moderation.check.PersonalDataMatch.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersonalDataDetectorTest {

    @Test
    void redactsEveryKindInPlaceAndNamesTheKindsFound() {
        Redaction redaction = PersonalDataDetector.redact(
                "Seller asked me to mail buyer.one@example.com, call +49 151 2345 6789 and pay to "
                        + "DE89 3704 0044 0532 0130 00 instead of by card 4111 1111 1111 1111.");
        assertEquals("Seller asked me to mail [personal information removed], call [personal information removed] and pay to "
                + "[personal information removed] instead of by card [personal information removed].", redaction.text());
        assertEquals(Set.of(Kind.EMAIL, Kind.PHONE, Kind.IBAN, Kind.PAYMENT_CARD), redaction.kinds());
        assertTrue(redaction.redacted());
    }

    @Test
    void redactsIdsAddressesAndSecretLinks() {
        Redaction redaction = PersonalDataDetector.redact(
                "Parcel went to Musterstraße 12 although my Steuer-ID 86095742719 was on it; "
                        + "track it at https://shop.example/t?token=abc123");
        assertEquals("Parcel went to [personal information removed] although my Steuer-ID [personal information removed] "
                + "was on it; track it at [personal information removed]", redaction.text());
        assertEquals(Set.of(Kind.POSTAL_ADDRESS, Kind.NATIONAL_ID, Kind.URL_WITH_SECRET), redaction.kinds());
    }

    @Test
    void leavesAnOrdinaryReviewUntouched() {
        String review = "Ordered on 2026-11-20 (order ord-1001, #123456), paid €1,299.00 incl. 19% VAT. The X100 "
                + "arrived 20.11.2026 at 10:30 after I waited 3 days; firmware v1.2.3 fixed it. 5 stars, 2 x 250 ml, "
                + "EAN 4006381333931, tracking 00340434161234567890. Great road trip camera! See e.g. shop.example/x";
        Redaction redaction = PersonalDataDetector.redact(review);
        assertEquals(review, redaction.text());
        assertEquals(Set.of(), redaction.kinds());
        assertFalse(redaction.redacted());
        assertEquals(List.of(), PersonalDataDetector.find(review));
    }

    @Test
    void mergesPartlyOverlappingMatchesIntoOneReplacement() {
        String text = "Call 030 1234567 10 Downing St";
        assertEquals(List.of("PHONE:030 1234567 10", "POSTAL_ADDRESS:10 Downing St"), Detected.in(text));
        Redaction redaction = PersonalDataDetector.redact(text);
        assertEquals("Call [personal information removed]", redaction.text());
        assertEquals(Set.of(Kind.PHONE, Kind.POSTAL_ADDRESS), redaction.kinds());
    }

    @Test
    void reportsAMatchInsideAWiderOneOnlyOnce() {
        String text = "https://shop.example/x?session=1&mail=shopper@example.com";
        assertEquals(List.of(new PersonalDataMatch(Kind.URL_WITH_SECRET, 0, text.length())), PersonalDataDetector.find(text));
        assertEquals(Set.of(Kind.URL_WITH_SECRET), PersonalDataDetector.redact(text).kinds());
    }

    @Test
    void matchesComeInTextOrder() {
        List<PersonalDataMatch> matches = PersonalDataDetector.find("0151 23456789 then shopper@example.com then AB123456C");
        assertEquals(List.of(Kind.PHONE, Kind.EMAIL, Kind.NATIONAL_ID), matches.stream().map(PersonalDataMatch::kind).toList());
    }

    @Test
    void handlesEmptyText() {
        assertEquals(List.of(), PersonalDataDetector.find(""));
        assertEquals(new Redaction("", Set.of()), PersonalDataDetector.redact(""));
    }

    @Test
    void theKindsOfARedactionCannotBeChanged() {
        Set<Kind> kinds = PersonalDataDetector.redact("shopper@example.com").kinds();
        assertThrows(UnsupportedOperationException.class, () -> kinds.add(Kind.PHONE));
    }

    @Test
    void aMatchMustCoverAtLeastOneCharacter() {
        assertThrows(IllegalArgumentException.class, () -> new PersonalDataMatch(Kind.EMAIL, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> new PersonalDataMatch(Kind.EMAIL, -1, 3));
    }

    @Test
    void staysFastOnAdversarialInput() {
        Adversarial.inputs().forEach(text -> Adversarial.assertFast(() -> PersonalDataDetector.redact(text)));
    }
}
