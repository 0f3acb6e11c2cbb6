package io.candor.transparency;

import io.candor.common.InputGate;
import io.candor.common.Jdbc;
import io.candor.common.ProblemException;
import io.candor.moderation.PolicyCatalog;
import io.candor.moderation.check.BlockedWordMatcher;
import io.candor.moderation.check.BurstCheck;
import io.candor.moderation.check.LinkDetector;
import io.candor.moderation.check.PersonalDataDetector;
import io.candor.moderation.check.TextFingerprint;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts for the public transparency report. Reviews are counted from the audit log (nothing rewrites it, and
 * erasure leaves its entries), the rest from the moderation tables; every query is a range scan on an index
 * that starts with the tenant and the time.
 */
@ApplicationScoped
public class TransparencyQueries {

    /** A report covers at most this many days, so that one request cannot scan a tenant's whole history. */
    static final int MAX_DAYS = 366;
    static final int DEFAULT_DAYS = 30;
    /** The checks whose findings are stored; a conflict-of-interest refusal stores nothing, so it is not counted. */
    static final List<String> COUNTED_CHECKS = List.of(PersonalDataDetector.CHECK_CODE, BlockedWordMatcher.CHECK_CODE, LinkDetector.CHECK_CODE,
            TextFingerprint.CHECK_CODE, BurstCheck.CHECK_CODE);

    private final Jdbc jdbc;
    private final Clock clock;

