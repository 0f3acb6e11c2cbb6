package io.candor.review;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/** Every version of every review and response, the first included, so moderators and appeals see the whole history. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
class ReviewHistory {

    private final EntityManager em;

    ReviewHistory(EntityManager em) {
        this.em = em;
    }

    /** Records the review as it now reads; {@code cause} is created, edited, redacted or restored. */
    void record(Review review, String cause, Instant now) {
        Aspects a = review.aspects();
        em.createNativeQuery("INSERT INTO review_version (tenant_id, review_id, version, rating, title, body, aspect_as_described, "
                        + "aspect_communication, aspect_delivery, cause, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)")
                .setParameter(1, review.tenantId())
                .setParameter(2, review.id())
                .setParameter(3, review.version())
                .setParameter(4, (short) review.rating())
                .setParameter(5, review.title())
                .setParameter(6, review.body())
                .setParameter(7, a == null || a.asDescribed() == null ? null : a.asDescribed().shortValue())
                .setParameter(8, a == null || a.communication() == null ? null : a.communication().shortValue())
                .setParameter(9, a == null || a.delivery() == null ? null : a.delivery().shortValue())
                .setParameter(10, cause)
                .setParameter(11, Timestamp.from(now))
                .executeUpdate();
    }

    void recordResponse(long tenantId, UUID responseId, int version, String body, String cause, Instant now) {
        em.createNativeQuery("INSERT INTO response_version (tenant_id, response_id, version, body, cause, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, tenantId).setParameter(2, responseId).setParameter(3, version).setParameter(4, body)
                .setParameter(5, cause).setParameter(6, Timestamp.from(now))
                .executeUpdate();
    }
}
