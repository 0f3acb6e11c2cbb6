package io.candor.moderation;

import io.candor.auth.Caller;
import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import io.candor.common.Idempotent;
import io.candor.common.Ids;
import io.candor.common.Limits;
import io.candor.common.Page;
import io.candor.common.ProblemException;
import io.candor.common.RateLimited;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** The moderation queue, the case file and decisions. Moderators of the caller's tenant only; parties appear as handles. */
@Path("/api/v1/moderation/cases")
@RolesAllowed(Role.MODERATOR)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Moderators")
@SecurityRequirement(name = "bearer")
public class ModerationCaseResource {

    private final CaseQueries queries;
    private final CaseService cases;
    private final CaseOpening opening;
    private final DecisionService decisions;
    private final TenantDirectory tenants;
    private final CurrentCaller caller;
    private final Clock clock;

    public ModerationCaseResource(CaseQueries queries, CaseService cases, CaseOpening opening, DecisionService decisions, TenantDirectory tenants,
                                  CurrentCaller caller, Clock clock) {
        this.queries = queries;
        this.cases = cases;
        this.opening = opening;
        this.decisions = decisions;
        this.tenants = tenants;
        this.caller = caller;
        this.clock = clock;
    }

    /** {@code POST /api/v1/moderation/cases}: a moderator opens a case of their own initiative. */
    public record OpenCaseRequest(@NotNull @Valid ReportRequest.Target target) {
    }

    @GET
    @Operation(summary = "The moderation queue", description = "status=open|closed, sort=priority (highest first) or oldest.")
    public Page<CaseView.Item> queue(@QueryParam("status") String status, @QueryParam("sort") String sort, @QueryParam("limit") String limit,
                                     @QueryParam("cursor") String cursor) {
        return queries.queue(tenant(), status, sort, Limits.pageSize(limit), cursor);
    }

    @POST
    @Idempotent
    @Operation(summary = "Open a case on a review, response or buyer feedback of your own initiative",
            description = "201 with the new case; 200 with the target's open case when it has one.")
    @APIResponse(responseCode = "201", description = "The new case", headers = @Header(name = "Location"),
            content = @Content(schema = @Schema(implementation = CaseView.Item.class)))
    @APIResponse(responseCode = "200", description = "The target's open case",
            content = @Content(schema = @Schema(implementation = CaseView.Item.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such review, response or feedback")
    @APIResponse(responseCode = "409", description = "conflict: the author withdrew the content")
    public Response open(@Valid @NotNull OpenCaseRequest request) {
        Caller me = caller.get();
        CaseOpening.Opened opened = opening.open(me, request.target());
        CaseView.Item item = queries.item(tenant(), opened.caseId()).orElseThrow();
        return opened.created()
                ? Response.created(URI.create("/api/v1/moderation/cases/" + item.id())).entity(item).build()
                : Response.ok(item).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One case: the content with its edit history, reports, signals and every decision on the content")
    public CaseView.Detail get(@PathParam("id") String id) {
        return queries.detail(tenant(), Ids.parse(id, "Case")).orElseThrow(() -> ProblemException.notFound("Case"));
    }

    @POST
    @Path("/{id}/assign")
    @Idempotent
    @RateLimited(RateLimited.Budget.WRITE)
    @Operation(summary = "Claim a case")
    @APIResponseSchema(value = CaseView.Item.class, responseDescription = "The case, assigned to you")
    @APIResponse(responseCode = "409", description = "conflict: the case has already been decided")
    @APIResponse(responseCode = "429", description = "rate-limited: too many writes from you or your address")
    public Response assign(@PathParam("id") String id) {
        Caller me = caller.get();
        TenantContext tenant = tenants.byId(me.tenant());
        UUID caseId = Ids.parse(id, "Case");
        cases.assign(tenant, caseId, me, clock.instant());
        return Response.ok(queries.item(tenant, caseId).orElseThrow(() -> ProblemException.notFound("Case"))).build();
    }

    @POST
    @Path("/{id}/decision")
    @Idempotent
    @RateLimited(RateLimited.Budget.WRITE)
    @Operation(summary = "Decide a case: keep, remove or redact, under a policy, with a statement of reasons",
            description = "The case closes; the author and every reporter get a notice and may appeal.")
    @APIResponse(responseCode = "201", description = "The decision (and, for a surge, the ids of the related ones)",
            content = @Content(schema = @Schema(implementation = DecisionView.class)))
    @APIResponse(responseCode = "403", description = "forbidden: the content is yours, or about your own shop or product")
    @APIResponse(responseCode = "409", description = "conflict: the case has already been decided")
    @APIResponse(responseCode = "429", description = "rate-limited: too many writes from you or your address")
    public Response decide(@PathParam("id") String id, @Valid @NotNull DecisionRequest request) {
        List<DecisionRecord> made = decisions.decide(caller.get(), Ids.parse(id, "Case"), request);
        if (made.isEmpty()) {
            throw ProblemException.conflict("Nothing in this case is waiting for a decision any more; it has been closed.");
        }
        List<String> ids = made.stream().map(d -> d.id().toString()).toList();
        DecisionView first = DecisionService.view(made.get(0), ids.subList(1, ids.size()));
        return Response.status(Response.Status.CREATED).entity(first).build();
    }

    private TenantContext tenant() {
        return tenants.byId(caller.get().tenant());
    }
}
