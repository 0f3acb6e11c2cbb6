package io.candor.web;

import io.candor.appeal.AppealView;
import io.candor.audit.AuditQueries;
import io.candor.moderation.CaseView;
import io.candor.moderation.DecisionView;
import io.candor.moderation.PolicyCatalog;
import io.candor.moderation.ModeratedContent;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The moderation console's cases, content, decisions, appeals and audit entries, in the words the templates show. */
public final class ConsoleView {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMM uuuu, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** The rule a moderator most likely applies for what an automated check found. */
    private static final Map<String, String> RULE_OF_CHECK = Map.of("personal-information", "personal-information", "blocked-words", "offensive",
            "links", "spam", "duplicate-text", "spam", "burst", "spam", "conflict-of-interest", "conflict-of-interest");
    private static final Map<String, String> CHECK_NAMES = Map.of("personal-information", "Personal information", "blocked-words", "Blocked words",
            "links", "Links", "duplicate-text", "Duplicate text", "burst", "Burst of reviews", "conflict-of-interest", "Conflict of interest");

    private ConsoleView() {
    }

    /** A case in the queue. */
    public record QueueCard(String id, String target, String subject, String stars, Integer rating, String excerpt, String priority, List<Chip> signals,
                            int reports, String opened, String closed, String assignee, boolean mine, boolean open, boolean hidden, String notice) {

        QueueCard withNotice(String text) {
            return new QueueCard(id, target, subject, stars, rating, excerpt, priority, signals, reports, opened, closed, assignee, mine, open, hidden,
                    text);
        }
    }

    /** The signals of one source: {@code Report: spam ×2, weight 1.5}. */
    public record Chip(String label, int count, String weight) {
    }

    /** A review or response as the moderator reads it, with its history as word diffs. */
    public record Content(String type, String id, String status, String subject, Integer rating, String stars, String title, String body,
                          String author, String written, List<String> labels, String aspects, List<Change> history,
                          List<ModeratedContent.Photo> photos) {
    }

    /** One version of the content compared with the one before. */
    public record Change(int version, String cause, String date, String rating, List<WordDiff.Segment> title, List<WordDiff.Segment> body,
                         boolean first) {
    }

    public record ReportLine(String reason, String details, String reporter, String weight, String outcome, String date, boolean bySeller) {
    }

    public record SignalLine(String source, String weight, String detail, String date) {
    }

    public record DecisionLine(String id, String action, String policy, String statement, String decidedBy, String date, String appealUntil,
                               boolean overturned, boolean automated, String source) {
    }

    public record PolicyOption(String code, String title, String statement, boolean selected) {
    }

    /** The decision form as it is shown, prefilled or as the moderator sent it back with what was wrong. */
    public record DecisionForm(String action, String policy, String statement, String field, String quote, List<String> errors, boolean surge,
                               List<PolicyOption> policies) {
    }

    public record AppealCard(String id, String status, String role, String appellant, String grounds, String filed, DecisionLine decision,
                             String caseId, String outcome, String statement, String decidedBy, String decided, boolean mayDecide) {
    }

    public record AuditLine(long seq, String at, String actor, String action, String target, String data, String hash, Long leafIndex) {
    }

    static QueueCard card(CaseView.Item item, CaseView.Preview preview, String myHandle) {
        Integer rating = preview == null ? null : preview.rating();
        return new QueueCard(item.id(), targetLabel(item.target().type(), item.target().id()), preview == null ? null : preview.subject(),
                rating == null ? null : SellerPortalView.stars(rating), rating, preview == null ? null : preview.excerpt(), number(item.priority()),
                item.signals().stream().map(s -> new Chip(signalLabel(s.source()), s.count(), number(s.weight()))).toList(), item.reportCount(),
                time(item.openedAt()), item.closedAt() == null ? null : time(item.closedAt()), item.assignee(),
                item.assignee() != null && item.assignee().equals(myHandle), "open".equals(item.status()), item.hiddenByReports(), null);
    }

    static Content content(ModeratedContent.View v) {
        List<Change> history = new ArrayList<>();
        List<ModeratedContent.Version> versions = v.history() == null ? List.of() : v.history();
        for (int i = 0; i < versions.size(); i++) {
            ModeratedContent.Version now = versions.get(i);
            ModeratedContent.Version before = i == 0 ? null : versions.get(i - 1);
            String rating = before != null && now.rating() != null && !now.rating().equals(before.rating())
                    ? before.rating() + " → " + now.rating() + " stars" : null;
            List<WordDiff.Segment> title = before == null
                    ? (now.title() == null ? null : List.of(new WordDiff.Segment("same", now.title())))
                    : WordDiff.changed(before.title(), now.title()) ? WordDiff.between(before.title(), now.title()) : null;
            List<WordDiff.Segment> body = before == null ? List.of(new WordDiff.Segment("same", now.body()))
                    : WordDiff.changed(before.body(), now.body()) ? WordDiff.between(before.body(), now.body()) : null;
            history.add(new Change(now.version(), cause(now.cause()), time(now.at()), rating, title, body, before == null));
        }
        String aspects = v.aspects() == null ? null : String.join(" · ", aspectList(v));
        return new Content(v.type(), v.id(), v.status(), v.subject().type() + " " + v.subject().ref(), v.rating(),
                v.rating() == null ? null : SellerPortalView.stars(v.rating()), v.title(), v.body(), v.author().handle(), time(v.createdAt()),
                v.labels().stream().map(ConsoleView::label).toList(), aspects == null || aspects.isEmpty() ? null : aspects, history,
                v.photos() == null ? List.of() : v.photos());
    }

