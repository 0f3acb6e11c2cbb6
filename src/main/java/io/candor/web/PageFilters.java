package io.candor.web;

import io.candor.auth.CandorAuthMechanism;
import io.candor.common.HttpEdge;
import io.candor.common.RequestGate;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * What every page request goes through: a CSRF check on every state-changing request, and on the way
 * out the security headers and the session cookie. The API ({@code /api/}) is left alone: it takes no
 * cookies, so it needs no CSRF token.
 */
public class PageFilters {

    static final String CSRF_FIELD = "csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** No inline script or style, nothing from another origin, never framed. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /**
     * The marketplace's sign-in POST comes from the marketplace's own page, so it cannot carry a token of
     * ours; the tenant-signed JWT in its body is what proves the request is wanted.
     */
    private static final Pattern MARKETPLACE_SIGN_IN = Pattern.compile("/signin/[^/]+");

    private final WebSession session;
    private final PageTemplates templates;

    public PageFilters(WebSession session, PageTemplates templates) {
        this.session = session;
        this.templates = templates;
    }

    @WithFormRead
    @ServerRequestFilter
    public Response checkCsrf(ResteasyReactiveContainerRequestContext request, RoutingContext routing) {
        String path = HttpEdge.canonicalPath(routing).orElse("");
        if (SAFE_METHODS.contains(request.getMethod()) || RequestGate.isApi(path)
                || ("POST".equals(request.getMethod()) && MARKETPLACE_SIGN_IN.matcher(path).matches())) {
            return null;
        }
        String token = request.getHeaderString(CSRF_HEADER);
        if (token == null) {
            Object field = ((ResteasyReactiveRequestContext) request.getServerRequestContext()).getFormParameter(CSRF_FIELD, true, false);
            token = field instanceof String s ? s : null;
        }
        if (session.csrfValid(token)) {
            return null;
        }
        return Response.status(403).type(MediaType.TEXT_HTML_TYPE)
                .entity(templates.error(403, "This form has expired or did not come from Candor. Go back, reload the page and try again."))
                .build();
    }

    @ServerResponseFilter
    public void pageHeaders(ContainerResponseContext response, RoutingContext routing) {
        if (!CandorAuthMechanism.isPage(routing)) {
            return;
        }
        response.getHeaders().putSingle("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.getHeaders().putSingle("X-Content-Type-Options", "nosniff");
        response.getHeaders().putSingle("X-Frame-Options", "DENY");
        response.getHeaders().putSingle("Referrer-Policy", "same-origin");
        // pages carry CSRF tokens and, for a signed-in buyer, the widget's token
        response.getHeaders().putSingle("Cache-Control", "no-store");
        session.pendingCookie().ifPresent(cookie -> response.getHeaders().add("Set-Cookie", cookie));
    }
}
