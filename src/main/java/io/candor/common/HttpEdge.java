package io.candor.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityRecorder;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a request meets Candor: the {@link RequestGate} refuses a non-canonical target before authentication
 * or anything else reads it, and every refusal made below the application (an oversized chunked body, a
 * broken request head) is answered with problem+json like the application's own.
 */
@ApplicationScoped
public class HttpEdge implements io.quarkus.vertx.http.HttpServerOptionsCustomizer {

    /** Routing-context key of the decoded canonical path; absent means the gate did not pass the request. */
    public static final String CANONICAL_PATH = "candor.canonical-path";
    /** Longest single header value read; the HTTP layer's own limit is set higher so that this answer is ours. */
    static final int MAX_HEADER_VALUE = 8192;
    /** The request-local key under which Quarkus's metrics look for the route template. */
    static final String URL_PATH_TEMPLATE = "UrlPathTemplate";
    private static final Logger LOG = Logger.getLogger(HttpEdge.class);

    /** How long the application's stop waits for the requests in progress. */
    static final Duration DRAIN = Duration.ofSeconds(15);

    private final ObjectMapper mapper;
    /** Requests that passed the gate and have not ended. */
    private final AtomicInteger inProgress = new AtomicInteger();
    /** Set when the application begins to stop: new requests get 503. */
    private volatile boolean stopping;

