package io.candor.moderation.check;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * The same text as another review of the tenant in the last 30 days ({@value TextFingerprint#CHECK_CODE}) holds
 * the review: copied reviews are how review farms work. Texts too short to be anyone's own words never match.
 */
@ApplicationScoped
public class DuplicateTextCheck implements AutomatedCheck {

    static final double WEIGHT = 4.0;

    private final jakarta.enterprise.inject.Instance<ContentStatistics> statistics;
    private final ChecksConfig config;

    public DuplicateTextCheck(jakarta.enterprise.inject.Instance<ContentStatistics> statistics, ChecksConfig config) {
        this.statistics = statistics;
        this.config = config;
    }

    /** How many copies a finding names exactly; beyond, it says "more than". */
    static final int COUNTED_COPIES = 100;

    @Override
    public String code() {
        return TextFingerprint.CHECK_CODE;
    }

    @Override
    public Optional<Finding> examine(CheckInput input) {
        Optional<String> fingerprint = TextFingerprint.of(input.body());
        Optional<ContentStatistics> stats = statistics.stream().filter(s -> s.kind().equals(input.kind())).findFirst();
        if (fingerprint.isEmpty() || stats.isEmpty()) {
            return Optional.empty();
        }
        int copies = stats.get().sameText(input.tenant().id(), fingerprint.get(), input.now().minus(config.duplicateWindow()), input.targetId(),
                COUNTED_COPIES + 1);
        if (copies == 0) {
            return Optional.empty();
        }
        String many = copies > COUNTED_COPIES ? "more than " + COUNTED_COPIES : Integer.toString(copies);
        return Optional.of(Finding.hold(code(), WEIGHT, "the same text as " + many + (copies == 1 ? " other review" : " other reviews")
                + " in the last " + config.duplicateWindow().toDays() + " days"));
    }
}
