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
        String incentive,
        /** The review's photos from now on, in order, each with alt text: photos left out are deleted, new uploads are added. */
        @Size(max = 6) java.util.List<@jakarta.validation.constraints.NotNull @Valid PhotoInput> photos) {

    public UpdateReviewRequest(Integer rating, String title, String body, Aspects aspects, String incentive) {
        this(rating, title, body, aspects, incentive, null);
    }

    @JsonIgnore
    boolean isEmpty() {
        return rating == null && title == null && body == null && aspects == null && incentive == null && photos == null;
    }

    @JsonIgnore
    boolean onlyPhotos() {
        return rating == null && title == null && body == null && aspects == null && incentive == null && photos != null;
    }
}
