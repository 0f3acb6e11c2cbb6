package io.candor.moderation.check;

import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 5,000-character inputs built to make regular expressions backtrack without end or recurse off the stack:
 * long runs of what each pattern repeats, near-misses that fail only at the very end, and the prefixes
 * (an '@', a scheme, a keyword) that switch a finder into its expensive path.
 */
final class Adversarial {

    static final int LENGTH = 5_000;
    private static final long BUDGET_MILLIS = 100;

    private Adversarial() {
    }

    static Stream<String> inputs() {
        return Stream.of("a", "A", "1", "0", "a@", "a.", "a-", "1 ", "1-", "1.", "0 ", "+1 (", "(0)", "www.", "a.b/",
                        "a (at) b (dot) ", "x at y dot ", "Aa-", "Aa", "1 Main ", "12 Aa ", "Am Aa 1 ", "DE89 ", "AB 12 ",
                        "a s ", "a.s.", "1l", "i1", "4111 ", "1234-", "http://a/(", ")", "?token=", "@$", "aaaa ", "1a", "Straße ")
                .map(Adversarial::filled)
                .flatMap(text -> Stream.of(text, text.substring(0, LENGTH - 2) + "!x", text.substring(0, LENGTH - 1) + "x",
                        text.substring(1),
                        "x@" + text.substring(2), "https://" + text.substring(8), "SSN " + text.substring(4)));
    }

    /**
     * Runs {@code check} once to load classes and compile, killing it if it takes seconds (a catastrophic
     * pattern would run for hours), then requires the fastest of three more runs to finish well under the
     * budget: a pattern that backtracks is slow every time, a busy machine only now and then.
     */
    static void assertFast(Runnable check) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), check::run);
        long fastest = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            long started = System.nanoTime();
            check.run();
            fastest = Math.min(fastest, (System.nanoTime() - started) / 1_000_000);
        }
        long millis = fastest;
        assertTrue(millis < BUDGET_MILLIS, () -> "fastest of three runs took " + millis + " ms");
    }

    private static String filled(String unit) {
        return unit.repeat(LENGTH / unit.length() + 1).substring(0, LENGTH);
    }
}
