package io.candor.review;

import io.candor.common.Jdbc;
import io.candor.moderation.ModeratedContent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Every version of every review and response, the first included, so moderators and appeals see the whole history. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
class VersionRepository {

    private final EntityManager em;
    private final Jdbc jdbc;

    VersionRepository(EntityManager em, Jdbc jdbc) {
        this.em = em;
        this.jdbc = jdbc;
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

    /** Every version of a review, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    List<ModeratedContent.Version> versions(long tenantId, UUID reviewId) {
        return jdbc.query("SELECT version, rating, title, body, cause, created_at FROM review_version WHERE tenant_id = ? AND review_id = ? "
                        + "ORDER BY version", List.of(tenantId, reviewId),
                rs -> new ModeratedContent.Version(rs.getInt("version"), rs.getInt("rating"), rs.getString("title"), rs.getString("body"),
                        rs.getString("cause"), Jdbc.instant(rs, "created_at")));
    }

    /** Every version of a response, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    List<ModeratedContent.Version> responseVersions(long tenantId, UUID responseId) {
        return jdbc.query("SELECT version, body, cause, created_at FROM response_version WHERE tenant_id = ? AND response_id = ? ORDER BY version",
                List.of(tenantId, responseId), rs -> new ModeratedContent.Version(rs.getInt("version"), null, null, rs.getString("body"),
                        rs.getString("cause"), Jdbc.instant(rs, "created_at")));
    }

    /** Whether a moderator redacted the review at or before {@code version}. */
    boolean redactedBy(long tenantId, UUID reviewId, int version) {
        return !jdbc.query("SELECT 1 FROM review_version WHERE tenant_id = ? AND review_id = ? AND version <= ? AND cause = 'redacted'",
                List.of(tenantId, reviewId, version), rs -> 1).isEmpty();
    }
}
