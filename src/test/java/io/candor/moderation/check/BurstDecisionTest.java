package io.candor.moderation.check;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The burst decision with counts that stop early gives the same answer as counting everything, and reads no more than
 * it must: the floor below it, the needed trailing count above it.
 */
class BurstDecisionTest {

    /** A subject with fixed arrivals, counting like the database does with LIMIT, and remembering how far it read. */
    static final class Subject implements BurstCheck.Counter {
        final int lastDay;
        final int trailing;
        int read;

        Subject(int lastDay, int trailing) {
            this.lastDay = lastDay;
            this.trailing = trailing;
        }

        @Override
        public int lastDay(int cap) {
            int n = Math.min(lastDay, cap);
            read += n;
            return n;
        }

        @Override
        public int trailing(int cap) {
            int n = Math.min(trailing, cap);
            read += n;
            return n;
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
                assertTrue(subject.read <= floor, "below the floor at most the floor is read");
            } else {
                assertTrue(subject.read <= Math.min(lastDay, floor) + lastDay + BurstCheck.needed(lastDay + 1, multiple),
                        "past the floor, the trailing count stops at what is needed");
            }
        }
    }

    @Test
    void aPopularSubjectsHistoryIsNotReadToTheEnd() {
        // 3,000 reviews a day for a month: 90,000 trailing; today's 3,001st is no surge, known after reading a tenth of that
        Subject busy = new Subject(3_000, 90_000);
        assertTrue(BurstCheck.surge(busy, 20, 10.0).isEmpty());
        assertTrue(busy.read < 20 + 3_000 + 9_100, "read " + busy.read);
        // a quiet product: the floor decides after at most 20 rows
        Subject quiet = new Subject(3, 1_000_000);
        assertTrue(BurstCheck.surge(quiet, 20, 10.0).isEmpty());
        assertEquals(3, quiet.read);
    }
}
