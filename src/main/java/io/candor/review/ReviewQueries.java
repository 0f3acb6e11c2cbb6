package io.candor.review;

import io.candor.moderation.ModeratedContent;
import io.candor.common.CursorCodec;
import io.candor.common.Jdbc;
import io.candor.common.Page;
import io.candor.common.ProblemException;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/** The review lists: public (by subject), the author's own, the seller's inbox. Keyset pages, never OFFSET. */
@ApplicationScoped
public class ReviewQueries {

    /** The columns every list renders from ({@link ReviewRow#read}): the review, its author's handle, its published response. */
    static final String SELECT = "SELECT r.review_id, r.subject_type, r.subject_ref, r.status, r.rating, r.title, r.body, "
            + "r.aspect_as_described, r.aspect_communication, r.aspect_delivery, p.handle, r.verified, r.redacted, r.answered, r.incentive, "
            + "r.created_at, r.edited_at, r.helpful_up, r.helpful_down, r.helpful_rank, r.version, r.photos::text AS photos, "
            + "rr.response_id, rr.body AS response_body, rr.created_at AS response_created_at, rr.edited_at AS response_edited_at ";

    static final String FROM = "FROM review r "
            + "JOIN party p ON p.tenant_id = r.tenant_id AND p.party_id = r.author_party_id "
            + "LEFT JOIN review_response rr ON rr.tenant_id = r.tenant_id AND rr.review_id = r.review_id AND rr.status = 'published' ";

    static final int MAX_QUERY_LENGTH = 200;

    private final Jdbc jdbc;
    private final int searchWindow;

    public ReviewQueries(Jdbc jdbc, SearchConfig search) {
        this.searchWindow = Math.max(search.searchWindow(), 1);
        this.jdbc = jdbc;
    }

    /** The public list's filters as given on the query string. */
    public record PublicFilter(String sort, String ratings, Boolean verified, String q) {
    }

