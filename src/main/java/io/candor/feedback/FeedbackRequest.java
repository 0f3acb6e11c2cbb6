package io.candor.feedback;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code PUT /api/v1/transactions/{ref}/buyer-feedback}. */
public record FeedbackRequest(
        @NotNull @Pattern(regexp = "positive|neutral|negative", message = "must be positive, neutral or negative") String rating,
        @Size(max = 4000) String comment) {
}
