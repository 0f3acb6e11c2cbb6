package io.candor.review;

import io.candor.common.Jdbc;
import io.candor.summary.RatingSource;
import io.candor.summary.SummaryView;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The ratings that count, aggregated from the review table, for summary's recompute. */
@ApplicationScoped
public class ReviewRatingQueries implements RatingSource {

    /** What counts: published reviews by verified buyers ({@link Review#contribution()} says the same per review). */
    private static final String COUNTED = "status = 'published' AND verified";

    private final Jdbc jdbc;

    public ReviewRatingQueries(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<SummaryView.Subject> countedSubjects(long tenantId, String afterType, String afterRef, int limit) {
        return jdbc.query("SELECT DISTINCT subject_type, subject_ref FROM review WHERE tenant_id = ? AND " + COUNTED
                        + " AND (subject_type, subject_ref) > (?, ?) ORDER BY subject_type, subject_ref LIMIT ?",
                List.of(tenantId, afterType, afterRef, limit), rs -> new SummaryView.Subject(rs.getString(1), rs.getString(2)));
    }

    @Override
    public List<Totals> totals(long tenantId, List<SummaryView.Subject> subjects, Instant recentSince, boolean countIncentivized) {
        String[] types = subjects.stream().map(SummaryView.Subject::type).toArray(String[]::new);
        String[] refs = subjects.stream().map(SummaryView.Subject::ref).toArray(String[]::new);
        // c: whether a row counts in the averages (an incentivised one only where the policy counts them)
        String c = countIncentivized ? "true" : "incentive = 'none'";
        return jdbc.query("SELECT subject_type, subject_ref, count(*) FILTER (WHERE " + c + "), coalesce(sum(rating) FILTER (WHERE " + c + "), 0), "
                        + "count(*) FILTER (WHERE " + c + " AND rating = 1), count(*) FILTER (WHERE " + c + " AND rating = 2), "
                        + "count(*) FILTER (WHERE " + c + " AND rating = 3), count(*) FILTER (WHERE " + c + " AND rating = 4), "
                        + "count(*) FILTER (WHERE " + c + " AND rating = 5), "
                        + "count(*) FILTER (WHERE " + c + " AND created_at >= ?), coalesce(sum(rating) FILTER (WHERE " + c + " AND created_at >= ?), 0), "
                        + "count(aspect_as_described) FILTER (WHERE " + c + "), coalesce(sum(aspect_as_described) FILTER (WHERE " + c + "), 0), "
                        + "count(aspect_communication) FILTER (WHERE " + c + "), coalesce(sum(aspect_communication) FILTER (WHERE " + c + "), 0), "
                        + "count(aspect_delivery) FILTER (WHERE " + c + "), coalesce(sum(aspect_delivery) FILTER (WHERE " + c + "), 0), "
                        + "count(*) FILTER (WHERE incentive <> 'none') "
                        + "FROM review WHERE tenant_id = ? AND " + COUNTED + " "
                        + "AND (subject_type, subject_ref) IN (SELECT * FROM unnest(?::text[], ?::text[])) GROUP BY subject_type, subject_ref",
                List.of(recentSince, recentSince, tenantId, types, refs),
                rs -> new Totals(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4),
                        new int[]{rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9)}, rs.getInt(10), rs.getLong(11),
                        rs.getInt(12), rs.getLong(13), rs.getInt(14), rs.getLong(15), rs.getInt(16), rs.getLong(17), rs.getInt(18)));
    }

    @Override
    public List<UUID> countedSellers(long tenantId) {
        return jdbc.query("SELECT DISTINCT seller_party_id FROM review WHERE tenant_id = ? AND seller_party_id IS NOT NULL AND " + COUNTED,
                List.of(tenantId), rs -> rs.getObject(1, UUID.class));
    }

    @Override
    public List<Month> sellerMonths(long tenantId, UUID seller, boolean countIncentivized) {
        String counted = COUNTED + (countIncentivized ? "" : " AND incentive = 'none'");
        return jdbc.query("SELECT date_trunc('month', created_at AT TIME ZONE 'UTC')::date, count(*) FILTER (WHERE " + counted + "), "
                        + "coalesce(sum(rating) FILTER (WHERE " + counted + "), 0) FROM review WHERE tenant_id = ? AND seller_party_id = ? GROUP BY 1 ORDER BY 1",
                List.of(tenantId, seller), rs -> new Month(rs.getObject(1, LocalDate.class), rs.getInt(2), rs.getLong(3)));
    }
}
