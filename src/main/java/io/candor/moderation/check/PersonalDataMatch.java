package io.candor.moderation.check;

import java.util.Objects;

/**
 * One span of personal data found in a text: {@code text.substring(start, end)} is what will be redacted,
 * and {@code kind} says what it was, for the moderator and the author's notice.
 */
public record PersonalDataMatch(Kind kind, int start, int end) {

    /** What the span was recognised as. */
    public enum Kind {
        EMAIL, PHONE, URL_WITH_SECRET, PAYMENT_CARD, IBAN, NATIONAL_ID, POSTAL_ADDRESS
    }

    public PersonalDataMatch {
        Objects.requireNonNull(kind, "kind");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("empty or negative span " + start + ".." + end);
        }
    }
}
