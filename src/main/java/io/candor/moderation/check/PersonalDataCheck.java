package io.candor.moderation.check;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Personal data in the text ({@value PersonalDataDetector#CHECK_CODE}) is replaced before anything is stored,
 * so Candor never holds it; numbers failing their checksum are left alone.
 */
@ApplicationScoped
public class PersonalDataCheck implements AutomatedCheck {

    static final double WEIGHT = 3.0;

    @Override
    public String code() {
        return PersonalDataDetector.CHECK_CODE;
    }

    @Override
    public Optional<Finding> examine(CheckInput input) {
        Redaction title = input.title() == null ? null : PersonalDataDetector.redact(input.title());
        Redaction body = PersonalDataDetector.redact(input.body());
        Set<PersonalDataMatch.Kind> kinds = EnumSet.noneOf(PersonalDataMatch.Kind.class);
        kinds.addAll(body.kinds());
        if (title != null) {
            kinds.addAll(title.kinds());
        }
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        String detail = "removed: " + kinds.stream().map(k -> k.name().toLowerCase(Locale.ROOT).replace('_', ' ')).collect(Collectors.joining(", "));
        return Optional.of(new Finding(code(), Finding.Effect.REDACT, WEIGHT, detail, title == null ? null : title.text(), body.text()));
    }
}
