package io.candor.summary;

import io.candor.common.Jdbc;
import io.candor.tenant.TenantContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rebuilds summaries and seller trends from the reviews themselves. Each batch first makes sure the
 * rows exist, locks them, and only then aggregates, so a review written concurrently is either in
 * the aggregate or applies its own delta afterwards, never both and never neither.
 */
@ApplicationScoped
public class SummaryRecompute {

    private static final int BATCH = 200;

    private final Jdbc jdbc;
    private final RatingSource ratings;
    private final Clock clock;

    public SummaryRecompute(Jdbc jdbc, RatingSource ratings, Clock clock) {
        this.jdbc = jdbc;
        this.ratings = ratings;
        this.clock = clock;
    }

    /** What a recompute found: subjects looked at, and how many had counters that disagreed with their reviews. */
    @Schema(name = "RecomputeResult")
    public record Result(int subjects, int drifted, int sellers) {
    }

    public Result recomputeTenant(TenantContext tenant) {
        int subjects = 0;
        int drifted = 0;
        String lastType = "";
        String lastRef = "";
        while (true) {
            List<SummaryView.Subject> batch = nextSubjects(tenant.id(), lastType, lastRef);
            if (batch.isEmpty()) {
                break;
            }
            drifted += QuarkusTransaction.requiringNew().call(() -> recompute(tenant, batch));
            subjects += batch.size();
            SummaryView.Subject last = batch.get(batch.size() - 1);
            lastType = last.type();
            lastRef = last.ref();
        }
        int sellers = 0;
        for (UUID seller : sellers(tenant.id())) {
            QuarkusTransaction.requiringNew().run(() -> recomputeSellerTrend(tenant.id(), seller));
            sellers++;
        }
        return new Result(subjects, drifted, sellers);
    }

    /** Every subject that has a summary row or a counted review, in key order after the given one. */
    private List<SummaryView.Subject> nextSubjects(long tenantId, String afterType, String afterRef) {
        java.util.TreeSet<SummaryView.Subject> next = new java.util.TreeSet<>(
                java.util.Comparator.comparing(SummaryView.Subject::type).thenComparing(SummaryView.Subject::ref));
        next.addAll(jdbc.query("SELECT subject_type, subject_ref FROM summary WHERE tenant_id = ? AND (subject_type, subject_ref) > (?, ?) "
                        + "ORDER BY subject_type, subject_ref LIMIT " + BATCH, List.of(tenantId, afterType, afterRef),
                rs -> new SummaryView.Subject(rs.getString(1), rs.getString(2))));
        next.addAll(ratings.countedSubjects(tenantId, afterType, afterRef, BATCH));
        return next.stream().limit(BATCH).toList();
    }

    /** Recomputes these subjects in the current transaction; answers how many had drifted. */
    public int recompute(TenantContext tenant, List<SummaryView.Subject> subjects) {
        Instant now = clock.instant();
        Instant recentSince = now.minus(Duration.ofDays(tenant.policy().recentWindowDays()));
        String[] types = subjects.stream().map(SummaryView.Subject::type).toArray(String[]::new);
        String[] refs = subjects.stream().map(SummaryView.Subject::ref).toArray(String[]::new);
        jdbc.update("INSERT INTO summary (tenant_id, subject_type, subject_ref, review_count, rating_sum, hist_1, hist_2, hist_3, hist_4, "
                        + "hist_5, recent_count, recent_sum, recent_since, updated_at) "
                        + "SELECT ?, t, r, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?, ? FROM unnest(?::text[], ?::text[]) AS u(t, r) "
                        + "ON CONFLICT DO NOTHING",
                List.of(tenant.id(), recentSince, now, types, refs));
        List<SummaryRow> stored = jdbc.query("SELECT " + SummaryRow.COLUMNS + " FROM summary WHERE tenant_id = ? "
                        + "AND (subject_type, subject_ref) IN (SELECT * FROM unnest(?::text[], ?::text[])) "
                        + "ORDER BY subject_type, subject_ref FOR UPDATE",
                List.of(tenant.id(), types, refs), SummaryRow::read);
        Map<String, SummaryRow> actual = new HashMap<>();
        for (RatingSource.Totals t : ratings.totals(tenant.id(), subjects, recentSince)) {
            actual.put(t.subjectType() + ":" + t.subjectRef(), new SummaryRow(t.subjectType(), t.subjectRef(), t.count(), t.sum(), t.histogram(),
                    t.recentCount(), t.recentSum(), t.asDescribedCount(), t.asDescribedSum(), t.communicationCount(), t.communicationSum(),
                    t.deliveryCount(), t.deliverySum(), recentSince, now));
        }
        int drifted = 0;
        List<Object> params = new ArrayList<>();
        for (SummaryRow old : stored) {
            SummaryRow fresh = actual.getOrDefault(old.subjectType() + ":" + old.subjectRef(), SummaryRow.empty(old.subjectType(), old.subjectRef()));
            if (!sameTotals(old, fresh)) {
                drifted++;
            }
            if (!old.sameCounters(fresh) || !recentSince.equals(old.recentSince())) {
                params.clear();
                params.addAll(List.of(fresh.count(), fresh.sum(), fresh.histogram()[0], fresh.histogram()[1], fresh.histogram()[2],
                        fresh.histogram()[3], fresh.histogram()[4], fresh.recentCount(), fresh.recentSum(),
                        fresh.asDescribedCount(), fresh.asDescribedSum(), fresh.communicationCount(), fresh.communicationSum(),
                        fresh.deliveryCount(), fresh.deliverySum(), recentSince,
                        old.sameCounters(fresh) ? old.updatedAt() : now, tenant.id(), old.subjectType(), old.subjectRef()));
                jdbc.update("UPDATE summary SET review_count = ?, rating_sum = ?, hist_1 = ?, hist_2 = ?, hist_3 = ?, hist_4 = ?, hist_5 = ?, "
                        + "recent_count = ?, recent_sum = ?, as_described_count = ?, as_described_sum = ?, communication_count = ?, "
                        + "communication_sum = ?, delivery_count = ?, delivery_sum = ?, recent_since = ?, updated_at = ? "
                        + "WHERE tenant_id = ? AND subject_type = ? AND subject_ref = ?", params);
            }
        }
        return drifted;
    }

