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
 * Refuses a body announced as larger than {@code candor.http.max-body-size} (64 KiB; photo uploads:
 * {@code candor.photos.max-upload-bytes}) before reading it,
 * with a problem+json answer, and a chunked body once it grows past the limit (the HTTP layer's own refusal of an
 * oversized chunked body has no body).
 */
@ApplicationScoped
public class BodySizeLimit {

    /** The one request path whose body may be larger: photo uploads, up to {@code candor.photos.max-upload-bytes}. */
    static final String UPLOAD_PATH = "/api/v1/photos";

    private final long maxBytes;
    private final long maxUploadBytes;
    private final String problem;
    private final String uploadProblem;
    private final BodyHandler chunkedBodies;
    private final BodyHandler chunkedUploads;

    public BodySizeLimit(@ConfigProperty(name = "candor.http.max-body-size", defaultValue = "64K") MemorySize max,
                         @ConfigProperty(name = "candor.photos.max-upload-bytes", defaultValue = "10485760") long maxUpload, ObjectMapper mapper)
            throws JsonProcessingException {
        this.maxBytes = max.asLongValue();
        this.maxUploadBytes = maxUpload;
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(maxBytes).setHandleFileUploads(false);
        this.chunkedUploads = BodyHandler.create(false).setBodyLimit(maxUploadBytes).setHandleFileUploads(false);
        this.problem = mapper.writeValueAsString(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                "Request bodies are limited to " + maxBytes / 1024 + " KiB.", null));
        this.uploadProblem = mapper.writeValueAsString(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                "Photos are limited to " + maxUploadBytes / 1024 + " KiB.", null));
    }

    void install(@Observes Router router) {
        router.route().order(-200).handler(rc -> {
            boolean upload = rc.request().method() == io.vertx.core.http.HttpMethod.POST && UPLOAD_PATH.equals(rc.request().path());
            long limit = upload ? maxUploadBytes : maxBytes;
            String length = rc.request().getHeader("Content-Length");
            if (length != null) {
                long announced;
                try {
                    announced = Long.parseLong(length.strip());
                } catch (NumberFormatException e) {
                    announced = Long.MAX_VALUE;
                }
                if (announced > limit) {
                    rc.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Connection", "close")
                            .end(upload ? uploadProblem : problem);
                    return;
                }
            } else if (rc.request().headers().contains("Transfer-Encoding")) {
                // No announced length: read the body here, up to the limit. Past it the handler fails the request
                // with 413, which HttpEdge answers as a problem; below it, Quarkus REST reads the buffered body.
                (upload ? chunkedUploads : chunkedBodies).handle(rc);
                return;
            }
            rc.next();
        });
    }
}
