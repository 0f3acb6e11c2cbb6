package io.candor.moderation;

import java.util.UUID;

/**
 * User text on its way in, for the automated checks: a new review, an edit, a seller response or a
 * buyer feedback comment. Title and body are already normalised.
 *
 * @param kind          {@code review}, {@code response} or {@code feedback}
 * @param targetId      the review, response or feedback id (known before insertion: ids are generated up front)
 * @param sellerPartyId the seller of the subject, when known
 */
public record TextSubmission(String kind, UUID targetId, String subjectType, String subjectRef, UUID authorPartyId,
                             UUID sellerPartyId, String title, String body, boolean isEdit) {
}
