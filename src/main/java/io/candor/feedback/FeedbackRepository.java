package io.candor.feedback;

import io.candor.common.Jdbc;
import io.candor.common.TimeKeyset;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The buyer_feedback table: sellers' feedback on buyers, sealed while double-blind holds. */
@ApplicationScoped
public class FeedbackRepository {

    private static final String SELECT = "SELECT f.feedback_id, t.ref, f.rating, f.comment, f.status, f.redacted, f.created_at, f.edited_at, "
            + "f.revealed_at, t.completed_at FROM buyer_feedback f "
            + "JOIN completed_transaction t ON t.tenant_id = f.tenant_id AND t.transaction_id = f.transaction_id ";

    private final Jdbc jdbc;

    public FeedbackRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Feedback on a transaction as its writes need it. */
    record Current(UUID id, String status) {
    }

    /** The feedback on a transaction, locked ({@code FOR UPDATE}). */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<Current> lockOf(long tenantId, UUID transactionId) {
        return jdbc.query("SELECT feedback_id, status FROM buyer_feedback WHERE tenant_id = ? AND transaction_id = ? FOR UPDATE",
                List.of(tenantId, transactionId), rs -> new Current(rs.getObject(1, UUID.class), rs.getString(2))).stream().findFirst();
    }

    /** The status of the feedback on a transaction, if there is any. */
    Optional<String> statusOf(long tenantId, UUID transactionId) {
        return jdbc.query("SELECT status FROM buyer_feedback WHERE tenant_id = ? AND transaction_id = ?", List.of(tenantId, transactionId),
                rs -> rs.getString(1)).stream().findFirst();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void insert(long tenantId, UUID id, UUID transactionId, UUID sellerPartyId, UUID buyerPartyId, String rating, String comment, boolean sealed,
                boolean redacted, Instant now) {
        jdbc.update("INSERT INTO buyer_feedback (tenant_id, feedback_id, transaction_id, seller_party_id, buyer_party_id, rating, comment, status, "
                        + "redacted, created_at, revealed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Arrays.asList(tenantId, id, transactionId, sellerPartyId, buyerPartyId, rating, comment, sealed ? "sealed" : "published", redacted, now,
                        sealed ? null : now));
    }

    /** Rewrites sealed feedback; answers its new version. */
    @Transactional(Transactional.TxType.MANDATORY)
    int rewrite(long tenantId, UUID id, String rating, String comment, boolean redacted, Instant now) {
        return jdbc.query("UPDATE buyer_feedback SET rating = ?, comment = ?, redacted = redacted OR ?, edited_at = ?, version = version + 1 "
                + "WHERE tenant_id = ? AND feedback_id = ? RETURNING version", Arrays.asList(rating, comment, redacted, now, tenantId, id), rs -> rs.getInt(1)).get(0);
    }

