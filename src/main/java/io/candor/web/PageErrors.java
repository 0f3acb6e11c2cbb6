package io.candor.web;

import io.candor.common.ProblemException;
import io.candor.common.ProblemMappers;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Pages answer refusals as pages, not problem+json: sign in first and come back, or a plain explanation. This is
 * the one place a service's refusal becomes a page; page resources catch a {@link ProblemException} only where
 * they show the form again with the reason beside it.
 */
public class PageErrors {

    private final PageTemplates templates;
    private final ProblemMappers problems = new ProblemMappers();

    public PageErrors(PageTemplates templates) {
        this.templates = templates;
    }

    /**
     * A service refused what a page asked: on an {@link HtmlPages} resource, a page with the status and the reason
     * (a bad id or a stale cursor is "not found" or "start again"); anywhere else, problem+json as usual.
     */
    @ServerExceptionMapper(priority = Priorities.USER - 1)
    public Response problem(ProblemException e, SimpleResourceInfo resource) {
        Class<?> type = resource == null ? null : resource.getResourceClass();
        if (type == null || !type.isAnnotationPresent(HtmlPages.class)) {
            return problems.problem(e);
        }
        int status = e.type().status();
        String reason = e.errors().isEmpty() ? e.getMessage()
                : e.errors().stream().map(f -> f.message()).distinct().reduce((a, b) -> a + "; " + b).orElse(e.getMessage());
        String message = status == 422 ? "Not done: " + reason + " Go back to change it." : reason;
        Response.ResponseBuilder answer = Response.status(status).type(MediaType.TEXT_HTML_TYPE).entity(templates.error(status, message));
        e.headers().forEach(answer::header);
        return answer.build();
    }

    @ServerExceptionMapper
    public Response signInFirst(SignInRequired e, UriInfo uri) {
        String next = uri.getRequestUri().getRawPath() + (uri.getRequestUri().getRawQuery() == null ? "" : "?" + uri.getRequestUri().getRawQuery());
        return Response.seeOther(URI.create("/signin?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8))).build();
    }

    @ServerExceptionMapper
    public Response refused(PageRefusal e) {
        return Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE).entity(templates.error(e.status(), e.getMessage())).build();
    }
}
