package io.candor.common;

import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A background job's run, logged the way an operator wants it during an outage: the first failure once (what failed,
 * by class and SQL state, never a stack trace or a message that may quote stored rows), nothing while it keeps
 * failing, and once when it works again, with how long and how many runs it was down. One per job.
 */
public final class ScheduledWork {

    private final String job;
    private final Consumer<String> warn;
    private final Consumer<String> info;
    private final Clock clock;
    private Instant failingSince;
    private int failures;

    public ScheduledWork(String job, Logger log) {
        this(job, log::warn, log::info, Clock.systemUTC());
    }

    ScheduledWork(String job, Consumer<String> warn, Consumer<String> info, Clock clock) {
        this.job = job;
        this.warn = warn;
        this.info = info;
        this.clock = clock;
    }

    /** The runs in progress, of every job; the application's stop waits for them ({@link #drain}). */
    private static final Object RUNS = new Object();
    private static int running;
    private static boolean stopping;

    /**
     * Runs the work; a failure is logged if it is the first of a series, and never thrown to the scheduler. Once the
     * application stops, no run starts: the scheduler does not wait for a run in progress, which would otherwise go
     * on inside a transaction after the container and the connection pool are gone.
     */
    public void run(Runnable work) {
        synchronized (RUNS) {
            if (stopping) {
                return;
            }
            running++;
        }
        try {
            work.run();
        } catch (RuntimeException e) {
            failed(e);
            return;
        } finally {
            synchronized (RUNS) {
                running--;
                RUNS.notifyAll();
            }
        }
        succeeded();
    }

    /** From now on no run starts; waits for the runs in progress, at most {@code max}. Answers how many are left. */
    public static int drain(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (RUNS) {
            stopping = true;
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    RUNS.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return running;
        }
    }

    /** Runs may start (again): an application started in a JVM where an earlier one stopped. */
    public static void open() {
        synchronized (RUNS) {
            stopping = false;
        }
    }

    /** Records a failed run (for jobs that handle their own failures). */
    public synchronized void failed(RuntimeException e) {
        failures++;
        if (failingSince == null) {
            failingSince = clock.instant();
            boolean outage = ProblemMappers.isDatabaseUnavailable(e);
            warn.accept(job + (outage ? " cannot reach the database" : " failed") + ", retried on every run; logged again when it works: "
                    + ProblemMappers.describe(e));
        }
    }

    /** Records a run that worked. */
    public synchronized void succeeded() {
        if (failingSince != null) {
            Duration down = Duration.between(failingSince, clock.instant());
            info.accept(job + " works again after " + failures + (failures == 1 ? " failed run" : " failed runs") + " over "
                    + Math.max(1, down.toSeconds()) + " s");
            failingSince = null;
            failures = 0;
        }
    }

    /** Whether the last run failed. */
    public synchronized boolean failing() {
        return failingSince != null;
    }
}
