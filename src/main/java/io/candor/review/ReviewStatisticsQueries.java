package io.candor.review;

import io.candor.common.Jdbc;
import io.candor.moderation.check.ContentStatistics;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Review volumes and copies, for moderation's burst and duplicate-text checks. */
@ApplicationScoped
public class ReviewStatisticsQueries implements ContentStatistics {

    private final Jdbc jdbc;

    public ReviewStatisticsQueries(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String kind() {
        return ReviewModeration.TYPE;
    }

    /**
     * From the hourly counts ({@link ReviewArrivals}): the hours inside the window count whole, the hour at each of its
     * edges in proportion to the part of it inside (as if that hour's arrivals were spread evenly over it), so the answer
     * is exact up to the arrivals of the edge hours. At most 25 rows for a day, 745 for 31, however busy the subject.
     */
    @Override
    public int arrivals(long tenantId, String subjectType, String subjectRef, Instant since, Instant until, int cap) {
        double counted = jdbc.query(arrivalsSql(until != null), arrivalsParameters(tenantId, subjectType, subjectRef, since, until),
                rs -> rs.getDouble(1)).get(0);
        return (int) Math.min(cap, Math.round(counted));
    }

    /**
     * The hours that overlap the window, each weighted by the share of it inside: {@code since} and {@code until} are
     * its bounds ({@code until} open when {@code bounded} is false). Parameters: {@link #arrivalsParameters}.
     */
    static String arrivalsSql(boolean bounded) {
        String end = bounded ? "least(hour + interval '1 hour', ?::timestamptz)" : "hour + interval '1 hour'";
        return "SELECT coalesce(sum(arrivals * extract(epoch FROM " + end + " - greatest(hour, ?::timestamptz)) / 3600), 0)::float8 "
                + "FROM review_arrival WHERE tenant_id = ? AND subject_type = ? AND subject_ref = ? AND hour > ?::timestamptz - interval '1 hour'"
                + (bounded ? " AND hour < ?::timestamptz" : "");
    }

    static List<Object> arrivalsParameters(long tenantId, String subjectType, String subjectRef, Instant since, Instant until) {
        List<Object> params = new java.util.ArrayList<>();
        if (until != null) {
            params.add(until);
        }
        params.addAll(List.of(since, tenantId, subjectType, subjectRef, since));
        if (until != null) {
            params.add(until);
        }
        return params;
    }

    @Override
    public int sameText(long tenantId, String fingerprint, Instant since, UUID excluding, int cap) {
        // review_fingerprint index, read no further than the cap
        return jdbc.query("SELECT count(*) FROM (SELECT 1 FROM review WHERE tenant_id = ? AND text_fingerprint = ? AND created_at > ? AND review_id <> ? "
                        + "LIMIT ?) same", List.of(tenantId, fingerprint, since, excluding, cap), rs -> rs.getInt(1)).get(0);
    }
}