    public TransparencyQueries(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The report for {@code from..to}, both days included (UTC); without them, the last 30 days. */
    public TransparencyReport report(TenantContext tenant, String fromParam, String toParam) {
        LocalDate to = toParam == null || toParam.isEmpty() ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) : day("to", toParam);
        LocalDate from = fromParam == null || fromParam.isEmpty() ? to.minusDays(DEFAULT_DAYS - 1) : day("from", fromParam);
        if (from.isAfter(to)) {
            throw ProblemException.invalid("from", "must not be after to");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw ProblemException.invalid("to", "a report covers at most " + MAX_DAYS + " days");
        }
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long t = tenant.id();

        Map<String, Long> byStatus = counts("SELECT data::jsonb ->> 'status', count(*) FROM log_entry WHERE tenant_id = ? AND action = 'review.created' "
                + "AND at >= ? AND at < ? GROUP BY 1", t, start, end);
        long submitted = byStatus.values().stream().mapToLong(Long::longValue).sum();
        long incentivized = counts("SELECT 'all', count(*) FROM log_entry WHERE tenant_id = ? AND action = 'review.created' "
                + "AND at >= ? AND at < ? AND data::jsonb ->> 'incentive' IS NOT NULL GROUP BY 1", t, start, end).getOrDefault("all", 0L);
        long anonymous = counts("SELECT 'all', count(*) FROM log_entry WHERE tenant_id = ? AND action = 'review.created' "
                + "AND at >= ? AND at < ? AND data::jsonb ->> 'anonymous' = 'true' GROUP BY 1", t, start, end).getOrDefault("all", 0L);
        TransparencyReport.Reviews reviews = new TransparencyReport.Reviews(submitted, byStatus.getOrDefault("published", 0L),
                byStatus.getOrDefault("held", 0L), byStatus.getOrDefault("sealed", 0L), incentivized, anonymous);

        Map<String, Long> automated = zeroes(COUNTED_CHECKS);
        automated.putAll(counts("SELECT substr(source, 7), count(*) FROM moderation_signal WHERE tenant_id = ? AND source LIKE 'check:%' "
                + "AND created_at >= ? AND created_at < ? GROUP BY 1", t, start, end));
        Map<String, Long> reports = zeroes(PolicyCatalog.codes());
        reports.putAll(counts("SELECT reason, count(*) FROM report WHERE tenant_id = ? AND created_at >= ? AND created_at < ? GROUP BY 1", t, start, end));

        Map<String, Long> byAction = zeroes(List.of("keep", "remove", "redact"));
        byAction.putAll(counts("SELECT action, count(*) FROM decision WHERE tenant_id = ? AND decided_at >= ? AND decided_at < ? GROUP BY 1", t, start, end));
        Map<String, Long> byPolicy = zeroes(PolicyCatalog.codes());
        byPolicy.putAll(counts("SELECT policy_code, count(*) FROM decision WHERE tenant_id = ? AND decided_at >= ? AND decided_at < ? GROUP BY 1",
                t, start, end));
        long automatedDecisions = jdbc.query("SELECT count(*) FROM decision WHERE tenant_id = ? AND decided_at >= ? AND decided_at < ? "
                + "AND automated_decision", List.of(t, start, end), rs -> rs.getLong(1)).get(0);
        Double medianDecision = jdbc.query("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.decided_at - c.opened_at) / 3600) "
                        + "FROM decision d JOIN moderation_case c ON c.tenant_id = d.tenant_id AND c.case_id = d.case_id "
                        + "WHERE d.tenant_id = ? AND d.decided_at >= ? AND d.decided_at < ? AND NOT d.automated_decision", List.of(t, start, end),
                rs -> Jdbc.number(rs, 1)).get(0);
        TransparencyReport.Decisions decisions = new TransparencyReport.Decisions(byAction, byPolicy, round(medianDecision, 2), automatedDecisions);

        long appealsSubmitted = jdbc.query("SELECT count(*) FROM appeal WHERE tenant_id = ? AND created_at >= ? AND created_at < ?",
                List.of(t, start, end), rs -> rs.getLong(1)).get(0);
        Object[] appealOutcomes = jdbc.query("SELECT count(*) FILTER (WHERE outcome = 'upheld'), count(*) FILTER (WHERE outcome = 'overturned'), "
                        + "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at) / 3600) FROM appeal "
                        + "WHERE tenant_id = ? AND status = 'decided' AND decided_at >= ? AND decided_at < ?", List.of(t, start, end),
                rs -> new Object[]{rs.getLong(1), rs.getLong(2), Jdbc.number(rs, 3)}).get(0);
        TransparencyReport.Appeals appeals = new TransparencyReport.Appeals(appealsSubmitted, (Long) appealOutcomes[0], (Long) appealOutcomes[1],
                round((Double) appealOutcomes[2], 2));

        Map<String, Long> written = counts("SELECT data::jsonb ->> 'rating', count(*) FROM log_entry WHERE tenant_id = ? AND action = 'review.created' "
                + "AND at >= ? AND at < ? GROUP BY 1", t, start, end);
        Map<String, Long> removed = counts("SELECT target_rating::text, count(*) FROM decision WHERE tenant_id = ? AND target_type = 'review' "
                + "AND action = 'remove' AND overturned_at IS NULL AND decided_at >= ? AND decided_at < ? GROUP BY 1", t, start, end);
        Map<String, Double> removalRate = new LinkedHashMap<>();
        for (int stars = 1; stars <= 5; stars++) {
            String key = Integer.toString(stars);
            long n = written.getOrDefault(key, 0L);
            removalRate.put(key, n == 0 ? null : round(removed.getOrDefault(key, 0L) / (double) n, 4));
        }
        return new TransparencyReport(from, to, reviews, automated, reports, decisions, appeals, removalRate);
    }

    private Map<String, Long> counts(String sql, long tenantId, Instant start, Instant end) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query(sql, List.of(tenantId, start, end), rs -> counts.put(rs.getString(1), rs.getLong(2)));
        counts.remove(null);
        return counts;
    }

    private static Map<String, Long> zeroes(List<String> keys) {
        Map<String, Long> map = new LinkedHashMap<>();
        keys.forEach(k -> map.put(k, 0L));
        return map;
    }

    private static LocalDate day(String field, String value) {
        LocalDate day;
        try {
            day = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be a date such as 2026-11-01");
        }
        if (!InputGate.inRange(day)) {
            throw ProblemException.invalid(field, "must be between " + InputGate.EARLIEST + " and " + InputGate.LATEST);
        }
        return day;
    }

    private static Double round(Double value, int places) {
        if (value == null) {
            return null;
        }
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }
}
