package io.candor.moderation;

import io.candor.common.CursorCodec;
import io.candor.common.Ids;
import io.candor.common.Jdbc;
import io.candor.common.Page;
import io.candor.common.ProblemException;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The moderation queue and the case view. Keyset pages over named indexes; parties appear as handles only. */
@ApplicationScoped
public class CaseQueries {

    private static final String CASE_SELECT = "SELECT c.case_id, c.target_type, c.target_id, c.status, c.priority, c.report_count, c.opened_at, "
            + "c.closed_at, c.hidden_by_reports, a.handle AS assignee FROM moderation_case c "
            + "LEFT JOIN party a ON a.tenant_id = c.tenant_id AND a.party_id = c.assignee_party_id ";

    /** Characters of a text a queue entry shows. */
    static final int EXCERPT = 160;

    private final Jdbc jdbc;
    private final ModeratedContent content;
    private final DecisionService decisions;

    public CaseQueries(Jdbc jdbc, ModeratedContent content, DecisionService decisions) {
        this.jdbc = jdbc;
        this.content = content;
        this.decisions = decisions;
    }

    private record CaseRow(UUID id, String targetType, String targetId, String status, double priority, int reportCount, Instant openedAt,
                           Instant closedAt, boolean hidden, String assignee) {

        static CaseRow read(ResultSet rs) throws SQLException {
            return new CaseRow(rs.getObject("case_id", UUID.class), rs.getString("target_type"), rs.getString("target_id"), rs.getString("status"),
                    rs.getDouble("priority"), rs.getInt("report_count"), Jdbc.instant(rs, "opened_at"), Jdbc.instant(rs, "closed_at"),
                    rs.getBoolean("hidden_by_reports"), rs.getString("assignee"));
        }

        CaseView.Item item(List<CaseView.SignalTotal> signals) {
            return new CaseView.Item(id.toString(), new Notice.Target(targetType, targetId), status, priority, signals, reportCount, openedAt,
                    closedAt, assignee, hidden);
        }
    }

