package io.candor.common;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A background job's runs during the application's stop, and the outage log of a series of failed runs. */
class ScheduledWorkTest {

    private final List<String> warnings = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();
    private final ScheduledWork work = new ScheduledWork("test job", warnings::add, infos::add, Clock.systemUTC());

    @AfterEach
    void reopen() {
        ScheduledWork.open();
    }

    @Test
    void theStopWaitsForARunInProgressAndNoRunStartsAfterIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        Thread run = new Thread(() -> work.run(() -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finished.set(true);
        }));
        run.start();
        assertTrue(started.await(5, TimeUnit.SECONDS));

        new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                // the test ends
            }
            release.countDown();
        }).start();
        long before = System.nanoTime();
        assertEquals(0, ScheduledWork.drain(Duration.ofSeconds(10)), "the run in progress finished within the wait");
        assertTrue(finished.get());
        assertTrue(System.nanoTime() - before >= TimeUnit.MILLISECONDS.toNanos(250), "the stop waited for it");

        AtomicInteger after = new AtomicInteger();
        work.run(after::incrementAndGet);
        assertEquals(0, after.get(), "no run starts once the application stops");

        ScheduledWork.open();
        work.run(after::incrementAndGet);
        assertEquals(1, after.get(), "an application started again runs its jobs");
        run.join(5_000);
    }

    @Test
    void theWaitIsBoundedAndSaysHowManyRunsAreLeft() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread run = new Thread(() -> work.run(() -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        run.start();
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertEquals(1, ScheduledWork.drain(Duration.ofMillis(200)));
        release.countDown();
        run.join(5_000);
        assertFalse(run.isAlive());
    }

    @Test
    void aSeriesOfFailuresIsLoggedOnceWhenItStartsAndOnceWhenItEnds() {
        work.run(() -> {
            throw new IllegalStateException("first");
        });
        work.run(() -> {
            throw new IllegalStateException("second");
        });
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("test job failed"), warnings.get(0));
        assertTrue(work.failing());
        work.run(() -> { });
        assertEquals(1, infos.size(), infos.toString());
        assertTrue(infos.get(0).contains("after 2 failed runs"), infos.get(0));
        assertFalse(work.failing());
    }
}
