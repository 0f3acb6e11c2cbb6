package io.candor.feedback;

import java.time.Instant;

/**
 * Feedback on a buyer, as its author (the seller) or its subject (the buyer, once revealed) sees it.
 * {@code revealBy} is when a sealed feedback is revealed at the latest.
 */
public record FeedbackView(String id, String transaction, String rating, String comment, String status, boolean redacted,
                           Instant createdAt, Instant editedAt, Instant revealedAt, Instant revealBy) {
}
