package io.candor.web;

import io.candor.common.RateLimited;
import io.candor.appeal.AppealDecisionRequest;
import io.candor.appeal.AppealService;
import io.candor.appeal.AppealView;
import io.candor.auth.Caller;
import io.candor.common.Role;
import io.candor.common.Ids;
import io.candor.common.Page;
import io.candor.common.ProblemException;
import io.candor.moderation.CaseQueries;
import io.candor.moderation.CaseService;
import io.candor.moderation.CaseView;
import io.candor.moderation.DecisionRequest;
import io.candor.moderation.DecisionService;
import io.candor.moderation.PolicyCatalog;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The moderation console: the queue, a case with its content, history, reports and signals and the decision form,
 * the appeals (never decided by the moderator who made the decision). The audit log and the transparency report are
 * {@link ModerationAuditPage} and {@link ModerationTransparencyPage}.
 * Everything goes through the same services as the moderation API.
 */
@Path("/moderation")
@Produces(MediaType.TEXT_HTML)
@HtmlPages
public class ModerationConsoleResource {

    static final int QUEUE_PAGE = 20;

    private final CaseQueries queries;
    private final CaseService cases;
    private final DecisionService decisions;
    private final AppealService appeals;
    private final TenantDirectory tenants;
    private final PartyService parties;
    private final WebSession session;
    private final Pages pages;
    private final Clock clock;
    private final io.candor.review.PhotoService photos;

    public ModerationConsoleResource(CaseQueries queries, CaseService cases, DecisionService decisions, AppealService appeals, TenantDirectory tenants, PartyService parties, WebSession session,
                                     Pages pages, Clock clock, io.candor.review.PhotoService photos) {
        this.photos = photos;
        this.queries = queries;
        this.cases = cases;
        this.decisions = decisions;
        this.appeals = appeals;
        this.tenants = tenants;
        this.parties = parties;
        this.session = session;
        this.pages = pages;
        this.clock = clock;
    }

    /** The queue's choices as the form shows them. */
    public record QueueFilter(String status, String sort) {
    }

    /** A whole case as the case page shows it. */
    public record CasePage(String id, String target, String status, boolean open, String priority, String opened, String closed, String assignee,
                           boolean mine, boolean hidden, boolean surge, List<ConsoleView.Content> contents, List<ConsoleView.ReportLine> reports,
                           List<ConsoleView.SignalLine> signals, List<ConsoleView.DecisionLine> decisions) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance queue(PageFrame frame, QueueFilter filter, List<ConsoleView.QueueCard> cards, String nextPage);

        static native TemplateInstance queue$card(PageFrame frame, ConsoleView.QueueCard card);

        static native TemplateInstance caseFile(PageFrame frame, CasePage file, ConsoleView.DecisionForm form, String notice);

        static native TemplateInstance appeals(PageFrame frame, String status, List<ConsoleView.AppealCard> cards, String nextPage);

        static native TemplateInstance appeal(PageFrame frame, ConsoleView.AppealCard appeal, List<ConsoleView.Content> contents, String outcome,
                                              String statement, List<String> errors);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance queue(@QueryParam("status") String status, @QueryParam("sort") String sort, @QueryParam("cursor") String cursor) {
        Caller me = session.require(Role.MODERATOR);
        QueueFilter filter = new QueueFilter("closed".equals(status) ? "closed" : "open", "oldest".equals(sort) ? "oldest" : "priority");
        Page<CaseView.Item> page = queries.queue(tenant(me), filter.status(), filter.sort(), QUEUE_PAGE, Forms.blankToNull(cursor));
        String handle = myHandle(me);
        String next = page.nextCursor() == null ? null : UriBuilder.fromPath("/moderation").queryParam("status", filter.status())
                .queryParam("sort", filter.sort()).queryParam("cursor", page.nextCursor()).build().toString();
        Map<String, CaseView.Preview> previews = queries.previews(tenant(me), page.items());
        return Templates.queue(pages.frame("Moderation queue", "moderation"), filter,
                page.items().stream().map(item -> ConsoleView.card(item, previews.get(item.id()), handle)).toList(), next);
    }

