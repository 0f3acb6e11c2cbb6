package io.candor.web;

import io.candor.common.RateLimited;
import io.candor.appeal.AppealView;
import io.candor.auth.Caller;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * "Your notices": the statements of reasons a signed-in buyer received, with an appeal form and the appeals' status.
 * The marketplace relays each {@code notice.issued} webhook to its user with a sign-in link to this page
 * ({@code POST /signin/{tenant}} with {@code next=/notices}), so buyers appeal where sellers do, without the marketplace
 * building an appeal form of its own. Sellers have the same list in the seller portal.
 */
@Path("/notices")
@Produces(MediaType.TEXT_HTML)
@HtmlPages
public class NoticesPageResource {

    private final NoticeDesk desk;
    private final WebSession session;
    private final Pages pages;

    public NoticesPageResource(NoticeDesk desk, WebSession session, Pages pages) {
        this.desk = desk;
        this.session = session;
        this.pages = pages;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance notices(PageFrame frame, NoticeDesk.Desk desk, String nextPage, String filed);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance notices(@QueryParam("cursor") String cursor, @QueryParam("filed") String filed) {
        Caller me = signedIn();
        NoticeDesk.Desk notices = desk.desk(me, cursor == null || cursor.isBlank() ? null : cursor);
        String next = notices.nextCursor() == null ? null : UriBuilder.fromPath("/notices").queryParam("cursor", notices.nextCursor()).build().toString();
        return Templates.notices(pages.frame("Your notices", "notices"), notices, next, filed);
    }

    @POST
    @Path("appeals")
    @RateLimited(RateLimited.Budget.WRITE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response appeal(@FormParam("decision") String decision, @FormParam("grounds") String grounds) {
        AppealView appeal = desk.appeal(signedIn(), decision, grounds);
        return Response.seeOther(UriBuilder.fromPath("/notices").queryParam("filed", appeal.id()).fragment("appeal-" + appeal.id()).build()).build();
    }

    private Caller signedIn() {
        return session.caller().orElseThrow(SignInRequired::new);
    }
}
