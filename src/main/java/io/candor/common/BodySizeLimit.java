package io.candor.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body announced as larger than {@code quarkus.http.limits.max-body-size} before reading it,
 * with a problem+json answer, and a chunked body once it grows past the limit (the HTTP layer's own refusal of an
 * oversized chunked body has no body).
 */
@ApplicationScoped
public class BodySizeLimit {

    private final long maxBytes;
    private final String problem;
    private final BodyHandler chunkedBodies;

    public BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max, ObjectMapper mapper)
            throws JsonProcessingException {
        this.maxBytes = max.asLongValue();
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBytes).setHandleFileUploads(false);
        this.problem = mapper.writeValueAsString(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                "Request bodies are limited to " + maxBytes / 1024 + " KiB.", null));
    }

    void install(@Observes Router router) {
        router.route().order(-200).handler(rc -> {
            String length = rc.request().getHeader("Content-Length");
            if (length != null) {
                long announced;
                try {
                    announced = Long.parseLong(length.strip());
                } catch (NumberFormatException e) {
                    announced = Long.MAX_VALUE;
                }
                if (announced > maxBytes) {
                    rc.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close").end(problem);
                    return;
                }
            } else if (rc.request().headers().contains("Transfer-Encoding")) {
                // No announced length: read the body here, up to the limit. Past it the handler fails the request
                // with 413, which HttpEdge answers as a problem; below it, Quarkus REST reads the buffered body.
                chunkedBodies.handle(rc);
                return;
            }
            rc.next();
        });
    }
}
