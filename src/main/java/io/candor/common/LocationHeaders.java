package io.candor.common;

import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * {@code Location} headers name Candor's own resources: under {@code candor.public-base-url} when it is set, else
 * as a relative path. JAX-RS would complete a relative location with the request's {@code Host} header, which
 * the caller chooses; this filter undoes that for every response, idempotent replays included.
 */
@Singleton
public class LocationHeaders {

    private final Optional<String> base;

    public LocationHeaders(@ConfigProperty(name = "candor.public-base-url") Optional<URI> publicBaseUrl) {
        this.base = publicBaseUrl.map(u -> u.toString().replaceAll("/+$", ""));
    }

    @ServerResponseFilter
    public void ownLocations(ContainerResponseContext response) {
        List<Object> values = response.getHeaders().get("Location");
        if (values == null || values.isEmpty()) {
            return;
        }
        response.getHeaders().putSingle("Location", own(String.valueOf(values.get(0))));
    }

    /** The path (with query and fragment) of a location, under the configured base when there is one. */
    String own(String location) {
        URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            return "/";
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String tail = path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        return base.map(b -> b + tail).orElse(tail);
    }
}
