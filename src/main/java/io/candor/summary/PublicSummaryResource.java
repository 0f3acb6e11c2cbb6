package io.candor.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candor.common.HttpCaching;
import io.candor.common.ProblemException;
import io.candor.common.RateLimited;
import io.candor.common.Refs;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Rating summaries for storefronts: one subject, or a whole listing page in one request. */
@Path("/api/v1/public/{tenant}")
@RateLimited(RateLimited.Budget.PUBLIC_READ)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Public")
@APIResponse(responseCode = "429", description = "rate-limited: too many reads from this address")
public class PublicSummaryResource {

    static final int MAX_BATCH = 100;

    private final SummaryService summaries;
    private final TenantDirectory tenants;
    private final HttpCaching caching;
    private final ObjectMapper mapper;

    public PublicSummaryResource(SummaryService summaries, TenantDirectory tenants, HttpCaching caching, ObjectMapper mapper) {
        this.summaries = summaries;
        this.tenants = tenants;
        this.caching = caching;
        this.mapper = mapper;
    }

    @GET
    @Path("/subjects/{type}/{ref}/summary")
    @Operation(summary = "A product's or seller's rating summary", description = "An unknown subject is not an error: its count is 0.")
    @APIResponseSchema(value = SummaryView.class, responseDescription = "The summary")
    public Uni<Response> summary(@PathParam("tenant") String slug, @PathParam("type") String type, @PathParam("ref") String ref,
                                 @HeaderParam("If-None-Match") String ifNoneMatch) {
        if (!"product".equals(type) && !"seller".equals(type)) {
            throw ProblemException.notFound("Subject type");
        }
        Refs.checkSubject("ref", ref);
        List<SummaryView.Subject> subject = List.of(new SummaryView.Subject(type, ref));
        return answer(slug, subject, null, ifNoneMatch);
    }

    @GET
    @Path("/summaries")
    @Operation(summary = "Summaries of up to 100 subjects in one request, in the order asked",
            description = "subjects=product:a,seller:s-42,…")
    @APIResponseSchema(value = Summaries.class, responseDescription = "One summary per subject asked for, in that order")
    public Uni<Response> batch(@PathParam("tenant") String slug, @QueryParam("subjects") String subjects,
                               @HeaderParam("If-None-Match") String ifNoneMatch) {
        if (subjects != null && tenants.knowsSlug(slug)) {
            // a listing page's batch, asked again: its kept entries, if none changed (the parameter was checked when kept)
            TenantContext tenant = tenants.requireSlug(slug);
            List<SummaryCache.Entry> kept = summaries.keptBatch(tenant, subjects);
            if (kept != null) {
                return Uni.createFrom().item(caching.cacheableJson(ifNoneMatch, json(tenant, kept, true)));
            }
        }
        List<SummaryView.Subject> asked = parseSubjects(subjects);
        return answer(slug, asked, subjects, ifNoneMatch);
    }

    /**
     * Answers on the event loop when the tenant and every summary asked for are in this instance's caches
     * (the storefront's common case: no thread hand-off, no query); otherwise on a worker thread, which may
     * block on the database.
     *
     * @param rawSubjects a batch's {@code subjects} parameter, checked; null for one summary
     */
    private Uni<Response> answer(String slug, List<SummaryView.Subject> subjects, String rawSubjects, String ifNoneMatch) {
        boolean batch = rawSubjects != null;
        if (tenants.knowsSlug(slug)) {
            TenantContext tenant = tenants.requireSlug(slug);
            List<SummaryCache.Entry> cached = batch ? summaries.cachedBatch(tenant, rawSubjects, subjects)
                    : summaries.cachedEntries(tenant, subjects);
            if (cached != null) {
                return Uni.createFrom().item(caching.cacheableJson(ifNoneMatch, json(tenant, cached, batch)));
            }
        }
        Supplier<Response> work = () -> {
            TenantContext tenant = tenants.requireSlug(slug);
            return caching.cacheableJson(ifNoneMatch, json(tenant, summaries.publicEntries(tenant, subjects), batch));
        };
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static final byte[] BATCH_START = "{\"items\":[".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BATCH_END = "]}".getBytes(StandardCharsets.US_ASCII);

    /**
     * The answer's body: one summary's JSON, or a batch's ({@link Summaries}, written as Jackson writes it). Each
     * summary's JSON is rendered once and kept with its cached row until the row or the policy's inputs change.
     */
    private byte[] json(TenantContext tenant, List<SummaryCache.Entry> entries, boolean batch) {
        SummaryRow.ViewInputs inputs = SummaryRow.ViewInputs.of(tenant.policy());
        java.util.function.Function<SummaryRow, byte[]> render = row -> {
            try {
                return mapper.writeValueAsBytes(row.toView(tenant.policy()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("summary not serialisable", e);
            }
        };
        if (!batch) {
            return entries.get(0).json(inputs, render);
        }
        // one exact allocation and plain copies (a ByteArrayOutputStream locks on every write and copies once more)
        byte[][] parts = new byte[entries.size()][];
        int length = BATCH_START.length + BATCH_END.length + Math.max(0, parts.length - 1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = entries.get(i).json(inputs, render);
            length += parts[i].length;
        }
        byte[] out = new byte[length];
        System.arraycopy(BATCH_START, 0, out, 0, BATCH_START.length);
        int at = BATCH_START.length;
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out[at++] = ',';
            }
            System.arraycopy(parts[i], 0, out, at, parts[i].length);
            at += parts[i].length;
        }
        System.arraycopy(BATCH_END, 0, out, at, BATCH_END.length);
        return out;
    }

    /** The answer to a batch: {@code {"items":[summary, …]}}. */
    public record Summaries(List<SummaryView> items) {
    }

    static List<SummaryView.Subject> parseSubjects(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ProblemException.invalid("subjects", "list subjects as type:ref separated by commas, e.g. product:sku-1,seller:s-42");
        }
        String[] parts = raw.split(",", -1);
        if (parts.length > MAX_BATCH) {
            throw ProblemException.invalid("subjects", "at most " + MAX_BATCH + " subjects per request");
        }
        List<SummaryView.Subject> subjects = new ArrayList<>(parts.length);
        for (String part : parts) {
            String p = part.strip();
            int colon = p.indexOf(':');
            String type = colon < 0 ? "" : p.substring(0, colon);
            String ref = colon < 0 ? "" : p.substring(colon + 1);
            if (!("product".equals(type) || "seller".equals(type)) || !Refs.isSubjectRef(ref)) {
                throw ProblemException.invalid("subjects", "each subject is product:<ref> or seller:<ref>");
            }
            subjects.add(new SummaryView.Subject(type, ref));
        }
        return subjects;
    }
}
