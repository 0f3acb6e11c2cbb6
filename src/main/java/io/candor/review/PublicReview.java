package io.candor.review;

import com.fasterxml.jackson.annotation.JsonRawValue;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A published review as anyone may read it. The author appears only as a handle. */
public record PublicReview(String id, Subject subject, int rating, String title, String body, Aspects aspects, Author author,
                           boolean verifiedPurchase, Instant createdAt, Instant editedAt, Helpful helpful, Response response,
                           List<String> labels, String incentive,
                           @JsonRawValue @Schema(type = SchemaType.ARRAY, implementation = Photo.class, description = "published photos, in order")
                           String photos) {

    /** A published photo: the display size at {@code url}, the thumbnail, and the author's alt text. */
    @Schema(name = "ReviewPhoto")
    public record Photo(String id, String alt, int width, int height, String url, Thumb thumb) {
    }

    /** A photo's thumbnail. */
    @Schema(name = "ReviewPhotoThumb")
    public record Thumb(String url, int width, int height) {
    }

    public record Subject(String type, String ref) {
    }

    public record Author(String handle) {
    }

    public record Helpful(int up, int down) {
    }

    /** The seller's public answer. */
    @Schema(name = "SellerResponse")
    public record Response(String id, String body, Instant createdAt, Instant editedAt) {
    }
}
