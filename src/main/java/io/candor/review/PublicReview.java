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

    private static final com.fasterxml.jackson.databind.ObjectMapper PHOTOS = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The photos as objects, for pages that render them (the API writes {@link #photos} as it is stored). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public List<Photo> photoList() {
        if (photos == null || photos.equals("[]")) {
            return List.of();
        }
        try {
            return List.of(PHOTOS.readValue(photos, Photo[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("review.photos is not a photo list", e);
        }
    }

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
