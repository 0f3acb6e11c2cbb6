package io.candor.review;

import java.time.Instant;
import java.util.List;

/** A review as its author sees it: any status, with what the author may still do. */
public record ReviewView(String id, String status, PublicReview.Subject subject, String transaction, int rating, String title,
                         String body, Aspects aspects, PublicReview.Author author, boolean verifiedPurchase, Instant createdAt,
                         Instant editedAt, Instant editableUntil, PublicReview.Helpful helpful, PublicReview.Response response,
                         List<String> labels, String incentive, int version,
                         @com.fasterxml.jackson.annotation.JsonRawValue
                         @org.eclipse.microprofile.openapi.annotations.media.Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                                 implementation = PublicReview.Photo.class, description = "published photos, in order") String photos) {
}