    static ReportLine report(CaseView.Report r) {
        return new ReportLine(ruleTitle(r.reason()) + " (" + r.reason() + ")", r.details(),
                r.reporter() != null ? r.reporter().handle() : r.viaPublic() ? "someone not signed in (public form)" : "an erased party",
                number(r.weight()), r.outcome(), time(r.createdAt()), r.bySubjectSeller());
    }

    static SignalLine signal(CaseView.Signal s) {
        return new SignalLine(signalLabel(s.source()), number(s.weight()), s.detail(), time(s.at()));
    }

    static DecisionLine decision(DecisionView d) {
        return new DecisionLine(d.id(), actionLabel(d.action()), d.policy().title() + " (" + d.policy().code() + ", version " + d.policy().version() + ")",
                d.statement(), d.automatedDecision() ? "the automated check" : d.decidedBy(), time(d.decidedAt()),
                d.appealDeadline() == null ? null : time(d.appealDeadline()), d.overturned(), d.automatedDecision(), sourceLabel(d.source()));
    }

    static AppealCard appeal(AppealView a, String myHandle) {
        DecisionView d = a.decision();
        boolean mine = d != null && d.decidedBy() != null && d.decidedBy().equals(myHandle);
        return new AppealCard(a.id(), a.status(), a.role(), a.appellant(), a.grounds(), time(a.createdAt()), d == null ? null : decision(d),
                d == null ? null : d.caseId(), a.outcome(), a.statement(), a.decidedBy(), a.decidedAt() == null ? null : time(a.decidedAt()),
                "pending".equals(a.status()) && !mine);
    }

    static AuditLine audit(AuditQueries.Entry e) {
        String data = e.data() == null ? "" : e.data().toString();
        return new AuditLine(e.seq(), time(e.at()), e.actor().role() + (e.actor().handle() == null ? "" : " " + e.actor().handle()), e.action(),
                e.target().type() + " " + e.target().id(), data.length() > 300 ? data.substring(0, 299) + "…" : data,
                e.hash().substring(0, Math.min(12, e.hash().length())), e.leafIndex());
    }

    /** The decision form for a case, with the rule its strongest signal points to and that rule's standard statement. */
    static DecisionForm freshForm(List<CaseView.SignalTotal> signals, boolean surge) {
        String policy = signals.stream().map(s -> ruleOf(s.source())).filter(code -> code != null).findFirst().orElse("spam");
        return form("remove", policy, PolicyCatalog.find(policy).orElseThrow().statement(), "body", "", List.of(), surge);
    }

    static DecisionForm form(String action, String policy, String statement, String field, String quote, List<String> errors, boolean surge) {
        return new DecisionForm(action, policy, statement, field, quote, errors, surge, PolicyCatalog.POLICIES.stream()
                .map(p -> new PolicyOption(p.code(), p.title(), p.statement(), p.code().equals(policy))).toList());
    }

    private static String ruleOf(String source) {
        if (source.startsWith("report:")) {
            return source.substring("report:".length());
        }
        return source.startsWith("check:") ? RULE_OF_CHECK.get(source.substring("check:".length())) : null;
    }

    static String ruleTitle(String code) {
        return PolicyCatalog.find(code).map(PolicyCatalog.Policy::title).orElse(code);
    }

    static String signalLabel(String source) {
        if (source.startsWith("report:")) {
            return "Report: " + ruleTitle(source.substring("report:".length()));
        }
        if (source.startsWith("check:")) {
            String code = source.substring("check:".length());
            return "Automated check: " + CHECK_NAMES.getOrDefault(code, code);
        }
        return source;
    }

    static String targetLabel(String type, String id) {
        return switch (type) {
            case "review" -> "Review " + shortId(id);
            case "response" -> "Seller's answer " + shortId(id);
            case "subject" -> "Surge of reviews on " + id.replace(":", " ");
            default -> type + " " + id;
        };
    }

    static String actionLabel(String action) {
        return switch (action) {
            case "keep" -> "Kept";
            case "remove" -> "Removed";
            case "redact" -> "Redacted";
            case "restore" -> "Restored";
            default -> action;
        };
    }

    static String sourceLabel(String source) {
        return switch (source == null ? "" : source) {
            case "report" -> "after a report";
            case "automated-check" -> "after an automated check";
            case "own-initiative" -> "on a moderator's own initiative";
            default -> source;
        };
    }

    private static String cause(String cause) {
        return switch (cause) {
            case "created" -> "Written";
            case "edited" -> "Edited by the author";
            case "redacted" -> "Redacted by a moderator";
            case "restored" -> "Restored after an appeal";
            default -> cause;
        };
    }

    private static String label(String label) {
        return switch (label) {
            case "verified-purchase" -> "Verified purchase";
            case "edited" -> "Edited";
            case "redacted" -> "Redacted";
            case "incentivized" -> "Incentivised: the author received something for it";
            default -> label;
        };
    }

    /** The badge of an incentivised review: what its author received. */
    static String incentive(String code) {
        return switch (code == null ? "" : code) {
            case "free_product" -> "Received the product free";
            case "discount" -> "Received a discount";
            case "payment" -> "Paid for this review";
            default -> "Incentivised";
        };
    }

    private static List<String> aspectList(ModeratedContent.View v) {
        List<String> parts = new ArrayList<>();
        if (v.aspects().asDescribed() != null) {
            parts.add("Item as described " + v.aspects().asDescribed() + "/5");
        }
        if (v.aspects().communication() != null) {
            parts.add("Communication " + v.aspects().communication() + "/5");
        }
        if (v.aspects().delivery() != null) {
            parts.add("Delivery " + v.aspects().delivery() + "/5");
        }
        return parts;
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(id.length() - 8) : id;
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
