package io.candor.review;

import io.candor.audit.AuditLog;
import io.candor.common.Jdbc;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a party's erasure does to reviews: their reviews and responses go, with every version, and leave the
 * summaries in the same transaction; their votes leave the helpful counts. Content that someone else may still
 * appeal a decision on (a reporter against a keep, or a pending appeal) is unlinked and withdrawn instead, and
 * deleted by {@link #deleteExpired} once nobody can appeal.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ReviewErasure {

    private final EntityManager em;
    private final Jdbc jdbc;
    private final ReviewTransitions transitions;
    private final ResponseTransitions responseTransitions;

    public ReviewErasure(EntityManager em, Jdbc jdbc, ReviewTransitions transitions, ResponseTransitions responseTransitions) {
        this.em = em;
        this.jdbc = jdbc;
        this.transitions = transitions;
        this.responseTransitions = responseTransitions;
    }

    /**
     * What was erased, for the audit entry; {@code contentIds} are the reviews and responses that were deleted or
     * unlinked, whose open cases close.
     */
    public record Erased(int reviews, int reviewsKeptForAppeals, int responses, int responsesKeptForAppeals, int votes,
                         List<UUID> reviewIds, List<UUID> responseIds) {
    }

    public Erased erase(TenantContext tenant, UUID partyId, AuditLog.Actor actor, Instant now) {
        long t = tenant.id();
        int reviews = 0;
        int keptReviews = 0;
        List<UUID> reviewIds = new java.util.ArrayList<>();
        List<UUID> responseIds = new java.util.ArrayList<>();
        for (UUID id : jdbc.query("SELECT review_id FROM review WHERE tenant_id = ? AND author_party_id = ? ORDER BY review_id",
                List.of(t, partyId), rs -> rs.getObject(1, UUID.class))) {
            reviewIds.add(id);
            Review review = transitions.lock(t, id);
            Optional<Instant> hold = appealableUntil(t, ReviewModeration.TYPE, id, partyId, now);
            if (hold.isPresent()) {
                keptReviews++;
            } else {
                reviews++;
            }
            transitions.erased(tenant, review, hold, actor, now);
        }
        int responses = 0;
        int keptResponses = 0;
        for (Object[] row : jdbc.query("SELECT response_id, review_id FROM review_response WHERE tenant_id = ? AND seller_party_id = ? ORDER BY review_id",
                List.of(t, partyId), rs -> new Object[]{rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)})) {
            UUID responseId = (UUID) row[0];
            responseIds.add(responseId);
            Review answered = transitions.lock(t, (UUID) row[1]);
            Optional<Instant> hold = appealableUntil(t, ResponseModeration.TYPE, responseId, partyId, now);
            if (hold.isPresent()) {
                keptResponses++;
            } else {
                responses++;
            }
            responseTransitions.erased(tenant, answered, responseId, hold, actor, now);
        }
        em.flush();
        int votes = jdbc.update("UPDATE review r SET helpful_up = r.helpful_up - v.up, helpful_down = r.helpful_down - v.down, "
                        + "helpful_rank = wilson_lower_bound(r.helpful_up - v.up, r.helpful_down - v.down) "
                        + "FROM (SELECT review_id, count(*) FILTER (WHERE helpful)::int AS up, count(*) FILTER (WHERE NOT helpful)::int AS down "
                        + "FROM review_vote WHERE tenant_id = ? AND party_id = ? GROUP BY review_id) v WHERE r.tenant_id = ? AND r.review_id = v.review_id",
                List.of(t, partyId, t));
        jdbc.update("DELETE FROM review_vote WHERE tenant_id = ? AND party_id = ?", List.of(t, partyId));
        // Reviews of what the party sold stay: they are the buyers' words. Only the link to the seller goes.
        jdbc.update("UPDATE review SET seller_party_id = NULL WHERE tenant_id = ? AND seller_party_id = ?", List.of(t, partyId));
        em.clear();
        return new Erased(reviews, keptReviews, responses, keptResponses, votes, reviewIds, responseIds);
    }

    /**
     * Until when someone other than the erased author can still appeal a decision on the content: a reporter
     * against a keep that is not yet overturned, inside its window; or anyone with an appeal still pending.
     */
    private Optional<Instant> appealableUntil(long tenantId, String type, UUID id, UUID author, Instant now) {
        return jdbc.query("SELECT greatest(max(d.appeal_until) FILTER (WHERE d.action = 'keep' AND d.overturned_at IS NULL AND d.appeal_until > ?), "
                        + "max(?::timestamptz) FILTER (WHERE EXISTS (SELECT 1 FROM appeal a WHERE a.tenant_id = d.tenant_id AND a.decision_id = d.decision_id "
                        + "AND a.status = 'pending' AND a.appellant_party_id IS DISTINCT FROM ?))) "
                        + "FROM decision d WHERE d.tenant_id = ? AND d.target_type = ? AND d.target_id = ?",
                List.of(now, now, author, tenantId, type, id), rs -> Optional.ofNullable(Jdbc.instant(rs, 1))).get(0);
    }

    /**
     * Deletes unlinked content whose appeal period has ended and that no appeal waits on; answers how many
     * reviews and responses went. Run by the retention job, for every tenant at once.
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public int deleteExpired(Instant now) {
        String noPendingAppeal = "NOT EXISTS (SELECT 1 FROM decision d JOIN appeal a ON a.tenant_id = d.tenant_id AND a.decision_id = d.decision_id "
                + "WHERE d.tenant_id = %1$s.tenant_id AND d.target_type = '%2$s' AND d.target_id = %1$s.%3$s AND a.status = 'pending')";
        int responses = jdbc.update("DELETE FROM review_response rr WHERE erase_after <= ? AND " + String.format(noPendingAppeal, "rr", "response", "response_id"),
                List.of(now));
        int reviews = jdbc.update("DELETE FROM review r WHERE erase_after <= ? AND " + String.format(noPendingAppeal, "r", "review", "review_id"),
                List.of(now));
        return reviews + responses;
    }
}
