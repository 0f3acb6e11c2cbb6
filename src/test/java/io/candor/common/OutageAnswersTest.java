package io.candor.common;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #17, losing a database machine: a change the database did not confirm (an outage during the work, or a
 * rollback at commit) is a 503 telling the client to retry with the same Idempotency-Key, a read is a plain 503, and
 * background jobs log an outage once when it starts and once when it ends.
 */
class OutageAnswersTest {

    final ProblemMappers mappers = new ProblemMappers();

    static Problem problem(Response r) {
        return (Problem) r.getEntity();
    }

    @Test
    void aRollbackAtCommitIsAnUnknownOutcomeToRetryWithTheSameKey() {
        Exception atCommit = new RuntimeException("commit", new jakarta.transaction.RollbackException("connection lost at commit"));
        Response r = mappers.unexpected(atCommit, "POST");
        assertEquals(503, r.getStatus());
        assertEquals("5", r.getHeaderString("Retry-After"));
        assertEquals(ProblemType.OUTCOME_UNKNOWN.code(), problem(r).type().substring("/problems/".length()));
        assertTrue(problem(r).detail().contains("same Idempotency-Key"));
        Response heuristic = mappers.unexpected(new IllegalStateException(new jakarta.transaction.HeuristicMixedException()), "PATCH");
        assertEquals(503, heuristic.getStatus());
    }

    @Test
    void aLostConnectionIsAnUnknownOutcomeForChangesAndUnavailableForReads() {
        Exception lost = new RuntimeException(new SQLException("I/O error", "08006"));
        assertEquals(ProblemType.OUTCOME_UNKNOWN.code(), problem(mappers.unexpected(lost, "DELETE")).type().substring("/problems/".length()));
        Response read = mappers.unexpected(lost, "GET");
        assertEquals(503, read.getStatus());
        assertEquals(ProblemType.UNAVAILABLE.code(), problem(read).type().substring("/problems/".length()));
        // anything else stays an internal error with a reference
        assertEquals(500, mappers.unexpected(new IllegalStateException("bug"), "POST").getStatus());
    }

    @Test
    void aJobLogsAnOutageOnceWhenItStartsAndOnceWhenItEnds() {
        List<String> warnings = new ArrayList<>();
        List<String> infos = new ArrayList<>();
        Instant[] now = {Instant.parse("2026-12-06T10:00:00Z")};
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now[0]; }
        };
        ScheduledWork work = new ScheduledWork("webhook delivery", warnings::add, infos::add, clock);
        Runnable down = () -> {
            throw new RuntimeException(new SQLException("Connection refused", "08001"));
        };
        for (int tick = 0; tick < 30; tick++) {
            work.run(down);
            now[0] = now[0].plusSeconds(1);
        }
        assertEquals(1, warnings.size(), "one line when the outage starts: " + warnings);
        assertTrue(warnings.get(0).contains("cannot reach the database") && warnings.get(0).contains("08001"), warnings.get(0));
        assertTrue(work.failing());
        work.run(() -> { });
        work.run(() -> { });
        assertEquals(List.of("webhook delivery works again after 30 failed runs over 30 s"), infos);
        work.run(down);
        assertEquals(2, warnings.size(), "a new outage is a new line");
    }
}
