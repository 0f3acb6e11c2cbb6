package io.candor.summary;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The summary and seller_month tables: one row of counters per subject, one per seller and month. */
@ApplicationScoped
public class SummaryRepository {

    private final Jdbc jdbc;

    public SummaryRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A contribution to the recent window, if it falls in it: when it was made and its stars. */
    record Recent(Instant at, int rating) {
    }

    /**
     * Adds the counters (count, sum, hist 1..5, recent count and sum, three aspect counts and sums, incentivised
     * reviews) to an existing row, and the contributions {@code plus} and {@code minus} to its recent window when they
     * fall in it (at or after the row's own {@code recent_since}, compared here, under the row's lock); empty when the
     * subject has no row yet. An UPDATE, not an upsert, because PostgreSQL checks an upsert's proposed row and a
     * removal's deltas are negative.
     */
    Optional<SummaryRow> add(long tenantId, String type, String ref, List<Object> counters, Recent plus, Recent minus, Instant now) {
        List<Object> params = new ArrayList<>(counters.subList(0, 8));
        params.add(plus == null ? null : plus.at());
        params.add(minus == null ? null : minus.at());
        params.add(counters.get(8));
        params.add(plus == null ? null : plus.at());
        params.add(plus == null ? 0 : plus.rating());
        params.add(minus == null ? null : minus.at());
        params.add(minus == null ? 0 : minus.rating());
        params.addAll(counters.subList(9, counters.size()));
        params.addAll(List.of(now, tenantId, type, ref));
        return jdbc.query("UPDATE summary SET review_count = review_count + ?, rating_sum = rating_sum + ?, hist_1 = hist_1 + ?, "
                + "hist_2 = hist_2 + ?, hist_3 = hist_3 + ?, hist_4 = hist_4 + ?, hist_5 = hist_5 + ?, "
                + "recent_count = recent_count + ? + (CASE WHEN ?::timestamptz >= recent_since THEN 1 ELSE 0 END) "
                + "- (CASE WHEN ?::timestamptz >= recent_since THEN 1 ELSE 0 END), "
                + "recent_sum = recent_sum + ? + (CASE WHEN ?::timestamptz >= recent_since THEN ?::bigint ELSE 0 END) "
                + "- (CASE WHEN ?::timestamptz >= recent_since THEN ?::bigint ELSE 0 END), "
                + "as_described_count = as_described_count + ?, as_described_sum = as_described_sum + ?, "
                + "communication_count = communication_count + ?, communication_sum = communication_sum + ?, "
                + "delivery_count = delivery_count + ?, delivery_sum = delivery_sum + ?, incentivized_count = incentivized_count + ?, updated_at = ? "
                + "WHERE tenant_id = ? AND subject_type = ? AND subject_ref = ? RETURNING " + SummaryRow.COLUMNS, params, SummaryRow::read)
                .stream().findFirst();
    }

    /** The first counters of a subject; adds them if a concurrent write created the row first. */
    SummaryRow create(long tenantId, String type, String ref, List<Object> counters, Instant recentSince, Instant now) {
        List<Object> params = new ArrayList<>(List.of(tenantId, type, ref));
        params.addAll(counters);
        params.addAll(List.of(recentSince, now));
        return jdbc.query("INSERT INTO summary AS s (tenant_id, subject_type, subject_ref, review_count, rating_sum, "
                        + "hist_1, hist_2, hist_3, hist_4, hist_5, recent_count, recent_sum, as_described_count, as_described_sum, "
                        + "communication_count, communication_sum, delivery_count, delivery_sum, incentivized_count, recent_since, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (tenant_id, subject_type, subject_ref) DO UPDATE SET "
                        + "review_count = s.review_count + EXCLUDED.review_count, rating_sum = s.rating_sum + EXCLUDED.rating_sum, "
                        + "hist_1 = s.hist_1 + EXCLUDED.hist_1, hist_2 = s.hist_2 + EXCLUDED.hist_2, hist_3 = s.hist_3 + EXCLUDED.hist_3, "
                        + "hist_4 = s.hist_4 + EXCLUDED.hist_4, hist_5 = s.hist_5 + EXCLUDED.hist_5, "
                        + "recent_count = s.recent_count + EXCLUDED.recent_count, recent_sum = s.recent_sum + EXCLUDED.recent_sum, "
                        + "as_described_count = s.as_described_count + EXCLUDED.as_described_count, "
                        + "as_described_sum = s.as_described_sum + EXCLUDED.as_described_sum, "
                        + "communication_count = s.communication_count + EXCLUDED.communication_count, "
                        + "communication_sum = s.communication_sum + EXCLUDED.communication_sum, "
                        + "delivery_count = s.delivery_count + EXCLUDED.delivery_count, delivery_sum = s.delivery_sum + EXCLUDED.delivery_sum, "
                        + "incentivized_count = s.incentivized_count + EXCLUDED.incentivized_count, "
                        + "updated_at = EXCLUDED.updated_at "
                        + "RETURNING " + SummaryRow.COLUMNS, params, SummaryRow::read).get(0);
    }

