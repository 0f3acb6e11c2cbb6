package io.candor.web;

import io.candor.audit.AuditQueries;
import io.candor.auth.Caller;
import io.candor.common.Page;
import io.candor.common.Role;
import io.candor.tenant.TenantDirectory;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import io.candor.common.ProblemException;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/** The moderation console's audit log: every change, newest first, and each entry's place and proof in the transparency log, and a check of the whole log. */
@Path("/moderation/audit")
@Produces(MediaType.TEXT_HTML)
@HtmlPages
public class ModerationAuditPage {

    static final int AUDIT_PAGE = 50;

    private final AuditQueries audit;
    private final TenantDirectory tenants;
    private final WebSession session;
    private final Pages pages;

    public ModerationAuditPage(AuditQueries audit, TenantDirectory tenants, WebSession session, Pages pages) {
        this.audit = audit;
        this.tenants = tenants;
        this.session = session;
        this.pages = pages;
    }

    /** The verdict on the audit chain, in words. */
    public record ChainCheck(boolean valid, String summary) {
    }

    @CheckedTemplate(basePath = "ModerationConsoleResource")
    static class Templates {
        static native TemplateInstance audit(PageFrame frame, List<ConsoleView.AuditLine> entries, String nextPage, ChainCheck check);

        static native TemplateInstance audit$verdict(ChainCheck check);

        static native TemplateInstance auditProof(PageFrame frame, AuditQueries.Proof proof);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance audit(@QueryParam("cursor") String cursor) {
        return page(session.require(Role.MODERATOR), cursor, null);
    }

    @GET
    @Path("verify")
    @Operation(hidden = true)
    public TemplateInstance verify(@HeaderParam("HX-Request") String htmx) {
        Caller me = session.require(Role.MODERATOR);
        AuditQueries.Verification verdict = audit.verify(me.tenant());
        ChainCheck check = new ChainCheck(verdict.valid(), verdict.valid()
                ? "The log holds: all " + verdict.entries() + (verdict.entries() == 1 ? " entry" : " entries") + " of the signed tree head (root "
                  + abbreviate(verdict.rootHash()) + ") match their leaves" + (verdict.pending() == 0 ? "." : "; " + verdict.pending() + " newer "
                  + (verdict.pending() == 1 ? "entry waits" : "entries wait") + " for the next head.")
                : "The log is broken" + (verdict.firstBrokenSeq() == null ? "" : " at entry " + verdict.firstBrokenSeq()) + ": " + verdict.problem() + ".");
        return htmx == null ? page(me, null, check) : Templates.audit$verdict(check);
    }

    @GET
    @Path("{seq}/proof")
    @Operation(hidden = true)
    public TemplateInstance proof(@PathParam("seq") String seq) {
        Caller me = session.require(Role.MODERATOR);
        long id;
        try {
            id = Long.parseLong(seq);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("Audit entry");
        }
        AuditQueries.Proof proof = audit.proof(me.tenant(), id).orElseThrow(() -> ProblemException.notFound("Audit entry"));
        return Templates.auditProof(pages.frame("Audit entry " + id, "moderation-audit"), proof);
    }

    private static String abbreviate(String hash) {
        return hash == null ? "none" : hash.substring(0, Math.min(16, hash.length())) + "…";
    }

    private TemplateInstance page(Caller me, String cursor, ChainCheck check) {
        Page<AuditQueries.Entry> page = audit.list(me.tenant(), tenants.byId(me.tenant()).secret(), AUDIT_PAGE,
                Forms.blankToNull(cursor));
        String next = page.nextCursor() == null ? null : UriBuilder.fromPath("/moderation/audit").queryParam("cursor", page.nextCursor()).build().toString();
        return Templates.audit(pages.frame("Audit log", "moderation-audit"), page.items().stream().map(ConsoleView::audit).toList(), next, check);
    }
}
