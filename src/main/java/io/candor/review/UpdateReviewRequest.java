package io.candor.review;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/** {@code PATCH /api/v1/reviews/{id}}: only the fields given change. An empty title removes the title. */
public record UpdateReviewRequest(
        @Min(1) @Max(5) Integer rating,
        @Size(max = 1000) String title,
        @Size(max = 20000) String body,
        @Valid Aspects aspects,
        @jakarta.validation.constraints.Pattern(regexp = io.candor.transaction.Incentive.PATTERN, message = io.candor.transaction.Incentive.MESSAGE)
        String incentive) {

    @JsonIgnore
    boolean isEmpty() {
        return rating == null && title == null && body == null && aspects == null && incentive == null;
    }
}
