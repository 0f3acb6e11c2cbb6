package io.candor.moderation.check;

/**
 * A check's verdict on one submission, recorded as a signal on the target's case.
 *
 * @param weight   what the signal adds to its case's priority
 * @param detail   what was found, in the check's words (kinds of data, hosts, list entries), never the user's text
 * @param title    the text after a {@link Effect#REDACT}, else null
 * @param body     the text after a {@link Effect#REDACT}, else null
 */
public record Finding(String check, Effect effect, double weight, String detail, String title, String body) {

    /** What the finding does to the submission. */
    public enum Effect {
        /** Refused with 422: nothing is stored. */
        REFUSE,
        /** Stored with the finding replaced, labelled {@code redacted}; the author gets a notice. */
        REDACT,
        /** Stored but not public until a moderator keeps it; a case opens for the target. */
        HOLD,
        /** Held as part of a surge on its subject: one case for the whole surge. */
        HOLD_FOR_SURGE
    }

    public static Finding hold(String check, double weight, String detail) {
        return new Finding(check, Effect.HOLD, weight, detail, null, null);
    }

    public boolean holds() {
        return effect == Effect.HOLD || effect == Effect.HOLD_FOR_SURGE;
    }
}
