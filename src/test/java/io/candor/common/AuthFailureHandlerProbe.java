package io.candor.common;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only route that runs after the HTTP layer's authentication filter and the REST layer's filter behind it, and
 * records, for requests that carry {@link #HEADER}, which authentication-failure handler the request still had.
 */
@ApplicationScoped
public class AuthFailureHandlerProbe {

    static final String HEADER = "X-Test-Probe";
    static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    void install(@Observes Router router) {
        router.route().order(-150).handler(rc -> {
            String probe = rc.request().getHeader(HEADER);
            if (probe != null) {
                Object handler = rc.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
                SEEN.put(probe, handler == null ? "none" : handler.getClass().getName());
            }
            rc.next();
        });
    }
}
