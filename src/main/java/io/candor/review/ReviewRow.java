package io.candor.review;

import io.candor.common.Jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One review row joined with its author's handle and its published response: what every list renders from. */
record ReviewRow(UUID id, String subjectType, String subjectRef, String status, int rating, String title, String body, Aspects aspects,
                 String authorHandle, boolean verified, boolean redacted, boolean answered, Instant createdAt, Instant editedAt,
                 int helpfulUp, int helpfulDown, double helpfulRank, int version, String transactionRef,
                 PublicReview.Response response, String incentive, String photos) {

    static ReviewRow read(ResultSet rs) throws SQLException {
        return read(rs, null);
    }

    static ReviewRow read(ResultSet rs, String transactionRef) throws SQLException {
        String subjectType = rs.getString("subject_type");
        Aspects aspects = "seller".equals(subjectType)
                ? new Aspects(Jdbc.integer(rs, "aspect_as_described"), Jdbc.integer(rs, "aspect_communication"), Jdbc.integer(rs, "aspect_delivery"))
                : null;
        UUID responseId = rs.getObject("response_id", UUID.class);
        PublicReview.Response response = responseId == null ? null
                : new PublicReview.Response(responseId.toString(), rs.getString("response_body"), Jdbc.instant(rs, "response_created_at"),
                Jdbc.instant(rs, "response_edited_at"));
        return new ReviewRow(rs.getObject("review_id", UUID.class), subjectType, rs.getString("subject_ref"), rs.getString("status"),
                rs.getInt("rating"), rs.getString("title"), rs.getString("body"), aspects, rs.getString("handle"),
                rs.getBoolean("verified"), rs.getBoolean("redacted"), rs.getBoolean("answered"), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "edited_at"), rs.getInt("helpful_up"), rs.getInt("helpful_down"), rs.getDouble("helpful_rank"),
                rs.getInt("version"), transactionRef, response, rs.getString("incentive"),
                rs.getString("photos"));
    }

    List<String> labels() {
        return labels(verified, io.candor.party.PartyService.isAnonymousHandle(authorHandle), editedAt != null, redacted, incentive);
    }

    /** The labels a review shows: verified-purchase, anonymous (written with an anonymous-review token), incentivized (its author received something for it), edited, redacted. */
    static List<String> labels(boolean verified, boolean anonymous, boolean edited, boolean redacted, String incentive) {
        List<String> labels = new ArrayList<>(4);
        if (verified) {
            labels.add("verified-purchase");
        }
        if (anonymous) {
            labels.add("anonymous");
        }
        if (incentive != null && !"none".equals(incentive)) {
            labels.add("incentivized");
        }
        if (edited) {
            labels.add("edited");
        }
        if (redacted) {
            labels.add("redacted");
        }
        return labels;
    }

    PublicReview toPublic() {
        return new PublicReview(id.toString(), new PublicReview.Subject(subjectType, subjectRef), rating, title, body, aspects,
                new PublicReview.Author(authorHandle), verified, createdAt, editedAt, new PublicReview.Helpful(helpfulUp, helpfulDown),
                response, labels(), incentive, photos);
    }

    ReviewView toOwn(int editWindowDays) {
        return new ReviewView(id.toString(), status, new PublicReview.Subject(subjectType, subjectRef), transactionRef, rating, title, body,
                aspects, new PublicReview.Author(authorHandle), verified, createdAt, editedAt,
                createdAt.plus(java.time.Duration.ofDays(editWindowDays)), new PublicReview.Helpful(helpfulUp, helpfulDown), response,
                labels(), incentive, version, photos);
    }

    /** The cursor values after this row for a sort. */
    List<String> keyFor(ReviewSort sort) {
        return switch (sort) {
            case HELPFUL -> List.of(Double.toString(helpfulRank), id.toString());
            case NEWEST -> List.of(ReviewSort.micros(createdAt), id.toString());
            case HIGHEST, LOWEST -> List.of(Integer.toString(rating), ReviewSort.micros(createdAt), id.toString());
        };
    }
}