    public HttpEdge(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    private static final String PHOTO_UPLOAD = "/api/v1/photos";

    /** The decoded canonical path of this request; empty if it did not pass the gate. */
    public static Optional<String> canonicalPath(RoutingContext rc) {
        return Optional.ofNullable(rc.get(CANONICAL_PATH));
    }

    /**
     * Called while Quarkus builds each server's options, before it listens: the server may start listening before
     * the router is built, and each connection takes the invalid-request handler from where it is when it opens.
     */
    @Override
    public void customizeHttpServer(io.vertx.core.http.HttpServerOptions options) {
        InvalidRequests.answerWith(this::invalidRequest);
        InvalidRequests.leaveUriValidationToTheGate();
    }

    @Override
    public void customizeHttpsServer(io.vertx.core.http.HttpServerOptions options) {
        customizeHttpServer(options);
    }

    void install(@Observes Router router) {
        router.route().order(-300).handler(this::gate);
        router.route().order(-300).failureHandler(this::lowerLayerFailure);
        // Same order as the REST layer's filter that follows authentication (priority 199 = order -199), and added
        // before it: Quarkus adds its filters' routes after this event, and routes of one order run in the order added.
        router.route().order(-199).handler(HttpEdge::leaveAuthFailuresToTheApi);
        InvalidRequests.answerWith(this::invalidRequest);
        InvalidRequests.leaveUriValidationToTheGate();
    }

    void gate(RoutingContext rc) {
        tagUnmatched(rc);
        if (stopping) {
            rc.response().putHeader("Retry-After", "1");
            end(rc.request(), 503, "This instance of Candor is stopping; send the request again (with its Idempotency-Key, if it has one).");
            return;
        }
        Optional<RequestGate.Refusal> refusal = RequestGate.check(rc.request().uri());
        if (refusal.isEmpty()) {
            for (Map.Entry<String, String> header : rc.request().headers()) {
                if (header.getValue().length() > MAX_HEADER_VALUE || hasHeaderControl(header.getValue())) {
                    refusal = Optional.of(new RequestGate.Refusal(header.getValue().length() > MAX_HEADER_VALUE ? 431 : 400,
                            "A request header is too long or holds control characters."));
                    break;
                }
            }
        }
        if (refusal.isPresent()) {
            end(rc.request(), refusal.get().status(), refusal.get().detail());
            return;
        }
        String canonical = RequestGate.canonicalPath(rc.request().uri());
        rc.put(CANONICAL_PATH, canonical);
        if (PHOTO_UPLOAD.equals(canonical) && rc.request().method() == io.vertx.core.http.HttpMethod.POST) {
            // a photo is recognised by its bytes, whatever Content-Type the client declares: the body must never be parsed
            // as a form or multipart below the API, where a malformed escape failed as an error of Candor's
            rc.request().headers().set("Content-Type", "application/octet-stream");
        }
        inProgress.incrementAndGet();
        rc.addEndHandler(ended -> inProgress.decrementAndGet());
        rc.next();
    }

    /**
     * A stop (SIGTERM: a rollout, a scale-down) begins here, before anything else stops: new requests get 503 with
     * {@code Retry-After} (clients send them again, with their idempotency keys), the readiness check reports down,
     * and the requests in progress finish, for at most {@link #DRAIN}. Quarkus's own wait
     * ({@code quarkus.shutdown.timeout}) is not used: on Quarkus 3.30 a shutdown listener of its Jackson extension
     * never reports that it is done, so every stop would wait for the whole timeout; and by the time of
     * {@code ShutdownEvent} the HTTP server is closed already. This event is fired at the start of the stop when
     * {@code quarkus.shutdown.delay-enabled} is on (application.properties).
     */
    void drain(@Observes ShutdownDelayInitiatedEvent event) {
        stopping = true;
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (inProgress.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int left = inProgress.get();
        if (left > 0) {
            LOG.warnf("%d requests were still in progress after %d s; the stop goes on without them", left, DRAIN.toSeconds());
        }
    }

    /**
     * Metrics tag a request with its route template. Quarkus REST puts the matched template where this puts a
     * fixed one, so a request that no endpoint matches (refused here, too large, a random path) is counted under
     * {@code /unmatched} instead of its own path: random paths cannot use up the tag budget.
     */
    static void tagUnmatched(RoutingContext rc) {
        if (rc.request() instanceof io.vertx.core.http.impl.HttpServerRequestInternal internal) {
            String path = rc.request().path();
            boolean asset = path != null && (path.startsWith("/widget/") || path.startsWith("/assets/") || path.startsWith("/_static/"));
            internal.context().putLocal(URL_PATH_TEMPLATE, asset ? "/static" : "/unmatched");
        }
    }

    /**
     * Authentication is lazy (quarkus.http.auth.proactive=false), so a failed authentication happens inside the REST
     * layer, after the endpoint was matched, and reaches the problem+json mappers as an exception. The HTTP layer
     * still installs its default failure handler on every request; the REST layer then swaps it for one of its own
     * and, with metrics on, works out the request's URI template for it by building a new request mapper over every
     * resource class, on every request (a third of a cached summary's CPU), only for the REST layer to remove that
     * handler again when it starts on the request. Removing the default one here skips both: a lazy authentication
     * that fails finds no handler, as it does inside the REST layer today, and its exception is mapped as before.
     */
    static void leaveAuthFailuresToTheApi(RoutingContext rc) {
        if (rc.get(QuarkusHttpUser.AUTH_FAILURE_HANDLER) instanceof HttpSecurityRecorder.DefaultAuthFailureHandler) {
            rc.remove(QuarkusHttpUser.AUTH_FAILURE_HANDLER);
        }
        rc.next();
    }

    /** Header values are ISO-8859-1 on the wire, so only C0 controls other than tab, and DEL, are refused. */
    static boolean hasHeaderControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    /** A failure of the HTTP layer itself (the application's own failures are answered by {@link ProblemMappers}). */
    void lowerLayerFailure(RoutingContext rc) {
        if (rc.response().headWritten()) {
            rc.next();
            return;
        }
        int status = rc.statusCode();
        if (status >= 400 && status < 500) {
            end(rc.request(), status, null);
            return;
        }
        if (rc.failure() != null) {
            LOG.errorf("failure below the application: %s", ProblemMappers.describe(rc.failure()));
        }
        end(rc.request(), 500, null);
    }

    /** A request Vert.x could not parse: a broken {@code Content-Length}, a request line or header over the limit. */
    void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
        int status = 400;
        if (cause instanceof io.netty.handler.codec.TooLongFrameException && cause.getMessage() != null) {
            status = cause.getMessage().contains("line") ? 414 : 431;
        }
        end(request, status, null);
        request.response().close();
    }

    private void end(HttpServerRequest request, int status, String detail) {
        ProblemType type = switch (status) {
            case 401 -> ProblemType.UNAUTHENTICATED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 414 -> ProblemType.URI_TOO_LONG;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ProblemType.RATE_LIMITED;
            case 431 -> ProblemType.HEADERS_TOO_LARGE;
            case 500 -> ProblemType.INTERNAL;
            case 503 -> ProblemType.UNAVAILABLE;
            default -> ProblemType.BAD_REQUEST;
        };
        String body;
        try {
            body = mapper.writeValueAsString(Problem.of(type, detail != null ? detail : type.title() + ".", null));
        } catch (JsonProcessingException e) {
            body = "{\"type\":\"/problems/" + type.code() + "\",\"status\":" + status + "}";
        }
        var response = request.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (status == 413 || status == 414 || status == 431 || status >= 500) {
            response.putHeader("Connection", "close");
        }
        response.end(body);
    }

    /**
     * Vert.x answers a request it cannot parse with its own empty response, and Quarkus offers no hook for it. The
     * default is read from {@code HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER} each time a server is created,
     * which happens after the router is built; replacing it then makes every server Quarkus creates answer as Candor
     * does. Should the field ever move, Vert.x's own answer stays, which is still a refusal.
     */
    static final class InvalidRequests {

        private InvalidRequests() {
        }

        static synchronized void answerWith(Handler<HttpServerRequest> handler) {
            try {
                sun.misc.Unsafe unsafe = unsafe();
                java.lang.reflect.Field field = HttpServerRequest.class.getField("DEFAULT_INVALID_REQUEST_HANDLER");
                // The first write can race the interface's initialisation; it is checked and repeated.
                for (int attempt = 0; attempt < 3 && HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER != handler; attempt++) {
                    unsafe.putObjectVolatile(unsafe.staticFieldBase(field), unsafe.staticFieldOffset(field), handler);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warnf("unparseable requests keep Vert.x's empty answers: %s", e.getClass().getName());
            }
        }

        /**
         * Quarkus answers a target that {@code java.net.URI} cannot parse (a backslash, {@code %zz}) with an empty
         * 400 before any route runs. The gate refuses every such target itself, with a problem, so Quarkus's check
         * (the one its {@code vertx.disableURIValidation} property switches off) is switched off on the root
         * handler, which is created before and read by the server after this runs.
         */
        static synchronized void leaveUriValidationToTheGate() {
            try {
                sun.misc.Unsafe unsafe = unsafe();
                Class<?> recorder = Class.forName("io.quarkus.vertx.http.runtime.VertxHttpRecorder");
                java.lang.reflect.Field rootField = recorder.getDeclaredField("ACTUAL_ROOT");
                Object root = unsafe.getObjectVolatile(unsafe.staticFieldBase(rootField), unsafe.staticFieldOffset(rootField));
                java.lang.reflect.Field flag = root.getClass().getDeclaredField("DISABLE_URI_VALIDATION");
                unsafe.putBooleanVolatile(root, unsafe.objectFieldOffset(flag), true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warnf("targets java.net.URI cannot parse keep Quarkus's empty 400: %s", e.getClass().getName());
            }
        }

        private static sun.misc.Unsafe unsafe() throws ReflectiveOperationException {
            java.lang.reflect.Field unsafeField = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            unsafeField.setAccessible(true);
            return (sun.misc.Unsafe) unsafeField.get(null);
        }
    }
}
