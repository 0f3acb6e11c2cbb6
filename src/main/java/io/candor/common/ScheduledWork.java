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

    /** Runs the work; a failure is logged if it is the first of a series, and never thrown to the scheduler. */
    public void run(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        succeeded();
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
