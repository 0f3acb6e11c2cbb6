package io.candor.moderation.check;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * A subject receiving far more new reviews than usual (check code {@value #CHECK_CODE}): more in the last 24 hours
 * than the tenant's {@code burstMultiple} of its trailing 30-day daily mean, and more than its {@code burstFloor}. Reviews of the surge are held and
 * gathered in one case, so one moderator sees the whole wave, whether it is praise or a review bomb.
 */
@ApplicationScoped
public class BurstCheck implements AutomatedCheck {

    public static final String CHECK_CODE = "burst";
    static final double WEIGHT = 2.0;
    private static final Duration DAY = Duration.ofDays(1);
    private static final int TRAILING_DAYS = 30;

    private final jakarta.enterprise.inject.Instance<ContentStatistics> statistics;

    public BurstCheck(jakarta.enterprise.inject.Instance<ContentStatistics> statistics) {
        this.statistics = statistics;
    }

    @Override
    public String code() {
        return CHECK_CODE;
    }

    @Override
    public Optional<Finding> examine(CheckInput input) {
        if (input.isEdit()) {
            return Optional.empty();
        }
        Optional<ContentStatistics> stats = statistics.stream().filter(s -> s.kind().equals(input.kind())).findFirst();
        if (stats.isEmpty()) {
            return Optional.empty();
        }
        // this review is not stored yet, so it is the "+ 1"
        int[] counts = stats.get().arrivals(input.tenant().id(), input.subjectType(), input.subjectRef(),
                input.now().minus(DAY.multipliedBy(TRAILING_DAYS + 1)), input.now().minus(DAY));
        int lastDay = counts[0] + 1;
        double dailyMean = counts[1] / (double) TRAILING_DAYS;
        double threshold = Math.max(input.tenant().policy().burstFloor(), input.tenant().policy().burstMultiple() * dailyMean);
        if (lastDay <= threshold) {
            return Optional.empty();
        }
        String detail = String.format(java.util.Locale.ROOT, "%d reviews of this %s in 24 hours against a daily mean of %.1f over %d days",
                lastDay, input.subjectType(), dailyMean, TRAILING_DAYS);
        return Optional.of(new Finding(code(), Finding.Effect.HOLD_FOR_SURGE, WEIGHT, detail, null, null));
    }
}
