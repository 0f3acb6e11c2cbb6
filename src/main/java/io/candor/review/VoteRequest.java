package io.candor.review;

import jakarta.validation.constraints.NotNull;

/** {@code PUT /api/v1/reviews/{id}/vote}. */
public record VoteRequest(@NotNull Boolean helpful) {
}
