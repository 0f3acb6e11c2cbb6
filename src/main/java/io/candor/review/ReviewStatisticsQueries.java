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

    @Override
    public int arrivals(long tenantId, String subjectType, String subjectRef, Instant since, Instant until, int cap) {
        // review_subject_created index, read no further than the cap
        List<Object> params = new java.util.ArrayList<>(List.of(tenantId, subjectType, subjectRef, since));
        if (until != null) {
            params.add(until);
        }
        params.add(cap);
        return jdbc.query("SELECT count(*) FROM (SELECT 1 FROM review WHERE tenant_id = ? AND subject_type = ? AND subject_ref = ? AND created_at > ? "
                + (until == null ? "" : "AND created_at <= ? ") + "LIMIT ?) arrived", params, rs -> rs.getInt(1)).get(0);
    }

    @Override
    public int sameText(long tenantId, String fingerprint, Instant since, UUID excluding, int cap) {
        // review_fingerprint index, read no further than the cap
        return jdbc.query("SELECT count(*) FROM (SELECT 1 FROM review WHERE tenant_id = ? AND text_fingerprint = ? AND created_at > ? AND review_id <> ? "
                        + "LIMIT ?) same", List.of(tenantId, fingerprint, since, excluding, cap), rs -> rs.getInt(1)).get(0);
    }
}
