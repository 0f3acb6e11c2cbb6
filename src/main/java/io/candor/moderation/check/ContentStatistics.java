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

    /** How many items about a subject arrived: {@code [after recentSince, in (since, recentSince]]}. */
    int[] arrivals(long tenantId, String subjectType, String subjectRef, Instant since, Instant recentSince);

    /** How many items of the tenant with this text fingerprint were written after {@code since}, other than {@code excluding}. */
    int sameText(long tenantId, String fingerprint, Instant since, UUID excluding);
}
