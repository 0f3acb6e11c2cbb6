package io.candor.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP receiver on 127.0.0.1 that records what Candor posts and can refuse the first attempts. */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String body, Map<String, List<String>> headers, int answeredWith) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final AtomicInteger refusalsLeft;
    public final List<Received> requests = new CopyOnWriteArrayList<>();

    private WebhookReceiver(int port, int refuseFirst) throws IOException {
        this.refusalsLeft = new AtomicInteger(refuseFirst);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.createContext("/hooks", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = refusalsLeft.getAndDecrement() > 0 ? 503 : 204;
            requests.add(new Received(body, Map.copyOf(exchange.getRequestHeaders()), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public static WebhookReceiver start(int port, int refuseFirst) throws IOException {
        return new WebhookReceiver(port, refuseFirst);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Received> accepted() {
        return requests.stream().filter(r -> r.answeredWith() / 100 == 2).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