    public Page<PublicReview> publicList(TenantContext tenant, String type, String ref, PublicFilter filter, int limit, String cursor) {
        ReviewSort sort = ReviewSort.of(filter.sort());
        List<Integer> ratings = parseRatings(filter.ratings());
        String q = filter.q() == null ? null : filter.q().strip();
        if (q != null && q.length() > MAX_QUERY_LENGTH) {
            throw ProblemException.invalid("q", "must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        if (q != null && q.isEmpty()) {
            q = null;
        }
        String scope = String.join("|", "public", type, ref, sort.name(), ratings.toString(), String.valueOf(Boolean.TRUE.equals(filter.verified())),
                q == null ? "" : q);
        StringBuilder where = new StringBuilder("r.tenant_id = ? AND r.subject_type = ? AND r.subject_ref = ? AND r.status = 'published' ");
        List<Object> params = new ArrayList<>(List.of(tenant.id(), type, ref));
        if (!ratings.isEmpty()) {
            where.append("AND r.rating IN (").append(ratings.stream().map(r -> "?").collect(Collectors.joining(", "))).append(") ");
            ratings.forEach(r -> params.add(r.shortValue()));
        }
        if (Boolean.TRUE.equals(filter.verified())) {
            where.append("AND r.verified ");
        }
        if (cursor != null) {
            where.append("AND ").append(sort.after).append(' ');
            params.addAll(sort.parameters(CursorCodec.decode(tenant.secret(), scope, cursor, sort.keys)));
        }
        List<ReviewRow> rows = q == null
                ? jdbc.queryPublic(SELECT + FROM + "WHERE " + where + "ORDER BY " + sort.orderBy + " LIMIT ?",
                        with(params, limit + 1), ReviewRow::read)
                : search(tenant, sort, where.toString(), params, q, limit);
        return page(rows, limit, row -> CursorCodec.encode(tenant.secret(), scope, row.keyFor(sort))).map(ReviewRow::toPublic);
    }

    /**
     * A search within one subject's list, in two steps that each give the exact answer when they answer. First
     * the list's own index is walked in list order for at most {@code candor.search-window} reviews and those that
     * match are kept: when that yields a full page, it is the first page of matches, because every earlier
     * review in list order was looked at (common words: a few hundred rows, no sort). Otherwise the words are
     * rare here, and the matches come from the full-text index ({@code review_public_search}) and are sorted:
     * few rows by construction. Either way no query reads more than a bounded window plus the matches, where
     * one plan for both cases reads a whole popular product's list for a rare word.
     */
    private List<ReviewRow> search(TenantContext tenant, ReviewSort sort, String where, List<Object> params, String q, int limit) {
        String joins = FROM.substring("FROM review r ".length());
        List<ReviewRow> window = jdbc.queryPublic(SELECT + "FROM (SELECT * FROM review r WHERE " + where + "ORDER BY " + sort.orderBy
                        + " LIMIT " + searchWindow + ") r " + joins + "WHERE r.search @@ websearch_to_tsquery('simple', ?) AND r.tenant_id = ? "
                        + "ORDER BY " + sort.orderBy + " LIMIT ?",
                with(with(with(params, q), tenant.id()), limit + 1), ReviewRow::read);
        if (window.size() > limit) {
            return window;
        }
        // the matches with their sort keys only (from the index, never by walking the list), then the page among
        // them, and only then the joins for the page's rows
        return jdbc.queryPublic("WITH matches AS MATERIALIZED (SELECT r.review_id, r.helpful_rank, r.created_at, r.rating FROM review r WHERE "
                        + where + "AND r.search @@ websearch_to_tsquery('simple', ?)), "
                        + "page AS MATERIALIZED (SELECT r.review_id FROM matches r ORDER BY " + sort.orderBy + " LIMIT ?) "
                        + SELECT + FROM + "JOIN page m ON m.review_id = r.review_id WHERE r.tenant_id = ? ORDER BY " + sort.orderBy + " LIMIT ?",
                with(with(with(with(params, q), limit + 1), tenant.id()), limit + 1), ReviewRow::read);
    }

    private static List<Object> with(List<Object> params, Object more) {
        List<Object> all = new ArrayList<>(params);
        all.add(more);
        return all;
    }

    public Optional<PublicReview> publicOne(TenantContext tenant, UUID id) {
        return jdbc.queryPublic(SELECT + FROM + "WHERE r.tenant_id = ? AND r.review_id = ? AND r.status = 'published'",
                List.of(tenant.id(), id), ReviewRow::read).stream().findFirst().map(ReviewRow::toPublic);
    }

    /** One review of its author, in any status. */
    public Optional<ReviewView> own(TenantContext tenant, UUID authorPartyId, UUID id) {
        return jdbc.query(SELECT + ", t.ref AS transaction_ref " + FROM
                                + "LEFT JOIN completed_transaction t ON t.tenant_id = r.tenant_id AND t.transaction_id = r.transaction_id "
                                + "WHERE r.tenant_id = ? AND r.review_id = ? AND r.author_party_id = ?",
                        List.of(tenant.id(), id, authorPartyId), rs -> ReviewRow.read(rs, rs.getString("transaction_ref")))
                .stream().findFirst().map(r -> r.toOwn(tenant.policy().editWindowDays()));
    }

    public Page<ReviewView> ownList(TenantContext tenant, UUID authorPartyId, int limit, String cursor) {
        String scope = "own|" + authorPartyId;
        StringBuilder sql = new StringBuilder(SELECT).append(", t.ref AS transaction_ref ").append(FROM)
                .append("LEFT JOIN completed_transaction t ON t.tenant_id = r.tenant_id AND t.transaction_id = r.transaction_id ")
                .append("WHERE r.tenant_id = ? AND r.author_party_id = ? ");
        List<Object> params = new ArrayList<>(List.of(tenant.id(), authorPartyId));
        if (cursor != null) {
            sql.append("AND ").append(ReviewSort.NEWEST.after).append(' ');
            params.addAll(ReviewSort.NEWEST.parameters(CursorCodec.decode(tenant.secret(), scope, cursor, 2)));
        }
        sql.append("ORDER BY r.created_at DESC, r.review_id DESC LIMIT ?");
        params.add(limit + 1);
        List<ReviewRow> rows = jdbc.query(sql.toString(), params, rs -> ReviewRow.read(rs, rs.getString("transaction_ref")));
        return page(rows, limit, row -> CursorCodec.encode(tenant.secret(), scope, row.keyFor(ReviewSort.NEWEST)))
                .map(r -> r.toOwn(tenant.policy().editWindowDays()));
    }

    /** A review in an export: as its author sees it, with every version. */
    public record ExportedReview(ReviewView review, List<ModeratedContent.Version> history) {
    }

    /** A seller's response in an export, with every version. */
    public record ExportedResponse(String id, String review, String status, String body, java.time.Instant createdAt,
                                   java.time.Instant editedAt, List<ModeratedContent.Version> history) {
    }

    public record ExportedVote(String review, boolean helpful, java.time.Instant votedAt) {
    }

    /** Everything of the review feature linked to a party, for {@code /me/export}. */
    public record PartyContent(List<ExportedReview> reviews, List<ExportedResponse> responses, List<ExportedVote> votes) {
    }

    public PartyContent exportOf(TenantContext tenant, UUID partyId) {
        long t = tenant.id();
        List<ReviewView> reviews = jdbc.query(SELECT + ", tx.ref AS transaction_ref " + FROM
                        + "LEFT JOIN completed_transaction tx ON tx.tenant_id = r.tenant_id AND tx.transaction_id = r.transaction_id "
                        + "WHERE r.tenant_id = ? AND r.author_party_id = ? ORDER BY r.created_at DESC, r.review_id DESC", List.of(t, partyId),
                rs -> ReviewRow.read(rs, rs.getString("transaction_ref")).toOwn(tenant.policy().editWindowDays()));
        java.util.Map<UUID, List<ModeratedContent.Version>> reviewHistory = new java.util.HashMap<>();
        jdbc.query("SELECT v.review_id, v.version, v.rating, v.title, v.body, v.cause, v.created_at FROM review_version v "
                        + "JOIN review r ON r.tenant_id = v.tenant_id AND r.review_id = v.review_id WHERE v.tenant_id = ? AND r.author_party_id = ? "
                        + "ORDER BY v.review_id, v.version", List.of(t, partyId),
                rs -> reviewHistory.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(new ModeratedContent.Version(
                        rs.getInt(2), rs.getInt(3), rs.getString(4), rs.getString(5), rs.getString(6), Jdbc.instant(rs, "created_at"))));
        java.util.Map<UUID, List<ModeratedContent.Version>> responseHistory = new java.util.HashMap<>();
        jdbc.query("SELECT v.response_id, v.version, v.body, v.cause, v.created_at FROM response_version v JOIN review_response rr "
                        + "ON rr.tenant_id = v.tenant_id AND rr.response_id = v.response_id WHERE v.tenant_id = ? AND rr.seller_party_id = ? "
                        + "ORDER BY v.response_id, v.version", List.of(t, partyId),
                rs -> responseHistory.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(new ModeratedContent.Version(
                        rs.getInt(2), null, null, rs.getString(3), rs.getString(4), Jdbc.instant(rs, "created_at"))));
        List<ExportedResponse> responses = jdbc.query("SELECT response_id, review_id, status, body, created_at, edited_at FROM review_response "
                        + "WHERE tenant_id = ? AND seller_party_id = ? ORDER BY created_at DESC", List.of(t, partyId),
                rs -> new ExportedResponse(rs.getObject(1, UUID.class).toString(), rs.getObject(2, UUID.class).toString(), rs.getString(3),
                        rs.getString(4), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "edited_at"),
                        responseHistory.getOrDefault(rs.getObject(1, UUID.class), List.of())));
        List<ExportedVote> votes = jdbc.query("SELECT review_id, helpful, voted_at FROM review_vote WHERE tenant_id = ? AND party_id = ? "
                + "ORDER BY voted_at DESC", List.of(t, partyId), rs -> new ExportedVote(rs.getObject(1, UUID.class).toString(), rs.getBoolean(2),
                Jdbc.instant(rs, "voted_at")));
        return new PartyContent(reviews.stream().map(r -> new ExportedReview(r, reviewHistory.getOrDefault(UUID.fromString(r.id()), List.of())))
                .toList(), responses, votes);
    }

