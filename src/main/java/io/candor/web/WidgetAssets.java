package io.candor.web;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The widget is an ES module loaded by marketplaces' pages from Candor's origin, and browsers fetch module
 * scripts with CORS: its files are served to any origin (they are public and hold nothing but code).
 */
@ApplicationScoped
public class WidgetAssets {

    void allowEveryOrigin(@Observes Router router) {
        router.route("/widget/*").order(Integer.MIN_VALUE).handler(context -> {
            context.response().putHeader("Access-Control-Allow-Origin", "*");
            context.response().putHeader("Cross-Origin-Resource-Policy", "cross-origin");
            context.response().putHeader("X-Content-Type-Options", "nosniff");
            context.next();
        });
    }
}
