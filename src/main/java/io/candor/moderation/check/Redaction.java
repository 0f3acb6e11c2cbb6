package io.candor.moderation.check;

import io.candor.moderation.check.PersonalDataMatch.Kind;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A text after {@link PersonalDataDetector#redact}: every span of personal data replaced by
 * {@link PersonalDataDetector#REPLACEMENT}, and the kinds that were found, for the signal and the notice.
 */
public record Redaction(String text, Set<Kind> kinds) {

    public Redaction {
        Objects.requireNonNull(text, "text");
        kinds = Collections.unmodifiableSet(kinds.isEmpty() ? EnumSet.noneOf(Kind.class) : EnumSet.copyOf(kinds));
    }

    /** Whether anything was removed, which earns the review its {@code redacted} label. */
    public boolean redacted() {
        return !kinds.isEmpty();
    }
}
