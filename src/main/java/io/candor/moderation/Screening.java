package io.candor.moderation;

import io.candor.moderation.check.Finding;
import io.candor.moderation.check.TextFingerprint;

import java.util.List;

/**
 * The automated checks' verdict on a {@link TextSubmission}: the text to store (personal data redacted) and
 * what each check found. A submission that a check refuses never gets this far.
 *
 * @param fingerprint what the duplicate-text check compares later reviews with; null for short texts
 */
public record Screening(String title, String body, List<Finding> findings, String fingerprint) {

    public Screening {
        findings = List.copyOf(findings);
    }

    public static Screening pass(TextSubmission submission) {
        return new Screening(submission.title(), submission.body(), List.of(), TextFingerprint.of(submission.body()).orElse(null));
    }

    /** Whether personal data was removed, which earns the content its {@code redacted} label. */
    public boolean redacted() {
        return findings.stream().anyMatch(f -> f.effect() == Finding.Effect.REDACT);
    }

    /** Whether the content waits for a moderator before anyone else sees it. */
    public boolean hold() {
        return findings.stream().anyMatch(Finding::holds);
    }
}