    @POST
    @Path("cases/{id}/claim")
    @RateLimited(RateLimited.Budget.WRITE)
    @Operation(hidden = true)
    public Response claim(@PathParam("id") String id, @HeaderParam("HX-Request") String htmx) {
        Caller me = session.require(Role.MODERATOR);
        TenantContext tenant = tenant(me);
        UUID caseId = caseId(id);
        String notice;
        try {
            cases.assign(tenant, caseId, me, clock.instant());
            notice = "You claimed this case.";
        } catch (ProblemException e) {
            if (e.type().status() == 404) {
                throw e;
            }
            notice = e.getMessage();
        }
        if (htmx == null) {
            return Response.seeOther(URI.create("/moderation/cases/" + caseId)).build();
        }
        CaseView.Item item = queries.item(tenant, caseId).orElseThrow(() -> new PageRefusal(404, "There is no such case."));
        CaseView.Preview preview = queries.previews(tenant, List.of(item)).get(item.id());
        return Response.ok(Templates.queue$card(pages.frame("Moderation queue", "moderation"),
                ConsoleView.card(item, preview, myHandle(me)).withNotice(notice))).build();
    }

    /** A photo of any status, for the console's pages (the API's twin needs a bearer token, which pages do not send). */
    @GET
    @Path("photos/{id}/{file}")
    @Produces("image/jpeg")
    @Operation(hidden = true)
    public Response photo(@PathParam("id") String id, @PathParam("file") String file, @HeaderParam("If-None-Match") String ifNoneMatch) {
        Caller me = session.require(Role.MODERATOR);
        String sha = io.candor.review.PhotoResource.sha(file);
        return io.candor.review.PhotoResource.image(photos.moderatorBytes(tenant(me), io.candor.common.Ids.parse(id, "Photo"), sha), sha, ifNoneMatch,
                "private, max-age=3600");
    }

    @GET
    @Path("cases/{id}")
    @Operation(hidden = true)
    public TemplateInstance caseFile(@PathParam("id") String id, @QueryParam("decided") String decided) {
        Caller me = session.require(Role.MODERATOR);
        CaseView.Detail detail = detail(me, caseId(id));
        ConsoleView.DecisionForm form = ConsoleView.freshForm(detail.signalTotals(), "subject".equals(detail.target().type()));
        return Templates.caseFile(pages.frame("Case " + ConsoleView.shortId(detail.id()), "moderation"), casePage(detail, myHandle(me)), form,
                decided != null && List.of("keep", "remove", "redact").contains(decided)
                        ? "Decided: " + ConsoleView.actionLabel(decided).toLowerCase(Locale.ROOT) + ". The author and the reporters have their notices."
                        : null);
    }

