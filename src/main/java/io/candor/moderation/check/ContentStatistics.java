package io.candor.moderation.check;

import java.time.Instant;
import java.util.UUID;

/**
 * What the volume and copy checks need to know about earlier content of one kind. The feature that owns the content
 * answers from its own tables (review/ for reviews); moderation never queries them.
 */
public interface ContentStatistics {

    /** The content kind these statistics are about, e.g. {@code review}. */
    String kind();

    /**
     * How many items about a subject arrived after {@code since} and, when {@code until} is set, not after it, and no
     * more than {@code cap} (the burst check only needs to know whether a count reaches a bound). Answered from counts
     * kept per subject and hour, not by reading the items: a popular subject's history is never scanned. The hours at the
     * window's edges may count pro rata, so the answer can be off by up to those hours' arrivals.
     */
    int arrivals(long tenantId, String subjectType, String subjectRef, Instant since, Instant until, int cap);

    /**
     * How many items of the tenant with this text fingerprint were written after {@code since}, other than {@code excluding},
     * counting no further than {@code cap}: a text copied thousands of times is not counted to the end on every write.
     */
    int sameText(long tenantId, String fingerprint, Instant since, UUID excluding, int cap);
}
