package io.candor.moderation.check;

import io.candor.tenant.TenantContext;

import java.time.Instant;
import java.util.UUID;

/**
 * What a check looks at: the text (normalised, and already redacted by the checks that ran before), what
 * it is and who wrote it.
 *
 * @param kind          {@code review} or {@code response}
 * @param targetId      the review's or response's id (known before it is stored)
 * @param sellerPartyId the seller of the reviewed subject, when known
 * @param title         the review's title, or null
 */
public record CheckInput(TenantContext tenant, String kind, UUID targetId, String subjectType, String subjectRef, UUID authorPartyId,
                         UUID sellerPartyId, String title, String body, boolean isEdit, Instant now) {

    public boolean isReview() {
        return "review".equals(kind);
    }

    /** Title and body as one text, for checks that look at both. */
    public String text() {
        return title == null ? body : title + "\n" + body;
    }

    public CheckInput withText(String newTitle, String newBody) {
        return new CheckInput(tenant, kind, targetId, subjectType, subjectRef, authorPartyId, sellerPartyId, newTitle, newBody, isEdit, now);
    }
}
