package io.candor.review;

import io.candor.common.Jdbc;
import io.candor.moderation.CaseView;
import io.candor.moderation.ModeratedContent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The review_response table: sellers' public responses, one per review. */
@ApplicationScoped
public class ResponseRepository {

    private final Jdbc jdbc;

    public ResponseRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A response as its writes need it. */
    record Current(UUID id, UUID reviewId, ResponseStatus status, UUID sellerPartyId, int version) {
    }

    /** The response to a review, locked ({@code FOR UPDATE}); the review is locked before it. */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<Current> lockOfReview(long tenantId, UUID reviewId) {
        return jdbc.query("SELECT response_id, review_id, status, seller_party_id, version FROM review_response WHERE tenant_id = ? AND review_id = ? "
                + "FOR UPDATE", List.of(tenantId, reviewId), ResponseRepository::current).stream().findFirst();
    }

    /** A response, locked ({@code FOR UPDATE}); the review it answers is locked before it. */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<Current> lock(long tenantId, UUID responseId) {
        return jdbc.query("SELECT response_id, review_id, status, seller_party_id, version FROM review_response WHERE tenant_id = ? AND response_id = ? "
                + "FOR UPDATE", List.of(tenantId, responseId), ResponseRepository::current).stream().findFirst();
    }

    private static Current current(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Current(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), ResponseStatus.of(rs.getString(3)),
                rs.getObject(4, UUID.class), rs.getInt(5));
    }

    /** The review a response answers, unlocked: to lock that review first. */
    Optional<UUID> reviewOf(long tenantId, UUID responseId) {
        return jdbc.query("SELECT review_id FROM review_response WHERE tenant_id = ? AND response_id = ?", List.of(tenantId, responseId),
                rs -> rs.getObject(1, UUID.class)).stream().findFirst();
    }

    Optional<String> body(long tenantId, UUID responseId) {
        return jdbc.query("SELECT body FROM review_response WHERE tenant_id = ? AND response_id = ?", List.of(tenantId, responseId),
                rs -> rs.getString(1)).stream().findFirst();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void insert(long tenantId, UUID responseId, UUID reviewId, UUID sellerPartyId, String body, ResponseStatus status, boolean redacted, Instant now) {
        jdbc.update("INSERT INTO review_response (tenant_id, response_id, review_id, seller_party_id, body, status, redacted, created_at, version) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)", List.of(tenantId, responseId, reviewId, sellerPartyId, body, status.code(), redacted, now));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void rewrite(long tenantId, UUID responseId, String body, ResponseStatus status, boolean redacted, int version, Instant now) {
        jdbc.update("UPDATE review_response SET body = ?, status = ?, redacted = redacted OR ?, edited_at = ?, version = ? "
                + "WHERE tenant_id = ? AND response_id = ?", List.of(body, status.code(), redacted, now, version, tenantId, responseId));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void setStatus(long tenantId, UUID responseId, ResponseStatus status) {
        jdbc.update("UPDATE review_response SET status = ? WHERE tenant_id = ? AND response_id = ?", List.of(status.code(), tenantId, responseId));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void setText(long tenantId, UUID responseId, String body, boolean redacted, int version) {
        jdbc.update("UPDATE review_response SET body = ?, redacted = ?, version = ? WHERE tenant_id = ? AND response_id = ?",
                List.of(body, redacted, version, tenantId, responseId));
    }

    /** Its seller was erased: kept, unlinked and withdrawn, until {@code eraseAfter}. */
    @Transactional(Transactional.TxType.MANDATORY)
    void unlink(long tenantId, UUID responseId, Instant eraseAfter) {
        jdbc.update("UPDATE review_response SET seller_party_id = NULL, status = 'withdrawn', erase_after = ? WHERE tenant_id = ? AND response_id = ?",
                List.of(eraseAfter, tenantId, responseId));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void delete(long tenantId, UUID responseId) {
        jdbc.update("DELETE FROM review_response WHERE tenant_id = ? AND response_id = ?", List.of(tenantId, responseId));
    }

    /** A seller's responses as {@code [response, review]}, in review order (the order the reviews are locked in). */
    List<UUID[]> bySeller(long tenantId, UUID sellerPartyId) {
        return jdbc.query("SELECT response_id, review_id FROM review_response WHERE tenant_id = ? AND seller_party_id = ? ORDER BY review_id",
                List.of(tenantId, sellerPartyId), rs -> new UUID[]{rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)});
    }

    /** The response as its seller reads it after writing. */
    ResponseView view(long tenantId, UUID responseId) {
        return jdbc.query("SELECT response_id, review_id, status, body, created_at, edited_at, version, redacted FROM review_response "
                        + "WHERE tenant_id = ? AND response_id = ?", List.of(tenantId, responseId),
                rs -> new ResponseView(rs.getObject(1, UUID.class).toString(), rs.getObject(2, UUID.class).toString(), rs.getString(3), rs.getString(4),
                        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "edited_at"), rs.getInt(7), rs.getBoolean(8))).get(0);
    }

    /** The response as a moderator sees it (without its history), with the subject of the review it answers. */
    Optional<ModeratedContent.View> moderationView(long tenantId, UUID responseId) {
        return jdbc.query("SELECT rr.response_id, rr.status, rr.body, rr.created_at, rr.edited_at, rr.redacted, rr.review_id, r.subject_type, "
                        + "r.subject_ref, p.handle FROM review_response rr "
                        + "JOIN review r ON r.tenant_id = rr.tenant_id AND r.review_id = rr.review_id "
                        + "LEFT JOIN party p ON p.tenant_id = rr.tenant_id AND p.party_id = rr.seller_party_id "
                        + "WHERE rr.tenant_id = ? AND rr.response_id = ?", List.of(tenantId, responseId),
                rs -> new ModeratedContent.View(ResponseModeration.TYPE, responseId.toString(), rs.getString("status"),
                        new ModeratedContent.Subject(rs.getString("subject_type"), rs.getString("subject_ref")), null, null, rs.getString("body"), null,
                        new ModeratedContent.Author(rs.getString("handle")), false, Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "edited_at"),
                        rs.getBoolean("redacted") ? List.of("redacted") : List.of(), rs.getObject("review_id", UUID.class).toString(), null))
                .stream().findFirst();
    }

    Map<UUID, CaseView.Preview> previews(long tenantId, Collection<UUID> ids, int excerpt) {
        Map<UUID, CaseView.Preview> previews = new LinkedHashMap<>();
        jdbc.query("SELECT rr.response_id, r.subject_type, r.subject_ref, left(rr.body, ?) FROM review_response rr "
                        + "JOIN review r ON r.tenant_id = rr.tenant_id AND r.review_id = rr.review_id WHERE rr.tenant_id = ? AND rr.response_id = ANY (?)",
                List.of(excerpt + 1, tenantId, ids.toArray(UUID[]::new)), rs -> previews.put(rs.getObject(1, UUID.class),
                        new CaseView.Preview(rs.getString(2) + " " + rs.getString(3), null, CaseView.excerpt(rs.getString(4), excerpt))));
        return previews;
    }
}
