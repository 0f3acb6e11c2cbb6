package io.candor.web;

import io.candor.appeal.AppealRequest;
import io.candor.appeal.AppealService;
import io.candor.appeal.AppealView;
import io.candor.auth.Caller;
import io.candor.common.Page;
import io.candor.moderation.Notice;
import io.candor.moderation.NoticeService;
import io.candor.party.PartyService;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A party's statements of reasons and appeals as the pages show them: the seller portal's "Notices and appeals" and
 * the buyers' "Your notices" are the same list. Notices come from {@link NoticeService}, appeals go to {@link AppealService}.
 */
@ApplicationScoped
public class NoticeDesk {

    static final int PAGE = 20;
    /** The caller's latest appeals, matched to the notices they answer. */
    static final int APPEALS = 100;

    private final NoticeService notices;
    private final AppealService appeals;
    private final PartyService parties;
    private final TenantDirectory tenants;
    private final Clock clock;

    public NoticeDesk(NoticeService notices, AppealService appeals, PartyService parties, TenantDirectory tenants, Clock clock) {
        this.notices = notices;
        this.appeals = appeals;
        this.parties = parties;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** One notice with the appeal its recipient filed against its decision, if any, and whether they still may. */
    public record NoticeCard(String id, String decision, String action, String target, String scope, String duration, String facts, String source,
                             boolean automatedDetection, boolean automatedDecision, String policy, String policyCode, String statement, String issued,
                             boolean appealable, String appealUntil, AppealLine appeal, String outcome) {
    }

    /** An appeal as its appellant follows it. */
    public record AppealLine(String id, String status, String statusText, String grounds, String filed, String outcome, String statement,
                             String decided) {
    }

    /** The page: notices newest first, the next page's cursor, and every appeal of the caller. */
    public record Desk(List<NoticeCard> notices, String nextCursor, List<AppealLine> appeals) {
    }

    public Desk desk(Caller me, String cursor) {
        TenantContext tenant = tenants.byId(me.tenant());
        Page<Notice> page = parties.find(tenant.id(), me.party()).map(p -> notices.received(tenant, p.id(), PAGE, cursor))
                .orElse(new Page<>(List.of(), null));
        List<AppealView> mine = appeals.mine(me, APPEALS, null).items();
        Map<String, AppealView> byDecision = new HashMap<>();
        mine.forEach(a -> byDecision.putIfAbsent(a.decisionId(), a));
        List<NoticeCard> cards = page.items().stream().map(n -> card(n, byDecision.get(n.decision()))).toList();
        return new Desk(cards, page.nextCursor(), mine.stream().map(NoticeDesk::line).toList());
    }

    /** Files an appeal; a refusal comes back as a page that says why ({@link PageErrors}). */
    public AppealView appeal(Caller me, String decision, String grounds) {
        return appeals.file(me, new AppealRequest(decision == null ? "" : decision, grounds == null ? "" : grounds));
    }

    private NoticeCard card(Notice n, AppealView appeal) {
        boolean open = n.appeal() != null && n.appeal().allowed() && n.appeal().deadline() != null && clock.instant().isBefore(n.appeal().deadline());
        String outcome = n.appealOutcome() == null ? null
                : "This notice answers your appeal: it was " + n.appealOutcome().outcome() + ".";
        return new NoticeCard(n.id(), n.decision(), ConsoleView.actionLabel(n.action()), n.target().type() + " " + ConsoleView.shortId(n.target().id()),
                n.scope(), n.duration(), n.facts(), ConsoleView.sourceLabel(n.source()), n.automatedDetection(), n.automatedDecision(),
                n.policy().title() + " (version " + n.policy().version() + ")", n.policy().code(), n.statement(), ConsoleView.time(n.issuedAt()),
                open && appeal == null && n.appealOutcome() == null, n.appeal() == null || n.appeal().deadline() == null ? null : ConsoleView.time(n.appeal().deadline()),
                appeal == null || n.appealOutcome() != null ? null : line(appeal), outcome);
    }

    private static AppealLine line(AppealView a) {
        String text = "pending".equals(a.status()) ? "Waiting for a moderator who did not make the decision"
                : "overturned".equals(a.outcome()) ? "Overturned: the decision was reversed" : "Upheld: the decision stands";
        return new AppealLine(a.id(), a.status(), text, a.grounds(), ConsoleView.time(a.createdAt()), a.outcome(), a.statement(),
                a.decidedAt() == null ? null : ConsoleView.time(a.decidedAt()));
    }
}