    /** The review as a moderator sees it (without its history). */
    public Optional<ModeratedContent.View> moderationView(long tenantId, UUID id) {
        return jdbc.query("SELECT r.review_id, r.status, r.subject_type, r.subject_ref, r.rating, r.title, r.body, r.aspect_as_described, "
                        + "r.aspect_communication, r.aspect_delivery, p.handle, r.verified, r.created_at, r.edited_at, r.redacted, r.incentive "
                        + "FROM review r LEFT JOIN party p ON p.tenant_id = r.tenant_id AND p.party_id = r.author_party_id "
                        + "WHERE r.tenant_id = ? AND r.review_id = ?", List.of(tenantId, id),
                rs -> {
                    String subjectType = rs.getString("subject_type");
                    ModeratedContent.Aspects aspects = "seller".equals(subjectType) ? new ModeratedContent.Aspects(Jdbc.integer(rs, "aspect_as_described"),
                            Jdbc.integer(rs, "aspect_communication"), Jdbc.integer(rs, "aspect_delivery")) : null;
                    List<String> labels = ReviewRow.labels(rs.getBoolean("verified"), io.candor.party.PartyService.isAnonymousHandle(rs.getString("handle")),
                            rs.getTimestamp("edited_at") != null,
                            rs.getBoolean("redacted"), rs.getString("incentive"));
                    return new ModeratedContent.View(ReviewModeration.TYPE, id.toString(), rs.getString("status"),
                            new ModeratedContent.Subject(subjectType, rs.getString("subject_ref")), rs.getInt("rating"), rs.getString("title"),
                            rs.getString("body"), aspects, new ModeratedContent.Author(rs.getString("handle")), rs.getBoolean("verified"),
                            Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "edited_at"), labels, null, null);
                }).stream().findFirst();
    }

    /** What a moderation queue entry shows of each review. */
    public java.util.Map<UUID, io.candor.moderation.CaseView.Preview> previews(long tenantId, java.util.Collection<UUID> ids, int excerpt) {
        java.util.Map<UUID, io.candor.moderation.CaseView.Preview> previews = new java.util.LinkedHashMap<>();
        jdbc.query("SELECT review_id, subject_type, subject_ref, rating, left(body, ?) FROM review WHERE tenant_id = ? AND review_id = ANY (?)",
                List.of(excerpt + 1, tenantId, ids.toArray(UUID[]::new)), rs -> previews.put(rs.getObject(1, UUID.class),
                        new io.candor.moderation.CaseView.Preview(rs.getString(2) + " " + rs.getString(3), rs.getInt(4),
                                io.candor.moderation.CaseView.excerpt(rs.getString(5), excerpt))));
        return previews;
    }

    /** The sealed seller review of a transaction, if there is one. */
    public Optional<UUID> sealedSellerReview(long tenantId, UUID transactionId) {
        return jdbc.query("SELECT review_id FROM review WHERE tenant_id = ? AND transaction_id = ? AND subject_type = 'seller' AND status = 'sealed'",
                List.of(tenantId, transactionId), rs -> rs.getObject(1, UUID.class)).stream().findFirst();
    }

    /** Sealed reviews whose reveal time has come, earliest first, across tenants (index {@code review_sealed_due}). */
    public List<SealedReviews.Due> dueSealed(java.time.Instant now, int limit) {
        return jdbc.query("SELECT tenant_id, transaction_id, reveal_by FROM review WHERE status = 'sealed' AND reveal_by <= ? "
                        + "AND transaction_id IS NOT NULL ORDER BY reveal_by LIMIT ?", List.of(now, limit),
                rs -> new SealedReviews.Due(rs.getLong(1), rs.getObject(2, UUID.class), Jdbc.instant(rs, 3)));
    }

    /** The published response to a review, if there is one. */
    public Optional<PublicReview.Response> publishedResponse(long tenantId, UUID reviewId) {
        return jdbc.query("SELECT response_id, body, created_at, edited_at FROM review_response WHERE tenant_id = ? AND review_id = ? "
                        + "AND status = 'published'", List.of(tenantId, reviewId),
                rs -> new PublicReview.Response(rs.getObject(1, UUID.class).toString(), rs.getString(2), Jdbc.instant(rs, "created_at"),
                        Jdbc.instant(rs, "edited_at"))).stream().findFirst();
    }

    /** The seller inbox's filters; statuses a seller may see are published and removed. */
    public record InboxFilter(String status, Boolean answered, String ratings, String product) {
    }

    public Page<InboxReview> inbox(TenantContext tenant, UUID sellerPartyId, InboxFilter filter, int limit, String cursor) {
        String status = filter.status() == null || filter.status().isEmpty() ? "published" : filter.status();
        if (!status.equals("published") && !status.equals("removed")) {
            throw ProblemException.invalid("status", "must be published or removed");
        }
        List<Integer> ratings = parseRatings(filter.ratings());
        if (filter.product() != null && !io.candor.common.Refs.isSubjectRef(filter.product())) {
            throw ProblemException.invalid("product", "must be a product ref");
        }
        String scope = String.join("|", "inbox", sellerPartyId.toString(), status, String.valueOf(filter.answered()), ratings.toString(),
                String.valueOf(filter.product()));
        StringBuilder sql = new StringBuilder(SELECT).append(FROM)
                .append("WHERE r.tenant_id = ? AND r.seller_party_id = ? AND r.status = ? ");
        List<Object> params = new ArrayList<>(List.of(tenant.id(), sellerPartyId, status));
        if (filter.answered() != null) {
            sql.append("AND r.answered = ? ");
            params.add(filter.answered());
        }
        if (!ratings.isEmpty()) {
            sql.append("AND r.rating IN (").append(ratings.stream().map(r -> "?").collect(Collectors.joining(", "))).append(") ");
            ratings.forEach(r -> params.add(r.shortValue()));
        }
        if (filter.product() != null) {
            sql.append("AND r.subject_type = 'product' AND r.subject_ref = ? ");
            params.add(filter.product());
        }
        if (cursor != null) {
            sql.append("AND ").append(ReviewSort.NEWEST.after).append(' ');
            params.addAll(ReviewSort.NEWEST.parameters(CursorCodec.decode(tenant.secret(), scope, cursor, 2)));
        }
        sql.append("ORDER BY r.created_at DESC, r.review_id DESC LIMIT ?");
        params.add(limit + 1);
        List<ReviewRow> rows = jdbc.query(sql.toString(), params, ReviewRow::read);
        return page(rows, limit, row -> CursorCodec.encode(tenant.secret(), scope, row.keyFor(ReviewSort.NEWEST)))
                .map(r -> new InboxReview(r.toPublic(), r.status(), r.answered()));
    }

    /** One review in the seller's inbox: of the seller's shop or products, published or removed. */
    public Optional<InboxReview> inboxOne(TenantContext tenant, UUID sellerPartyId, UUID id) {
        return jdbc.query(SELECT + FROM + "WHERE r.tenant_id = ? AND r.review_id = ? AND r.seller_party_id = ? "
                                + "AND r.status IN ('published', 'removed')", List.of(tenant.id(), id, sellerPartyId), ReviewRow::read)
                .stream().findFirst().map(r -> new InboxReview(r.toPublic(), r.status(), r.answered()));
    }

    /** The number of published, unanswered reviews of a seller and its products. */
    public int unanswered(TenantContext tenant, UUID sellerPartyId) {
        return jdbc.query("SELECT count(*) FROM review WHERE tenant_id = ? AND seller_party_id = ? AND status = 'published' AND NOT answered",
                List.of(tenant.id(), sellerPartyId), rs -> rs.getInt(1)).get(0);
    }

    /** {@code rating=1,2}: distinct stars 1..5. */
    static List<Integer> parseRatings(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        TreeSet<Integer> ratings = new TreeSet<>();
        for (String part : raw.split(",")) {
            try {
                int rating = Integer.parseInt(part.strip());
                if (rating < 1 || rating > 5) {
                    throw new NumberFormatException();
                }
                ratings.add(rating);
            } catch (NumberFormatException e) {
                throw ProblemException.invalid("rating", "must be a comma-separated list of stars 1..5, e.g. 1,2");
            }
        }
        return List.copyOf(ratings);
    }

    private static <R> PageBuilder<R> page(List<R> rows, int limit, java.util.function.Function<R, String> cursorOf) {
        boolean more = rows.size() > limit;
        List<R> items = more ? rows.subList(0, limit) : rows;
        String next = more ? cursorOf.apply(items.get(items.size() - 1)) : null;
        return new PageBuilder<>(items, next);
    }

    private record PageBuilder<R>(List<R> items, String next) {
        <T> Page<T> map(java.util.function.Function<R, T> mapper) {
            return new Page<>(items.stream().map(mapper).toList(), next);
        }
    }
}