    /** Drift is a disagreement about which reviews count; the recent window moving on is not. */
    private static boolean sameTotals(SummaryRow a, SummaryRow b) {
        return a.count() == b.count() && a.sum() == b.sum() && java.util.Arrays.equals(a.histogram(), b.histogram())
                && a.asDescribedCount() == b.asDescribedCount() && a.asDescribedSum() == b.asDescribedSum()
                && a.communicationCount() == b.communicationCount() && a.communicationSum() == b.communicationSum()
                && a.deliveryCount() == b.deliveryCount() && a.deliverySum() == b.deliverySum();
    }

    private List<UUID> sellers(long tenantId) {
        java.util.Set<UUID> sellers = new java.util.LinkedHashSet<>(jdbc.query("SELECT DISTINCT seller_party_id FROM seller_month WHERE tenant_id = ?",
                List.of(tenantId), rs -> rs.getObject(1, UUID.class)));
        sellers.addAll(ratings.countedSellers(tenantId));
        return List.copyOf(sellers);
    }

    /** Same protocol as the summaries: make the month rows exist, lock them, aggregate, overwrite. */
    void recomputeSellerTrend(long tenantId, UUID seller) {
        java.sql.Date[] months = ratings.sellerMonths(tenantId, seller).stream().map(m -> java.sql.Date.valueOf(m.month()))
                .toArray(java.sql.Date[]::new);
        jdbc.update("INSERT INTO seller_month (tenant_id, seller_party_id, month, review_count, rating_sum) "
                        + "SELECT ?, ?, m, 0, 0 FROM unnest(?::date[]) AS u(m) ON CONFLICT DO NOTHING",
                List.of(tenantId, seller, months));
        record Stored(java.time.LocalDate month, int count, long sum) {
        }
        List<Stored> stored = jdbc.query("SELECT month, review_count, rating_sum FROM seller_month WHERE tenant_id = ? AND seller_party_id = ? "
                + "ORDER BY month FOR UPDATE", List.of(tenantId, seller), rs -> new Stored(rs.getObject(1, java.time.LocalDate.class), rs.getInt(2),
                rs.getLong(3)));
        Map<java.time.LocalDate, RatingSource.Month> fresh = new HashMap<>();
        ratings.sellerMonths(tenantId, seller).forEach(m -> fresh.put(m.month(), m));
        for (Stored row : stored) {
            RatingSource.Month now = fresh.getOrDefault(row.month(), new RatingSource.Month(row.month(), 0, 0));
            if (now.count() != row.count() || now.sum() != row.sum()) {
                jdbc.update("UPDATE seller_month SET review_count = ?, rating_sum = ? WHERE tenant_id = ? AND seller_party_id = ? AND month = ?",
                        List.of(now.count(), now.sum(), tenantId, seller, row.month()));
            }
        }
    }
}
