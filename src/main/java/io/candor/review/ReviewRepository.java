package io.candor.review;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The review table's write side: the {@link Review} aggregate through JPA (its key is {@code (tenant_id, review_id)},
 * so every load, lock and update names the tenant), and the set-based writes (votes, erasure) in plain SQL.
 * Reads for pages and lists are in {@link ReviewQueries}.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ReviewRepository {

    private final EntityManager em;
    private final Jdbc jdbc;
    private final ReviewArrivals arrivals;

    public ReviewRepository(EntityManager em, Jdbc jdbc, ReviewArrivals arrivals) {
        this.em = em;
        this.jdbc = jdbc;
        this.arrivals = arrivals;
    }

    /** The tenant's review, locked for a change ({@code FOR NO KEY UPDATE} by the primary key), or empty. */
    public Optional<Review> lock(long tenantId, UUID id) {
        return em.createQuery("SELECT r FROM Review r WHERE r.tenantId = :tenant AND r.id = :id", Review.class)
                .setParameter("tenant", tenantId).setParameter("id", id)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
    }

    /**
     * Stores a new review now, so that a unique violation surfaces here ({@link Jdbc.DatabaseException}, which
     * {@code Constraints.isUniqueViolation} reads). Plain SQL on the transaction's connection: through the
     * EntityManager (persist and flush) the insert was a fifth of a POST's CPU. The review is not attached to the
     * persistence context: nothing in the request that creates a review changes it afterwards, and a later read of it
     * in the same transaction ({@link #lock}) loads the row from the database. Its arrival is counted for the burst
     * check ({@link ReviewArrivals}), just before the transaction commits.
     */
    void insert(Review review) {
        jdbc.update(INSERT, review.insertValues());
        arrivals.count(review.tenantId(), review.subjectType(), review.subjectRef(), review.createdAt());
    }

    private static final String INSERT = "INSERT INTO review (" + Review.INSERT_COLUMNS + ") VALUES (?"
            + ", ?".repeat((int) Review.INSERT_COLUMNS.chars().filter(c -> c == ',').count()) + ")";

    /** Writes the aggregate's pending changes, so that plain SQL after it sees them. */
    void flush() {
        em.flush();
    }

    /** Writes pending changes when there is a transaction to write them in: a read after a change sees it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    void flushPending() {
        if (em.isJoinedToTransaction()) {
            em.flush();
        }
    }

    void delete(Review review) {
        em.remove(review);
        em.flush();
    }

    /** A subject's anonymous reviews of a month that wait for their anonymity set (index {@code review_anonymous_waiting}). */
    List<UUID> waitingAnonymous(long tenantId, String subjectType, String subjectRef, String epoch) {
        return jdbc.query("SELECT review_id FROM review WHERE tenant_id = ? AND subject_type = ? AND subject_ref = ? AND anonymous_epoch = ? "
                + "AND status = 'sealed' ORDER BY review_id", List.of(tenantId, subjectType, subjectRef, epoch), rs -> rs.getObject(1, UUID.class));
    }

    /** Whether this author already reviewed this product. */
    boolean reviewedProduct(long tenantId, UUID authorId, String productRef) {
        return exists("SELECT 1 FROM review WHERE tenant_id = ? AND author_party_id = ? AND subject_type = 'product' AND subject_ref = ?",
                List.of(tenantId, authorId, productRef));
    }

    /** Of a transaction's lines ({@code type:ref}), those its buyer can no longer review because a review of them exists. */
    java.util.Set<String> reviewedLines(long tenantId, UUID buyerId, UUID transactionId, List<String> productRefs) {
        return new java.util.HashSet<>(jdbc.query("SELECT subject_type || ':' || subject_ref FROM review WHERE tenant_id = ? AND (transaction_id = ? "
                        + "OR (subject_type = 'product' AND author_party_id = ? AND subject_ref = ANY (?)))",
                List.of(tenantId, transactionId, buyerId, productRefs.toArray(String[]::new)), rs -> rs.getString(1)));
    }

    /** Whether this transaction's seller was already reviewed. */
    boolean reviewedSellerOf(long tenantId, UUID transactionId, String sellerRef) {
        return exists("SELECT 1 FROM review WHERE tenant_id = ? AND transaction_id = ? AND subject_type = 'seller' AND subject_ref = ?",
                List.of(tenantId, transactionId, sellerRef));
    }

    /** Whether this author already reviewed this seller without a purchase. */
    boolean reviewedSellerUnverified(long tenantId, UUID authorId, String sellerRef) {
        return exists("SELECT 1 FROM review WHERE tenant_id = ? AND author_party_id = ? AND subject_type = 'seller' AND subject_ref = ? "
                + "AND transaction_id IS NULL", List.of(tenantId, authorId, sellerRef));
    }

    /** When this author wrote reviews without a purchase since {@code since}, oldest first. */
    List<Instant> unverifiedSince(long tenantId, UUID authorId, Instant since) {
        return jdbc.query("SELECT created_at FROM review WHERE tenant_id = ? AND author_party_id = ? AND NOT verified AND created_at > ? "
                + "ORDER BY created_at", List.of(tenantId, authorId, since), rs -> Jdbc.instant(rs, 1));
    }

    /** A review as a vote needs it, locked against concurrent votes ({@code FOR NO KEY UPDATE}). */
    record VoteTarget(UUID authorPartyId, ReviewStatus status) {
    }

    Optional<VoteTarget> lockForVote(long tenantId, UUID reviewId) {
        return jdbc.query("SELECT author_party_id, status FROM review WHERE tenant_id = ? AND review_id = ? FOR NO KEY UPDATE",
                List.of(tenantId, reviewId), rs -> new VoteTarget(rs.getObject(1, UUID.class), ReviewStatus.of(rs.getString(2)))).stream().findFirst();
    }

    Optional<Boolean> vote(long tenantId, UUID reviewId, UUID partyId) {
        return jdbc.query("SELECT helpful FROM review_vote WHERE tenant_id = ? AND review_id = ? AND party_id = ?", List.of(tenantId, reviewId, partyId),
                rs -> rs.getBoolean(1)).stream().findFirst();
    }

    void saveVote(long tenantId, UUID reviewId, UUID partyId, boolean helpful, Instant at) {
        jdbc.update("INSERT INTO review_vote (tenant_id, review_id, party_id, helpful, voted_at) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (tenant_id, review_id, party_id) DO UPDATE SET helpful = EXCLUDED.helpful, voted_at = EXCLUDED.voted_at",
                List.of(tenantId, reviewId, partyId, helpful, at));
    }

    void deleteVote(long tenantId, UUID reviewId, UUID partyId) {
        jdbc.update("DELETE FROM review_vote WHERE tenant_id = ? AND review_id = ? AND party_id = ?", List.of(tenantId, reviewId, partyId));
    }

    /** Moves the helpful counters and the rank the "most helpful" order uses. */
    void moveHelpful(long tenantId, UUID reviewId, int up, int down) {
        jdbc.update("UPDATE review SET helpful_up = helpful_up + ?, helpful_down = helpful_down + ?, "
                        + "helpful_rank = wilson_lower_bound(helpful_up + ?, helpful_down + ?) WHERE tenant_id = ? AND review_id = ?",
                List.of(up, down, up, down, tenantId, reviewId));
    }

    /** The ids of an author's reviews, in id order (the order they are locked in). */
    List<UUID> idsByAuthor(long tenantId, UUID authorId) {
        return jdbc.query("SELECT review_id FROM review WHERE tenant_id = ? AND author_party_id = ? ORDER BY review_id", List.of(tenantId, authorId),
                rs -> rs.getObject(1, UUID.class));
    }

    /** Takes a party's votes out of the helpful counts and deletes them; answers how many reviews they touched. */
    int removeVotesOf(long tenantId, UUID partyId) {
        int touched = jdbc.update("UPDATE review r SET helpful_up = r.helpful_up - v.up, helpful_down = r.helpful_down - v.down, "
                        + "helpful_rank = wilson_lower_bound(r.helpful_up - v.up, r.helpful_down - v.down) "
                        + "FROM (SELECT review_id, count(*) FILTER (WHERE helpful)::int AS up, count(*) FILTER (WHERE NOT helpful)::int AS down "
                        + "FROM review_vote WHERE tenant_id = ? AND party_id = ? GROUP BY review_id) v WHERE r.tenant_id = ? AND r.review_id = v.review_id",
                List.of(tenantId, partyId, tenantId));
        jdbc.update("DELETE FROM review_vote WHERE tenant_id = ? AND party_id = ?", List.of(tenantId, partyId));
        return touched;
    }

    /** Reviews of what the party sold stay: they are the buyers' words. Only the link to the seller goes. */
    void forgetSeller(long tenantId, UUID sellerPartyId) {
        jdbc.update("UPDATE review SET seller_party_id = NULL WHERE tenant_id = ? AND seller_party_id = ?", List.of(tenantId, sellerPartyId));
    }

    /** A review or response kept after its author's erasure whose time is up. */
    public record Unlinked(long tenantId, String type, UUID id) {
    }

    /** A tenant's unlinked reviews and responses whose {@code erase_after} has passed. */
    @Transactional(Transactional.TxType.SUPPORTS)
    List<Unlinked> unlinkedDue(long tenantId, Instant now) {
        return jdbc.query("SELECT tenant_id, 'response', response_id FROM review_response WHERE tenant_id = ? AND erase_after <= ? "
                        + "UNION ALL SELECT tenant_id, 'review', review_id FROM review WHERE tenant_id = ? AND erase_after <= ?",
                List.of(tenantId, now, tenantId, now),
                rs -> new Unlinked(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class)));
    }

    /** Deletes an unlinked review or response for good (its versions and votes go with it). */
    int deleteUnlinked(Unlinked item, Instant now) {
        return ResponseModeration.TYPE.equals(item.type())
                ? jdbc.update("DELETE FROM review_response WHERE tenant_id = ? AND response_id = ? AND erase_after <= ?", List.of(item.tenantId(), item.id(), now))
                : jdbc.update("DELETE FROM review WHERE tenant_id = ? AND review_id = ? AND erase_after <= ?", List.of(item.tenantId(), item.id(), now));
    }

    private boolean exists(String sql, List<?> params) {
        return !jdbc.query(sql, params, rs -> 1).isEmpty();
    }
}
