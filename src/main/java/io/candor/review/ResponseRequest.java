package io.candor.review;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code PUT /api/v1/reviews/{id}/response}: the seller's public answer. */
public record ResponseRequest(@NotNull @Size(max = 20000) String body) {
}