    /** Records the feedback as it now reads; {@code cause} is created, edited, redacted or restored. */
    @Transactional(Transactional.TxType.MANDATORY)
    void recordVersion(long tenantId, UUID id, int version, String rating, String comment, String cause, Instant now) {
        jdbc.update("INSERT INTO feedback_version (tenant_id, feedback_id, version, rating, comment, cause, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                Arrays.asList(tenantId, id, version, rating, comment, cause, now));
    }

    /** Feedback as moderation needs it. */
    record Moderated(UUID id, String status, UUID sellerPartyId, UUID buyerPartyId, String transactionRef, String rating, String comment,
                     boolean redacted, int version, Instant createdAt, Instant editedAt, String sellerHandle) {
    }

    private static final String MODERATED = "SELECT f.feedback_id, f.status, f.seller_party_id, f.buyer_party_id, t.ref, f.rating, f.comment, "
            + "f.redacted, f.version, f.created_at, f.edited_at, p.handle FROM buyer_feedback f "
            + "JOIN completed_transaction t ON t.tenant_id = f.tenant_id AND t.transaction_id = f.transaction_id "
            + "LEFT JOIN party p ON p.tenant_id = f.tenant_id AND p.party_id = f.seller_party_id ";

    private static Moderated moderated(ResultSet rs) throws SQLException {
        return new Moderated(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getBoolean(8), rs.getInt(9), Jdbc.instant(rs, 10), Jdbc.instant(rs, 11), rs.getString(12));
    }

    /** The feedback, locked ({@code FOR UPDATE OF f}). */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<Moderated> lock(long tenantId, UUID id) {
        return jdbc.query(MODERATED + "WHERE f.tenant_id = ? AND f.feedback_id = ? FOR UPDATE OF f", List.of(tenantId, id), FeedbackRepository::moderated)
                .stream().findFirst();
    }

    Optional<Moderated> find(long tenantId, UUID id) {
        return jdbc.query(MODERATED + "WHERE f.tenant_id = ? AND f.feedback_id = ?", List.of(tenantId, id), FeedbackRepository::moderated).stream().findFirst();
    }

    List<Moderated> findAll(long tenantId, java.util.Collection<UUID> ids) {
        return jdbc.query(MODERATED + "WHERE f.tenant_id = ? AND f.feedback_id = ANY (?)", List.of(tenantId, ids.toArray(UUID[]::new)),
                FeedbackRepository::moderated);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void setStatus(long tenantId, UUID id, String status) {
        jdbc.update("UPDATE buyer_feedback SET status = ? WHERE tenant_id = ? AND feedback_id = ?", List.of(status, tenantId, id));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void setComment(long tenantId, UUID id, String comment, boolean redacted, int version) {
        jdbc.update("UPDATE buyer_feedback SET comment = ?, redacted = ?, version = ? WHERE tenant_id = ? AND feedback_id = ?",
                Arrays.asList(comment, redacted, version, tenantId, id));
    }

    /** Every version, oldest first. */
    List<io.candor.moderation.ModeratedContent.Version> versions(long tenantId, UUID id) {
        return jdbc.query("SELECT version, rating, comment, cause, created_at FROM feedback_version WHERE tenant_id = ? AND feedback_id = ? ORDER BY version",
                List.of(tenantId, id), rs -> new io.candor.moderation.ModeratedContent.Version(rs.getInt(1), null, rs.getString(2),
                        rs.getString(3) == null ? "" : rs.getString(3),
                        rs.getString(4), Jdbc.instant(rs, 5)));
    }

    /** The ids of the feedback a party gave or received, for closing their cases on erasure. */
    List<UUID> idsOf(long tenantId, UUID partyId) {
        return jdbc.query("SELECT feedback_id FROM buyer_feedback WHERE tenant_id = ? AND (seller_party_id = ? OR buyer_party_id = ?)",
                List.of(tenantId, partyId, partyId), rs -> rs.getObject(1, UUID.class));
    }

    /** Publishes the transaction's sealed feedback, if any; answers its id and rating. */
    @Transactional(Transactional.TxType.MANDATORY)
    Optional<Map<String, String>> revealSealed(long tenantId, UUID transactionId, Instant now) {
        return jdbc.query("UPDATE buyer_feedback SET status = 'published', revealed_at = ? WHERE tenant_id = ? AND transaction_id = ? "
                        + "AND status = 'sealed' RETURNING feedback_id, rating", List.of(now, tenantId, transactionId),
                rs -> Map.of("id", rs.getObject(1, UUID.class).toString(), "rating", rs.getString(2))).stream().findFirst();
    }

    /** A transaction whose sealed feedback is due for reveal. */
    record Due(long tenantId, UUID transactionId) {
    }

    /** Transactions with sealed feedback whose reveal window has ended under their tenant's policy, earliest first, across tenants. */
    List<Due> dueSealed(Instant now, int limit) {
        return jdbc.query("SELECT f.tenant_id, f.transaction_id FROM buyer_feedback f "
                        + "JOIN completed_transaction t ON t.tenant_id = f.tenant_id AND t.transaction_id = f.transaction_id "
                        + "JOIN tenant tn ON tn.tenant_id = f.tenant_id "
                        + "WHERE f.status = 'sealed' AND t.completed_at + make_interval(days => coalesce((tn.policy ->> 'mutualRevealDays')::int, ?)) <= ? "
                        + "ORDER BY t.completed_at LIMIT ?",
                List.of(TenantPolicy.DEFAULTS.mutualRevealDays(), now, limit),
                rs -> new Due(rs.getLong(1), rs.getObject(2, UUID.class)));
    }

    FeedbackView one(TenantContext tenant, UUID id) {
        return jdbc.query(SELECT + "WHERE f.tenant_id = ? AND f.feedback_id = ?", List.of(tenant.id(), id), rs -> read(rs, tenant)).get(0);
    }

    /** A page of feedback a party gave (any status) or received (revealed only), newest first. */
    List<FeedbackView> page(TenantContext tenant, UUID partyId, boolean given, Optional<TimeKeyset.Key> after, int limit) {
        StringBuilder sql = new StringBuilder(SELECT).append(given
                ? "WHERE f.tenant_id = ? AND f.seller_party_id = ? "
                : "WHERE f.tenant_id = ? AND f.buyer_party_id = ? AND f.status = 'published' ");
        List<Object> params = new ArrayList<>(List.of(tenant.id(), partyId));
        after.ifPresent(key -> {
            sql.append("AND (f.created_at, f.feedback_id) < (?, ?) ");
            params.addAll(List.of(key.at(), key.id()));
        });
        sql.append("ORDER BY f.created_at DESC, f.feedback_id DESC LIMIT ?");
        params.add(limit);
        return jdbc.query(sql.toString(), params, rs -> read(rs, tenant));
    }

    /** Counts of a buyer's revealed feedback since {@code since}: positive, neutral, negative. */
    int[] counts(long tenantId, UUID buyerPartyId, Instant since) {
        return jdbc.query("SELECT count(*) FILTER (WHERE rating = 'positive'), count(*) FILTER (WHERE rating = 'neutral'), "
                        + "count(*) FILTER (WHERE rating = 'negative') FROM buyer_feedback "
                        + "WHERE tenant_id = ? AND buyer_party_id = ? AND status = 'published' AND created_at >= ?",
                List.of(tenantId, buyerPartyId, since), rs -> new int[]{rs.getInt(1), rs.getInt(2), rs.getInt(3)}).get(0);
    }

    List<FeedbackView> givenBy(TenantContext tenant, UUID partyId) {
        return jdbc.query(SELECT + "WHERE f.tenant_id = ? AND f.seller_party_id = ? ORDER BY f.created_at DESC", List.of(tenant.id(), partyId),
                rs -> read(rs, tenant));
    }

    List<FeedbackView> revealedAbout(TenantContext tenant, UUID partyId) {
        return jdbc.query(SELECT + "WHERE f.tenant_id = ? AND f.buyer_party_id = ? AND f.status <> 'sealed' ORDER BY f.created_at DESC",
                List.of(tenant.id(), partyId), rs -> read(rs, tenant));
    }

    int sealedAbout(long tenantId, UUID partyId) {
        return jdbc.query("SELECT count(*) FROM buyer_feedback WHERE tenant_id = ? AND buyer_party_id = ? AND status = 'sealed'",
                List.of(tenantId, partyId), rs -> rs.getInt(1)).get(0);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    int deleteOf(long tenantId, UUID partyId) {
        return jdbc.update("DELETE FROM buyer_feedback WHERE tenant_id = ? AND (seller_party_id = ? OR buyer_party_id = ?)",
                List.of(tenantId, partyId, partyId));
    }

    /** A seller's transactions completed since {@code since}, newest first (at most 100), with their feedback's status. */
    List<FeedbackService.FeedbackDue> due(TenantContext tenant, UUID sellerPartyId, Instant since) {
        return jdbc.query("SELECT t.ref, t.completed_at, f.status FROM completed_transaction t "
                        + "LEFT JOIN buyer_feedback f ON f.tenant_id = t.tenant_id AND f.transaction_id = t.transaction_id "
                        + "WHERE t.tenant_id = ? AND t.seller_party_id = ? AND t.completed_at >= ? ORDER BY t.completed_at DESC LIMIT 100",
                List.of(tenant.id(), sellerPartyId, since),
                rs -> new FeedbackService.FeedbackDue(rs.getString(1), Jdbc.instant(rs, "completed_at"),
                        DoubleBlind.revealBy(tenant, Jdbc.instant(rs, "completed_at")).orElse(null), rs.getString(3)));
    }

    private static FeedbackView read(ResultSet rs, TenantContext tenant) throws SQLException {
        Instant completed = Jdbc.instant(rs, "completed_at");
        String status = rs.getString("status");
        return new FeedbackView(rs.getObject("feedback_id", UUID.class).toString(), rs.getString("ref"), rs.getString("rating"),
                rs.getString("comment"), status, rs.getBoolean("redacted"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "edited_at"),
                Jdbc.instant(rs, "revealed_at"), "sealed".equals(status) ? DoubleBlind.revealBy(tenant, completed).orElse(null) : null);
    }
}
