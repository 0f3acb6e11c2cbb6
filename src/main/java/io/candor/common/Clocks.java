package io.candor.common;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/**
 * The one clock every rule with a time window reads, so windows are consistent across features. It ticks
 * in microseconds, PostgreSQL's precision, so an instant read back equals the one written.
 */
public class Clocks {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
    }
}
