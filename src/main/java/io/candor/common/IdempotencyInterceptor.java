package io.candor.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Implements {@link Idempotent}: the first request with a key claims it, its answer (success or
 * refusal, not a server error) is stored, and a repeat with the same key and request gets that answer
 * again. A repeat with a different request is a 409; a repeat while the first is still running waits for it.
 * The claim and a successful answer commit in the same transaction as the work.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class IdempotencyInterceptor {

    static final String HEADER = "Idempotency-Key";
    private static final Duration RETENTION = Duration.ofHours(24);
    /** A claim this old without an answer belongs to a request that died; a repeat may take it over. */
    private static final Duration ABANDONED = Duration.ofSeconds(60);
    private static final List<String> REPLAYED_HEADERS = List.of("Location", "ETag");

    private final CurrentVertxRequest currentRequest;
    private final SecurityIdentity identity;
    private final IdempotencyRepository records;
    private final ObjectMapper mapper;
    private final Clock clock;

    public IdempotencyInterceptor(CurrentVertxRequest currentRequest, SecurityIdentity identity, IdempotencyRepository records, ObjectMapper mapper, Clock clock) {
        this.currentRequest = currentRequest;
        this.identity = identity;
        this.records = records;
        this.mapper = mapper;
        this.clock = clock;
    }

    @AroundInvoke
    Object around(InvocationContext ctx) throws Exception {
        RoutingContext routing = currentRequest.getCurrent();
        String key = routing == null ? null : routing.request().getHeader(HEADER);
        if (key == null) {
            return ctx.proceed();
        }
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new ProblemException(ProblemType.BAD_REQUEST, "Idempotency-Key must be 1..255 visible ASCII characters.",
                    List.of(new FieldError(HEADER, "1..255 visible ASCII characters")), Map.of());
        }
        long tenant = CallerScope.tenantOf(identity);
        String caller = scopeOf(identity, HttpEdge.canonicalPath(routing).orElse(routing.request().path()));
        byte[] requestHash = hash(routing.request().method().name() + " " + routing.request().path(), ctx.getParameters());
        Instant now = clock.instant();

        // The claim, the work and its answer commit in one transaction: an acknowledged write always has its answer
        // stored, and a claim never outlives a request that died. A repeat that arrives while the first request runs
        // waits on the claim's row, then replays the answer (or, if the first failed, does the work itself).
        Outcome outcome;
        try {
            outcome = QuarkusTransaction.requiringNew().call(() -> {
                Stored stored = claim(tenant, caller, key, requestHash, now);
                if (stored != null) {
                    return new Outcome(stored, null);
                }
                Object result;
                try {
                    result = ctx.proceed();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new Checked(e);
                }
                save(tenant, caller, key, result);
                return new Outcome(null, result);
            });
        } catch (ProblemException e) {
            if (e.type().status() < 500 && e.type() != ProblemType.RATE_LIMITED && e.type() != ProblemType.UNAUTHENTICATED) {
                // the work rolled back with the claim; the refusal is the answer a repeat gets
                saveRefusal(tenant, caller, key, requestHash, now, e);
            }
            throw e;
        } catch (Checked e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        return outcome.stored() != null ? outcome.stored().toResponse() : outcome.result();
    }

    private record Outcome(Stored stored, Object result) {
    }

    /** Carries a checked exception of the intercepted method through the transaction. */
    private static final class Checked extends RuntimeException {
        Checked(Exception cause) {
            super(cause);
        }
    }

    /**
     * Keys are scoped by tenant and caller. An anonymous caller has no tenant of its own, so its scope is the
     * marketplace named in the public path: the same key on {@code /public/a/...} and {@code /public/b/...} are two keys.
     */
    static String scopeOf(SecurityIdentity identity, String canonicalPath) {
        String caller = CallerScope.keyOf(identity);
        if (!identity.isAnonymous()) {
            return caller;
        }
        String prefix = "/api/v1/public/";
        if (canonicalPath.startsWith(prefix)) {
            int end = canonicalPath.indexOf('/', prefix.length());
            return caller + "|public:" + canonicalPath.substring(prefix.length(), end < 0 ? canonicalPath.length() : end);
        }
        return caller + "|" + canonicalPath;
    }

    private record Stored(int status, String contentType, Map<String, String> headers, byte[] body) {
        Response toResponse() {
            Response.ResponseBuilder builder = Response.status(status).header("Idempotent-Replayed", "true");
            if (body != null && body.length > 0) {
                builder.entity(body).type(contentType);
            }
            headers.forEach(builder::header);
            return builder.build();
        }
    }

    /** Claims the key for this request, or answers what an earlier request with it got. */
    private Stored claim(long tenant, String caller, String key, byte[] requestHash, Instant now) throws JsonProcessingException {
        if (records.claim(tenant, caller, key, requestHash, now)) {
            return null;
        }
        IdempotencyRepository.Claim row = records.lock(tenant, caller, key);
        Instant created = row.createdAt();
        boolean expired = created.isBefore(now.minus(RETENTION));
        // A claim without an answer can only come from an older version, which stored them apart.
        boolean abandoned = row.status() == null && created.isBefore(now.minus(ABANDONED));
        if (expired || abandoned) {
            records.reclaim(tenant, caller, key, requestHash, now);
            return null;
        }
        if (!MessageDigest.isEqual(row.requestHash(), requestHash)) {
            throw ProblemException.conflict("This Idempotency-Key was used for a different request; use a new key.");
        }
        if (row.status() == null) {
            throw ProblemException.conflict("A request with this Idempotency-Key is still being processed; retry shortly.");
        }
        @SuppressWarnings("unchecked")
        Map<String, String> headers = row.headers() == null ? Map.of() : mapper.readValue(row.headers(), Map.class);
        return new Stored(row.status(), row.contentType(), headers, row.body());
    }

    /** Stores the answer in the transaction of the work it answers. */
    private void save(long tenant, String caller, String key, Object result) throws JsonProcessingException {
        int status;
        String contentType;
        Map<String, String> headers = new LinkedHashMap<>();
        Object entity;
        if (result instanceof Response response) {
            for (String name : REPLAYED_HEADERS) {
                String value = response.getHeaderString(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            MediaType type = response.getMediaType();
            status = response.getStatus();
            contentType = type == null ? MediaType.APPLICATION_JSON : type.toString();
            entity = response.getEntity();
        } else {
            status = result == null ? 204 : 200;
            contentType = MediaType.APPLICATION_JSON;
            entity = result;
        }
        byte[] body = entity == null ? new byte[0] : entity instanceof byte[] b ? b : mapper.writeValueAsBytes(entity);
        records.answer(tenant, caller, key, status, contentType, mapper.writeValueAsString(headers), body);
    }

    /** A refusal rolled the claim back with the work: it is stored on its own, unless a repeat got there first. */
    private void saveRefusal(long tenant, String caller, String key, byte[] requestHash, Instant now, ProblemException refusal) {
        try {
            byte[] body = mapper.writeValueAsBytes(refusal.toProblem());
            QuarkusTransaction.requiringNew().run(() -> records.claimAnswered(tenant, caller, key, requestHash, now, refusal.type().status(),
                    Problem.MEDIA_TYPE, body));
        } catch (JsonProcessingException | RuntimeException e) {
            // not stored: a repeat does the work again and is refused again
        }
    }

    private byte[] hash(String route, Object[] parameters) throws JsonProcessingException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(route.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(mapper.writeValueAsBytes(parameters));
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
