package io.candor.review;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** What a review is about: {@code {"type":"product"|"seller","ref":"…"}}. */
public record SubjectRef(
        @NotNull @Pattern(regexp = "product|seller", message = "must be product or seller") String type,
        @NotNull @Pattern(regexp = "[A-Za-z0-9._:-]{1,128}", message = "must be 1..128 characters of A-Z a-z 0-9 . _ : -") String ref) {
}
