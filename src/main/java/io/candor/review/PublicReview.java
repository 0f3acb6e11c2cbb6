package io.candor.review;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A published review as anyone may read it. The author appears only as a handle. */
public record PublicReview(String id, Subject subject, int rating, String title, String body, Aspects aspects, Author author,
                           boolean verifiedPurchase, Instant createdAt, Instant editedAt, Helpful helpful, Response response,
                           List<String> labels, String incentive) {

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
