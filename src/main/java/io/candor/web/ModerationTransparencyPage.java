package io.candor.web;

import io.candor.auth.Caller;
import io.candor.common.ProblemException;
import io.candor.common.Role;
import io.candor.tenant.TenantDirectory;
import io.candor.transparency.TransparencyQueries;
import io.candor.transparency.TransparencyReport;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The moderation console's transparency report for a period: what was written, held, reported, decided and appealed. */
@Path("/moderation/transparency")
@Produces(MediaType.TEXT_HTML)
@HtmlPages
public class ModerationTransparencyPage {

    private final TransparencyQueries transparency;
    private final TenantDirectory tenants;
    private final WebSession session;
    private final Pages pages;

    public ModerationTransparencyPage(TransparencyQueries transparency, TenantDirectory tenants, WebSession session, Pages pages) {
        this.transparency = transparency;
        this.tenants = tenants;
        this.session = session;
        this.pages = pages;
    }

    /** A transparency figure: what is counted, and how many. */
    public record Figure(String label, String value) {
    }

    /** The transparency report for a period, as the dashboard shows it. */
    public record TransparencyPage(String from, String to, List<Figure> reviews, List<Figure> automated, List<Figure> reports,
                                   List<Figure> decisions, List<Figure> appeals, Charts.RemovalRates removals) {
    }

    @CheckedTemplate(basePath = "ModerationConsoleResource")
    static class Templates {
        static native TemplateInstance transparency(PageFrame frame, TransparencyPage report, String from, String to, String error);
    }

    @GET
    @Operation(hidden = true)
    public Response transparency(@QueryParam("from") String from, @QueryParam("to") String to) {
        Caller me = session.require(Role.MODERATOR);
        PageFrame frame = pages.frame("Transparency report", "moderation-transparency");
        TransparencyReport report;
        try {
            report = transparency.report(tenants.byId(me.tenant()), Forms.blankToNull(from), Forms.blankToNull(to));
        } catch (ProblemException e) {
            // the form shows the period again with what is wrong with it
            String reasons = e.errors().isEmpty() ? e.getMessage()
                    : String.join(" ", e.errors().stream().map(f -> f.field() + ": " + f.message()).toList());
            return Response.status(400).entity(Templates.transparency(frame, null, from, to, reasons)).build();
        }
        return Response.ok(Templates.transparency(frame, page(report), report.from().toString(), report.to().toString(), null)).build();
    }

    private static TransparencyPage page(TransparencyReport r) {
        List<Figure> reviews = List.of(new Figure("Written", Long.toString(r.reviews().submitted())),
                new Figure("Published at once", Long.toString(r.reviews().published())), new Figure("Held for a moderator", Long.toString(r.reviews().held())),
                new Figure("Sealed (double-blind)", Long.toString(r.reviews().sealed())));
        List<Figure> automated = r.automated().entrySet().stream()
                .map(e -> new Figure(ConsoleView.signalLabel("check:" + e.getKey()).substring("Automated check: ".length()), e.getValue().toString())).toList();
        List<Figure> reports = r.reports().entrySet().stream().map(e -> new Figure(ConsoleView.ruleTitle(e.getKey()), e.getValue().toString())).toList();
        List<Figure> decided = new ArrayList<>();
        r.decisions().byAction().forEach((action, n) -> decided.add(new Figure(ConsoleView.actionLabel(action), n.toString())));
        decided.add(new Figure("Of them automated", Long.toString(r.decisions().automated())));
        decided.add(new Figure("Median time to decide", hours(r.decisions().medianHoursToDecision())));
        List<Figure> appealed = List.of(new Figure("Filed", Long.toString(r.appeals().submitted())), new Figure("Upheld", Long.toString(r.appeals().upheld())),
                new Figure("Overturned", Long.toString(r.appeals().overturned())), new Figure("Median time to decide", hours(r.appeals().medianHoursToDecision())));
        return new TransparencyPage(r.from().toString(), r.to().toString(), reviews, automated, reports, decided, appealed,
                Charts.removalRates(r.removalRateByRating()));
    }

    private static String hours(Double hours) {
        return hours == null ? "–" : String.format(Locale.ROOT, "%.1f hours", hours);
    }
}
