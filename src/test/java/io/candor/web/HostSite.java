package io.candor.web;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A marketplace's pages on another origin (127.0.0.1 on its own port, while Candor answers on localhost:8081),
 * so that the widget runs cross-origin exactly as it does on a real storefront.
 */
final class HostSite implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> pages = new ConcurrentHashMap<>();

    HostSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String html = pages.get(exchange.getRequestURI().getPath());
            byte[] body = (html == null ? "not found" : html).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", html == null ? "text/plain" : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(html == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Serves a page whose body is given, with Candor's widget loaded from Candor's origin; answers its address. */
    String page(String path, String lang, String body) {
        pages.put(path, "<!DOCTYPE html><html lang=\"" + lang + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Host shop</title>"
                + "<script type=\"module\" src=\"" + WidgetBrowserTest.CANDOR + "/widget/candor.js\"></script></head>"
                + "<body><main><h1>Host shop</h1>" + body + "</main></body></html>");
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The origin its pages are served from, which a marketplace registers as a sign-in origin. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
