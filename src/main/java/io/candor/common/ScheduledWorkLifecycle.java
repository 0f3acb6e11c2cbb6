package io.candor.common;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * The background jobs' part in the application's stop, after the requests' drain ({@code HttpEdge}) and before the
 * container and the connection pool stop: no new run of a job starts and the runs in progress finish (their
 * transactions commit or roll back while the pool is still there), for at most {@link #WAIT}.
 */
@ApplicationScoped
public class ScheduledWorkLifecycle {

    private static final Logger LOG = Logger.getLogger(ScheduledWorkLifecycle.class);
    /** With the chart's preStop sleep (5 s) and the requests' drain (HttpEdge, at most 15 s), inside its 30 s grace period. */
    static final Duration WAIT = Duration.ofSeconds(5);

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        ScheduledWork.open();
    }

    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        int left = ScheduledWork.drain(WAIT);
        if (left > 0) {
            LOG.warnf("%d background job runs were still in progress after %d s; the stop goes on (their transactions roll back)", left, WAIT.toSeconds());
        }
    }
}
