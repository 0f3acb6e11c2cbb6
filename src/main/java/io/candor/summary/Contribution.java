package io.candor.summary;

import java.time.Instant;
import java.util.UUID;

/**
 * What one review adds to its subject's summary and its seller's monthly trend while it counts:
 * published and by a verified buyer. A review that does not count contributes nothing ({@code null}).
 */
public record Contribution(String subjectType, String subjectRef, UUID sellerPartyId, int rating,
                           Integer asDescribed, Integer communication, Integer delivery, Instant createdAt) {
}
