package io.candor.review;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /api/v1/reviews}. Lengths are checked again after normalisation. */
public record CreateReviewRequest(
        @Size(max = 64) String transaction,
        @NotNull @Valid SubjectRef subject,
        @NotNull @Min(1) @Max(5) Integer rating,
        @Size(max = 1000) String title,
        @NotNull @Size(max = 20000) String body,
        @Valid Aspects aspects,
        /** What the author received for this review: none (the default), free_product, discount or payment. */
        @jakarta.validation.constraints.Pattern(regexp = io.candor.transaction.Incentive.PATTERN, message = io.candor.transaction.Incentive.MESSAGE)
        String incentive,
        /** Photos uploaded with POST /api/v1/photos, in the order shown, each with alt text (at most the policy's maxPhotosPerReview, 6). */
        @Size(max = 6) java.util.List<@NotNull @Valid PhotoInput> photos) {

    public CreateReviewRequest(String transaction, SubjectRef subject, Integer rating, String title, String body, Aspects aspects) {
        this(transaction, subject, rating, title, body, aspects, null, null);
    }

    public CreateReviewRequest(String transaction, SubjectRef subject, Integer rating, String title, String body, Aspects aspects, String incentive) {
        this(transaction, subject, rating, title, body, aspects, incentive, null);
    }
}
