package io.candor.review;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A photo in a review's {@code photos}: the id {@code POST /api/v1/photos} answered, and the author's description of
 * it for people who cannot see it (alt text, required).
 */
public record PhotoInput(@NotNull @Size(max = 36) String id, @NotNull @Size(max = 1000) String alt) {
}