    @POST
    @Path("cases/{id}/decision")
    @RateLimited(RateLimited.Budget.WRITE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response decide(@PathParam("id") String id, @FormParam("action") String action, @FormParam("policy") String policy,
                           @FormParam("statement") String statement, @FormParam("field") String field, @FormParam("quote") String quote) {
        Caller me = session.require(Role.MODERATOR);
        UUID caseId = caseId(id);
        // without scripts a moderator who changes the rule may leave the statement empty: the rule's standard one applies
        String reasons = statement == null || statement.isBlank()
                ? PolicyCatalog.find(policy).map(PolicyCatalog.Policy::statement).orElse(statement) : statement;
        List<DecisionRequest.Redaction> redactions = "redact".equals(action) && quote != null && !quote.isBlank()
                ? List.of(new DecisionRequest.Redaction("title".equals(field) ? "title" : "body", quote)) : null;
        try {
            decisions.decide(me, caseId, new DecisionRequest(action, policy, reasons, redactions));
        } catch (ProblemException e) {
            if (e.type().status() == 404 || e.type().status() == 403) {
                throw e;
            }
            CaseView.Detail detail = detail(me, caseId);
            ConsoleView.DecisionForm form = ConsoleView.form(action, policy, statement, field, quote, reasons(e), "subject".equals(detail.target().type()));
            return Response.status(e.type().status()).entity(Templates.caseFile(pages.frame("Case " + ConsoleView.shortId(detail.id()), "moderation"),
                    casePage(detail, myHandle(me)), form, null)).build();
        }
        return Response.seeOther(UriBuilder.fromPath("/moderation/cases/{id}").queryParam("decided", action).build(caseId)).build();
    }

    @GET
    @Path("appeals")
    @Operation(hidden = true)
    public TemplateInstance appeals(@QueryParam("status") String status, @QueryParam("cursor") String cursor) {
        Caller me = session.require(Role.MODERATOR);
        String s = "decided".equals(status) ? "decided" : "pending";
        Page<AppealView> page = appeals.queue(me, s, QUEUE_PAGE, Forms.blankToNull(cursor));
        String handle = myHandle(me);
        String next = page.nextCursor() == null ? null
                : UriBuilder.fromPath("/moderation/appeals").queryParam("status", s).queryParam("cursor", page.nextCursor()).build().toString();
        return Templates.appeals(pages.frame("Appeals", "moderation-appeals"), s, page.items().stream().map(a -> ConsoleView.appeal(a, handle)).toList(),
                next);
    }

    @GET
    @Path("appeals/{id}")
    @Operation(hidden = true)
    public TemplateInstance appeal(@PathParam("id") String id) {
        Caller me = session.require(Role.MODERATOR);
        return appealPage(me, appealId(id), null, null, List.of());
    }

    @POST
    @Path("appeals/{id}/decision")
    @RateLimited(RateLimited.Budget.WRITE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response decideAppeal(@PathParam("id") String id, @FormParam("outcome") String outcome, @FormParam("statement") String statement) {
        Caller me = session.require(Role.MODERATOR);
        UUID appealId = appealId(id);
        try {
            appeals.decide(me, appealId, new AppealDecisionRequest(outcome, statement));
        } catch (ProblemException e) {
            if (e.type().status() == 404 || e.type().status() == 403) {
                throw e;
            }
            return Response.status(e.type().status()).entity(appealPage(me, appealId, outcome, statement, reasons(e))).build();
        }
        return Response.seeOther(URI.create("/moderation/appeals/" + appealId)).build();
    }

    private TemplateInstance appealPage(Caller me, UUID appealId, String outcome, String statement, List<String> errors) {
        AppealView appeal = appeals.forModerators(me, appealId).orElseThrow(() -> new PageRefusal(404, "There is no such appeal."));
        ConsoleView.AppealCard card = ConsoleView.appeal(appeal, myHandle(me));
        List<ConsoleView.Content> contents = queries.detail(tenant(me), UUID.fromString(appeal.decision().caseId()))
                .map(d -> contents(d).stream().filter(c -> c.id().equals(appeal.decision().target().id())).toList()).orElse(List.of());
        return Templates.appeal(pages.frame("Appeal " + ConsoleView.shortId(appeal.id()), "moderation-appeals"), card, contents, outcome,
                statement, errors);
    }

    private CaseView.Detail detail(Caller me, UUID caseId) {
        return queries.detail(tenant(me), caseId).orElseThrow(() -> new PageRefusal(404, "There is no such case."));
    }

    private static CasePage casePage(CaseView.Detail d, String myHandle) {
        return new CasePage(d.id(), ConsoleView.targetLabel(d.target().type(), d.target().id()), d.status(), "open".equals(d.status()),
                ConsoleView.number(d.priority()), ConsoleView.time(d.openedAt()), d.closedAt() == null ? null : ConsoleView.time(d.closedAt()),
                d.assignee(), d.assignee() != null && d.assignee().equals(myHandle), d.hiddenByReports(), "subject".equals(d.target().type()),
                contents(d), d.reports().stream().map(ConsoleView::report).toList(), d.signals().stream().map(ConsoleView::signal).toList(),
                d.decisions().stream().map(ConsoleView::decision).toList());
    }

    private static List<ConsoleView.Content> contents(CaseView.Detail d) {
        List<ConsoleView.Content> contents = new ArrayList<>();
        if (d.content() != null) {
            contents.add(ConsoleView.content(d.content()));
        }
        d.items().forEach(item -> contents.add(ConsoleView.content(item)));
        return contents;
    }

    private static List<String> reasons(ProblemException e) {
        if (e.errors().isEmpty()) {
            return List.of(e.getMessage());
        }
        return e.errors().stream().map(f -> label(f.field()) + ": " + f.message()).toList();
    }

    private static String label(String field) {
        if (field.startsWith("redactions")) {
            return "Text to remove";
        }
        return switch (field) {
            case "action" -> "Action";
            case "policy" -> "Rule";
            case "statement" -> "Statement of reasons";
            case "outcome" -> "Outcome";
            default -> field;
        };
    }

    private String myHandle(Caller me) {
        return parties.find(me.tenant(), me.party()).map(PartyRef::handle).orElse(null);
    }

    private TenantContext tenant(Caller me) {
        return tenants.byId(me.tenant());
    }

    private static UUID caseId(String id) {
        return Ids.parse(id, "Case");
    }

    private static UUID appealId(String id) {
        return Ids.parse(id, "Appeal");
    }
}