    /** Moves a seller's month by {@code count} reviews and {@code sum} stars. */
    void addToMonth(long tenantId, UUID seller, LocalDate month, int count, long sum) {
        int updated = jdbc.update("UPDATE seller_month SET review_count = review_count + ?, rating_sum = rating_sum + ? "
                + "WHERE tenant_id = ? AND seller_party_id = ? AND month = ?", List.of(count, sum, tenantId, seller, month));
        if (updated == 1) {
            return;
        }
        jdbc.update("INSERT INTO seller_month AS m (tenant_id, seller_party_id, month, review_count, rating_sum) VALUES (?, ?, ?, ?, ?) "
                        + "ON CONFLICT (tenant_id, seller_party_id, month) DO UPDATE SET review_count = m.review_count + EXCLUDED.review_count, "
                        + "rating_sum = m.rating_sum + EXCLUDED.rating_sum",
                List.of(tenantId, seller, month, count, sum));
    }

    void deleteMonthsOf(long tenantId, UUID seller) {
        jdbc.update("DELETE FROM seller_month WHERE tenant_id = ? AND seller_party_id = ?", List.of(tenantId, seller));
    }

    private static final String ROWS = "SELECT " + SummaryRow.COLUMNS + " FROM summary WHERE tenant_id = ? "
            + "AND (subject_type, subject_ref) IN (SELECT * FROM unnest(?::text[], ?::text[]))";

    /** The stored rows of these subjects, in one query; subjects without a row are left out. */
    List<SummaryRow> rows(long tenantId, List<SummaryView.Subject> subjects) {
        return jdbc.query(ROWS, List.of(tenantId, types(subjects), refs(subjects)), SummaryRow::read);
    }

    /** {@link #rows} from the read replica, when one is configured; may lag the primary by the replication delay. */
    List<SummaryRow> rowsFromReplica(long tenantId, List<SummaryView.Subject> subjects) {
        return jdbc.queryPublic(ROWS, List.of(tenantId, types(subjects), refs(subjects)), SummaryRow::read);
    }

    boolean hasReplica() {
        return jdbc.hasReplica();
    }

    /**
     * The products a seller has sold, most reviewed first (at most {@code limit}): a read across the seller's products
     * (transaction/'s seller_product) and their summaries, kept as one query so that a large catalogue is never loaded.
     */
    List<SummaryView.Subject> productsOfSeller(long tenantId, UUID seller, int limit) {
        return jdbc.query("SELECT sp.product_ref FROM seller_product sp "
                        + "LEFT JOIN summary s ON s.tenant_id = sp.tenant_id AND s.subject_type = 'product' AND s.subject_ref = sp.product_ref "
                        + "WHERE sp.tenant_id = ? AND sp.seller_party_id = ? "
                        + "ORDER BY coalesce(s.review_count, 0) DESC, sp.product_ref LIMIT ?",
                List.of(tenantId, seller, limit), rs -> new SummaryView.Subject("product", rs.getString(1)));
    }

