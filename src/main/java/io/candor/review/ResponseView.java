package io.candor.review;

import java.time.Instant;

/** The seller's response as the seller sees it after writing it. */
public record ResponseView(String id, String review, String status, String body, Instant createdAt, Instant editedAt, int version,
                           boolean redacted) {
}