    /** The queue: open (or closed) cases by priority, highest first, or by age, oldest first. */
    public Page<CaseView.Item> queue(TenantContext tenant, String status, String sort, int limit, String cursor) {
        String s = status == null || status.isEmpty() ? "open" : status;
        if (!s.equals("open") && !s.equals("closed")) {
            throw ProblemException.invalid("status", "must be open or closed");
        }
        String order = sort == null || sort.isEmpty() ? "priority" : sort;
        if (!order.equals("priority") && !order.equals("oldest")) {
            throw ProblemException.invalid("sort", "must be priority or oldest");
        }
        String scope = "cases|" + s + "|" + order;
        StringBuilder sql = new StringBuilder(CASE_SELECT).append("WHERE c.tenant_id = ? AND c.status = ? ");
        List<Object> params = new ArrayList<>(List.of(tenant.id(), s));
        if (cursor != null) {
            List<String> key = CursorCodec.decode(tenant.secret(), scope, cursor, 2);
            UUID after = Ids.parse(key.get(1), "Case");
            if (order.equals("priority")) {
                double priority = Double.parseDouble(key.get(0));
                sql.append("AND (c.priority < ? OR (c.priority = ? AND c.case_id > ?)) ");
                params.addAll(List.of(priority, priority, after));
            } else {
                sql.append("AND (c.opened_at, c.case_id) > (?, ?) ");
                params.addAll(List.of(Instant.parse(key.get(0)), after));
            }
        }
        // moderation_case_by_priority / moderation_case_by_age
        sql.append(order.equals("priority") ? "ORDER BY c.priority DESC, c.case_id " : "ORDER BY c.opened_at, c.case_id ").append("LIMIT ?");
        params.add(limit + 1);
        List<CaseRow> rows = jdbc.query(sql.toString(), params, CaseRow::read);
        boolean more = rows.size() > limit;
        List<CaseRow> items = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            CaseRow last = items.get(items.size() - 1);
            next = CursorCodec.encode(tenant.secret(), scope,
                    List.of(order.equals("priority") ? Double.toString(last.priority()) : last.openedAt().toString(), last.id().toString()));
        }
        Map<UUID, List<CaseView.SignalTotal>> totals = signalTotals(tenant.id(), items.stream().map(CaseRow::id).toArray(UUID[]::new));
        return new Page<>(items.stream().map(r -> r.item(totals.getOrDefault(r.id(), List.of()))).toList(), next);
    }

    /**
     * A preview of each case's content on a queue page, by case id: two queries for the whole page (reviews by id,
     * responses by id), so that moderators can triage without opening every case.
     */
    public Map<String, CaseView.Preview> previews(TenantContext tenant, List<CaseView.Item> items) {
        Map<String, List<UUID>> idsByType = new LinkedHashMap<>();
        items.stream().filter(i -> content.isKind(i.target().type()))
                .forEach(i -> idsByType.computeIfAbsent(i.target().type(), k -> new ArrayList<>()).add(UUID.fromString(i.target().id())));
        Map<UUID, CaseView.Preview> byTarget = content.previews(tenant.id(), idsByType, EXCERPT);
        Map<String, CaseView.Preview> previews = new LinkedHashMap<>();
        for (CaseView.Item item : items) {
            CaseView.Preview preview = "subject".equals(item.target().type())
                    ? new CaseView.Preview(item.target().id().replace(':', ' '), null, null)
                    : content.isKind(item.target().type()) ? byTarget.get(UUID.fromString(item.target().id())) : null;
            if (preview != null) {
                previews.put(item.id(), preview);
            }
        }
        return previews;
    }

    public Optional<CaseView.Item> item(TenantContext tenant, UUID caseId) {
        return jdbc.query(CASE_SELECT + "WHERE c.tenant_id = ? AND c.case_id = ?", List.of(tenant.id(), caseId), CaseRow::read).stream().findFirst()
                .map(r -> r.item(signalTotals(tenant.id(), new UUID[]{caseId}).getOrDefault(caseId, List.of())));
    }

    /** The whole case, for the moderator about to decide. */
    public Optional<CaseView.Detail> detail(TenantContext tenant, UUID caseId) {
        Optional<CaseRow> found = jdbc.query(CASE_SELECT + "WHERE c.tenant_id = ? AND c.case_id = ?", List.of(tenant.id(), caseId), CaseRow::read)
                .stream().findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CaseRow c = found.get();
        List<CaseView.Signal> signals = jdbc.query("SELECT source, weight, detail, item_type, item_id, created_at FROM moderation_signal "
                        + "WHERE tenant_id = ? AND case_id = ? ORDER BY created_at, signal_id", List.of(tenant.id(), caseId),
                rs -> new CaseView.Signal(rs.getString("source"), rs.getDouble("weight"), rs.getString("detail"),
                        new Notice.Target(rs.getString("item_type"), rs.getObject("item_id", UUID.class).toString()), Jdbc.instant(rs, "created_at")));
        List<CaseView.Report> reports = jdbc.query("SELECT r.report_id, r.target_type, r.target_id, r.reason, r.details, p.handle, r.via_public, "
                        + "r.by_subject_seller, r.weight, r.outcome, r.created_at FROM report r "
                        + "LEFT JOIN party p ON p.tenant_id = r.tenant_id AND p.party_id = r.reporter_party_id "
                        + "WHERE r.tenant_id = ? AND r.case_id = ? ORDER BY r.created_at, r.report_id", List.of(tenant.id(), caseId),
                rs -> new CaseView.Report(rs.getObject("report_id", UUID.class).toString(),
                        new Notice.Target(rs.getString("target_type"), rs.getObject("target_id", UUID.class).toString()), rs.getString("reason"),
                        rs.getString("details"), rs.getString("handle") == null ? null : new CaseView.Reporter(rs.getString("handle")),
                        rs.getBoolean("via_public"), rs.getBoolean("by_subject_seller"), rs.getDouble("weight"), rs.getString("outcome"),
                        Jdbc.instant(rs, "created_at")));
        boolean surge = "subject".equals(c.targetType());
        List<UUID> itemIds = surge
                ? signals.stream().map(s -> UUID.fromString(s.item().id())).distinct().toList()
                : List.of(UUID.fromString(c.targetId()));
        String itemType = surge ? signals.stream().map(s -> s.item().type()).findFirst().orElse(c.targetType()) : c.targetType();
        List<ModeratedContent.View> views = itemIds.stream().map(id -> content.view(tenant.id(), itemType, id)).flatMap(Optional::stream).toList();
        List<DecisionView> earlier = decisions.onTargets(tenant.id(), itemType, itemIds).stream()
                .map(d -> DecisionService.view(d, List.of())).toList();
        List<CaseView.SignalTotal> totals = signalTotals(tenant.id(), new UUID[]{caseId}).getOrDefault(caseId, List.of());
        return Optional.of(new CaseView.Detail(c.id().toString(), new Notice.Target(c.targetType(), c.targetId()), c.status(), c.priority(), totals,
                c.reportCount(), c.openedAt(), c.closedAt(), c.assignee(), c.hidden(), surge || views.isEmpty() ? null : views.get(0),
                surge ? views : List.of(), signals, reports, earlier));
    }

    private Map<UUID, List<CaseView.SignalTotal>> signalTotals(long tenantId, UUID[] caseIds) {
        Map<UUID, List<CaseView.SignalTotal>> totals = new LinkedHashMap<>();
        if (caseIds.length == 0) {
            return totals;
        }
        jdbc.query("SELECT case_id, source, count(*), sum(weight) FROM moderation_signal WHERE tenant_id = ? AND case_id = ANY (?) "
                        + "GROUP BY case_id, source ORDER BY case_id, sum(weight) DESC, source", List.of(tenantId, caseIds),
                rs -> totals.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                        .add(new CaseView.SignalTotal(rs.getString(2), rs.getInt(3), rs.getDouble(4))));
        return totals;
    }
}
