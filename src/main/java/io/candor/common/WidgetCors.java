package io.candor.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.regex.Pattern;

/**
 * The storefront widget runs on the marketplace's origin and calls these endpoints with the buyer's
 * bearer token: writing and editing reviews, votes, the author's own reviews, reports; and anonymous reviews (a token, its
 * redemption, the author secret's notices and appeals). Any origin may,
 * because the credential is a header the page has to hold, never something the browser adds on its own:
 * credentials are never allowed cross-origin, and the API ignores cookies.
 */
public class WidgetCors {

    static final Pattern WIDGET_PATHS = Pattern.compile("/api/v1/(reviews|me/reviews)(/[^/]+(/vote)?)?|/api/v1/reports|/api/v1/photos"
            // anonymous reviews (widget/anonymous.js): the buyer's token, the redemption (no credential), and the author secret's page
            + "|/api/v1/anonymous/(keys|tokens)|/api/v1/public/[^/]+/anonymous/reviews|/api/v1/me/(notices|appeals)|/api/v1/appeals");
    static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, Idempotency-Key, Accept, Accept-Language";
    static final String EXPOSED_HEADERS = "ETag, Location, Retry-After";

    @ServerRequestFilter(preMatching = true)
    public Response preflight(ContainerRequestContext request) {
        if (!"OPTIONS".equals(request.getMethod()) || request.getHeaderString("Origin") == null
                || request.getHeaderString("Access-Control-Request-Method") == null || !isWidgetPath(request.getUriInfo().getPath())) {
            return null;
        }
        return Response.noContent()
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", ALLOWED_METHODS)
                .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                .header("Access-Control-Max-Age", "600")
                .build();
    }

    @ServerResponseFilter
    public void allowWidgetCalls(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getHeaderString("Origin") != null && isWidgetPath(request.getUriInfo().getPath())) {
            response.getHeaders().putSingle("Access-Control-Allow-Origin", "*");
            response.getHeaders().putSingle("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
    }

    static boolean isWidgetPath(String path) {
        return WIDGET_PATHS.matcher(path).matches();
    }
}
