package io.candor.moderation.check;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
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
    /** How far the last day's arrivals are counted. */
    static final int DAY_CAP = 100_000;

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
        ContentStatistics count = stats.get();
        long tenant = input.tenant().id();
        Instant dayAgo = input.now().minus(DAY);
        Instant trailingSince = input.now().minus(DAY.multipliedBy(TRAILING_DAYS + 1));
        Counter counter = new Counter() {
            @Override
            public int lastDay(int cap) {
                return count.arrivals(tenant, input.subjectType(), input.subjectRef(), dayAgo, null, cap);
            }

            @Override
            public int trailing(int cap) {
                return count.arrivals(tenant, input.subjectType(), input.subjectRef(), trailingSince, dayAgo, cap);
            }
        };
        return surge(counter, input.tenant().policy().burstFloor(), input.tenant().policy().burstMultiple()).map(found -> new Finding(code(),
                Finding.Effect.HOLD_FOR_SURGE, WEIGHT, String.format(java.util.Locale.ROOT,
                "%d reviews of this %s in 24 hours against a daily mean of %.1f over %d days", found.lastDay(), input.subjectType(),
                found.dailyMean(), TRAILING_DAYS), null, null));
    }

    /**
     * Arrivals about the subject, each counted no further than {@code cap}: in the last 24 hours, and in the 30 days
     * before. Each is one read of a bounded number of rows (the owner keeps counts per hour), whatever the subject's volume.
     */
    interface Counter {
        int lastDay(int cap);

        int trailing(int cap);
    }

    /** A surge: the last day's arrivals with the one being written, and the trailing daily mean. */
    record Surge(int lastDay, double dailyMean) {
    }

    /**
     * Whether one more arrival makes a surge: more than {@code floor} in 24 hours and more than {@code multiple} times the
     * trailing daily mean. One count for most subjects (below the floor, the last day decides); the trailing 30 days are
     * counted only past it, and no further than {@link #needed}.
     */
    static Optional<Surge> surge(Counter counter, int floor, double multiple) {
        // the arrival being written is not stored yet, so it is the "+ 1"
        int lastDay = counter.lastDay(DAY_CAP) + 1;
        if (lastDay <= floor) {
            return Optional.empty();
        }
        int needed = needed(lastDay, multiple);
        int trailing = counter.trailing(needed);
        if (trailing >= needed) {
            return Optional.empty();
        }
        return Optional.of(new Surge(lastDay, trailing / (double) TRAILING_DAYS));
    }

    /** The smallest trailing 30-day count at which {@code lastDay} arrivals are no surge: {@code ⌈lastDay × 30 / multiple⌉}. */
    static int needed(int lastDay, double multiple) {
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(lastDay * (double) TRAILING_DAYS / multiple));
    }
}
