package io.candor.moderation;

import java.util.List;

/**
 * The automated checks' verdict on a {@link TextSubmission}: the text to store (personal data redacted),
 * whether it must wait for a moderator, and the signals each check raised.
 */
public record Screening(String title, String body, boolean redacted, boolean hold, List<Signal> signals) {

    /** One check's finding, recorded on the target's case. */
    public record Signal(String check, double weight, String detail) {
    }

    public static Screening pass(TextSubmission submission) {
        return new Screening(submission.title(), submission.body(), false, false, List.of());
    }
}
