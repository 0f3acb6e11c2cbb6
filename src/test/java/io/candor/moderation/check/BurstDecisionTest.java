package io.candor.moderation.check;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The burst decision with capped counts gives the same answer as counting everything, and asks no more than it must:
 * one count below the floor, the trailing count (no further than needed) only above it.
 */
class BurstDecisionTest {

    /** A subject with fixed arrivals, counting up to the cap, and remembering what it was asked. */
    static final class Subject implements BurstCheck.Counter {
        final int lastDay;
        final int trailing;
        int counts;
        int trailingCap = -1;

        Subject(int lastDay, int trailing) {
            this.lastDay = lastDay;
            this.trailing = trailing;
        }

        @Override
        public int lastDay(int cap) {
            counts++;
            return Math.min(lastDay, cap);
        }

        @Override
        public int trailing(int cap) {
            counts++;
            trailingCap = cap;
            return Math.min(trailing, cap);
        }
    }

    /** The rule as it was written before: count everything, then compare. */
    static boolean surgeByFullCount(int lastDayStored, int trailing, int floor, double multiple) {
        int lastDay = lastDayStored + 1;
        double threshold = Math.max(floor, multiple * (trailing / 30.0));
        return lastDay > threshold;
    }

    @Test
    void sameAnswerAsCountingEverything() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            int floor = 1 + random.nextInt(60);
            double multiple = 1 + random.nextInt(40) + (random.nextBoolean() ? 0 : random.nextDouble());
            int lastDay = random.nextInt(random.nextBoolean() ? 80 : 5_000);
            int trailing = random.nextInt(random.nextBoolean() ? 100 : 300_000);
            Subject subject = new Subject(lastDay, trailing);
            boolean surge = BurstCheck.surge(subject, floor, multiple).isPresent();
            assertEquals(surgeByFullCount(lastDay, trailing, floor, multiple), surge,
                    "lastDay " + lastDay + " trailing " + trailing + " floor " + floor + " multiple " + multiple);
            if (lastDay + 1 <= floor) {
                assertEquals(1, subject.counts, "below the floor, the last day alone decides");
            } else {
                assertEquals(2, subject.counts);
                assertEquals(BurstCheck.needed(lastDay + 1, multiple), subject.trailingCap, "the trailing count stops at what is needed");
            }
        }
    }

    @Test
    void aQuietSubjectTakesOneCountAndABusyOneTwo() {
        // 3,000 reviews a day for a month: 90,000 trailing; today's 3,001st is no surge
        Subject busy = new Subject(3_000, 90_000);
        assertTrue(BurstCheck.surge(busy, 20, 10.0).isEmpty());
        assertEquals(2, busy.counts);
        assertEquals(9_003, busy.trailingCap);
        // a surge: 3,000 today against a mean of 100 a day
        Subject surging = new Subject(3_000, 3_000);
        assertEquals(3_001, BurstCheck.surge(surging, 20, 10.0).orElseThrow().lastDay());
        // a quiet product: the floor decides after one count
        Subject quiet = new Subject(3, 1_000_000);
        assertTrue(BurstCheck.surge(quiet, 20, 10.0).isEmpty());
        assertEquals(1, quiet.counts);
    }
}
