package io.candor.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Pages answer refusals as pages, not problem+json: sign in first and come back, or a plain explanation. */
public class PageErrors {

    private final PageTemplates templates;

    public PageErrors(PageTemplates templates) {
        this.templates = templates;
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
