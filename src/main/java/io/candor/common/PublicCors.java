package io.candor.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Public reads may be fetched by any storefront's browser: {@code Access-Control-Allow-Origin: *} on
 * GETs under {@code /api/v1/public/}. No credentials are ever allowed cross-origin here.
 */
public class PublicCors {

    static final String PUBLIC_PREFIX = "/api/v1/public/";

    @ServerRequestFilter(preMatching = true)
    public Response preflight(ContainerRequestContext request) {
        if (!"OPTIONS".equals(request.getMethod()) || request.getHeaderString("Origin") == null
                || !request.getUriInfo().getPath().startsWith(PUBLIC_PREFIX) || WidgetCors.isWidgetPath(request.getUriInfo().getPath())) {
            return null; // (a public path the widget writes to, such as an anonymous review, is WidgetCors's)
        }
        String method = request.getHeaderString("Access-Control-Request-Method");
        if (method != null && !method.equals("GET") && !method.equals("HEAD")) {
            return Response.noContent().build();
        }
        return Response.noContent()
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", "GET, HEAD")
                .header("Access-Control-Allow-Headers", "If-None-Match, Accept, Accept-Language")
                .header("Access-Control-Max-Age", "86400")
                .build();
    }

    @ServerResponseFilter
    public void allowPublicReads(ContainerRequestContext request, ContainerResponseContext response) {
        String method = request.getMethod();
        if ((method.equals("GET") || method.equals("HEAD")) && request.getUriInfo().getPath().startsWith(PUBLIC_PREFIX)) {
            response.getHeaders().putSingle("Access-Control-Allow-Origin", "*");
            response.getHeaders().putSingle("Access-Control-Expose-Headers", "ETag, Retry-After");
        }
    }
}