    /** A seller's stored months from {@code first} on: month, count, sum. */
    List<Object[]> months(long tenantId, UUID seller, LocalDate first) {
        return jdbc.query("SELECT month, review_count, rating_sum FROM seller_month WHERE tenant_id = ? AND seller_party_id = ? AND month >= ? ORDER BY month",
                List.of(tenantId, seller, first), rs -> new Object[]{rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3)});
    }

    /** Subjects with a summary row, in key order after the given one. */
    List<SummaryView.Subject> subjectsAfter(long tenantId, String afterType, String afterRef, int limit) {
        return jdbc.query("SELECT subject_type, subject_ref FROM summary WHERE tenant_id = ? AND (subject_type, subject_ref) > (?, ?) "
                        + "ORDER BY subject_type, subject_ref LIMIT ?", List.of(tenantId, afterType, afterRef, limit),
                rs -> new SummaryView.Subject(rs.getString(1), rs.getString(2)));
    }

    /** Makes empty rows exist for these subjects, then locks them all in key order: the recompute's protocol. */
    List<SummaryRow> ensureAndLock(long tenantId, List<SummaryView.Subject> subjects, Instant recentSince, Instant now) {
        jdbc.update("INSERT INTO summary (tenant_id, subject_type, subject_ref, review_count, rating_sum, hist_1, hist_2, hist_3, hist_4, "
                        + "hist_5, recent_count, recent_sum, recent_since, updated_at) "
                        + "SELECT ?, t, r, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?, ? FROM unnest(?::text[], ?::text[]) AS u(t, r) ON CONFLICT DO NOTHING",
                List.of(tenantId, recentSince, now, types(subjects), refs(subjects)));
        return jdbc.query("SELECT " + SummaryRow.COLUMNS + " FROM summary WHERE tenant_id = ? "
                        + "AND (subject_type, subject_ref) IN (SELECT * FROM unnest(?::text[], ?::text[])) ORDER BY subject_type, subject_ref FOR UPDATE",
                List.of(tenantId, types(subjects), refs(subjects)), SummaryRow::read);
    }

    /** Overwrites a row's counters with recomputed ones. */
    void overwrite(long tenantId, SummaryRow fresh, Instant recentSince, Instant updatedAt) {
        jdbc.update("UPDATE summary SET review_count = ?, rating_sum = ?, hist_1 = ?, hist_2 = ?, hist_3 = ?, hist_4 = ?, hist_5 = ?, "
                        + "recent_count = ?, recent_sum = ?, as_described_count = ?, as_described_sum = ?, communication_count = ?, "
                        + "communication_sum = ?, delivery_count = ?, delivery_sum = ?, incentivized_count = ?, recent_since = ?, updated_at = ? "
                        + "WHERE tenant_id = ? AND subject_type = ? AND subject_ref = ?",
                List.of(fresh.count(), fresh.sum(), fresh.histogram()[0], fresh.histogram()[1], fresh.histogram()[2], fresh.histogram()[3],
                        fresh.histogram()[4], fresh.recentCount(), fresh.recentSum(), fresh.asDescribedCount(), fresh.asDescribedSum(),
                        fresh.communicationCount(), fresh.communicationSum(), fresh.deliveryCount(), fresh.deliverySum(), fresh.incentivizedCount(),
                        recentSince, updatedAt,
                        tenantId, fresh.subjectType(), fresh.subjectRef()));
    }

    List<UUID> sellersWithMonths(long tenantId) {
        return jdbc.query("SELECT DISTINCT seller_party_id FROM seller_month WHERE tenant_id = ?", List.of(tenantId), rs -> rs.getObject(1, UUID.class));
    }

    /** A stored month of a seller. */
    record Month(LocalDate month, int count, long sum) {
    }

    /** Makes the months exist, then locks all the seller's months in order. */
    List<Month> ensureAndLockMonths(long tenantId, UUID seller, List<LocalDate> months) {
        jdbc.update("INSERT INTO seller_month (tenant_id, seller_party_id, month, review_count, rating_sum) "
                        + "SELECT ?, ?, m, 0, 0 FROM unnest(?::date[]) AS u(m) ON CONFLICT DO NOTHING",
                List.of(tenantId, seller, months.stream().map(java.sql.Date::valueOf).toArray(java.sql.Date[]::new)));
        return jdbc.query("SELECT month, review_count, rating_sum FROM seller_month WHERE tenant_id = ? AND seller_party_id = ? ORDER BY month FOR UPDATE",
                List.of(tenantId, seller), rs -> new Month(rs.getObject(1, LocalDate.class), rs.getInt(2), rs.getLong(3)));
    }

    void overwriteMonth(long tenantId, UUID seller, LocalDate month, int count, long sum) {
        jdbc.update("UPDATE seller_month SET review_count = ?, rating_sum = ? WHERE tenant_id = ? AND seller_party_id = ? AND month = ?",
                List.of(count, sum, tenantId, seller, month));
    }

    private static String[] types(List<SummaryView.Subject> subjects) {
        return subjects.stream().map(SummaryView.Subject::type).toArray(String[]::new);
    }

    private static String[] refs(List<SummaryView.Subject> subjects) {
        return subjects.stream().map(SummaryView.Subject::ref).toArray(String[]::new);
    }
}
