package io.candor.summary;

import java.time.Instant;
import java.util.UUID;

/**
 * What one review adds to its subject's summary and its seller's monthly trend while it counts:
 * published and by a verified buyer. A review that does not count contributes nothing ({@code null}).
 * An incentivised review (its author received something for it) always adds to the summary's count of them,
 * and to the rest only where the tenant's policy counts incentivised reviews.
 */
public record Contribution(String subjectType, String subjectRef, UUID sellerPartyId, int rating,
                           Integer asDescribed, Integer communication, Integer delivery, Instant createdAt, boolean incentivized) {
}
