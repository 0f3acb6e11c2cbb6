package io.candor.webhook;

import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import io.candor.common.ProblemException;
import io.candor.common.RateLimited;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The marketplace configures where its events go. */
@Path("/api/v1/webhook")
@RolesAllowed(Role.MARKETPLACE)
@RateLimited(RateLimited.Budget.WRITE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Marketplace backend")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "429", description = "rate-limited: too many writes from this key or address")
public class WebhookResource {

    private final WebhookService webhooks;
    private final CurrentCaller caller;

    public WebhookResource(WebhookService webhooks, CurrentCaller caller) {
        this.webhooks = webhooks;
        this.caller = caller;
    }

    @PUT
    @Operation(summary = "Set the URL events are POSTed to and the secret they are signed with",
            description = "Each event carries Candor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">; receivers dedupe on the event id.")
    @APIResponseSchema(value = WebhookService.WebhookView.class, responseDescription = "The webhook as set up; never the secret")
    public WebhookService.WebhookView configure(@Valid @NotNull WebhookRequest request) {
        return webhooks.configure(caller.get().tenant(), request);
    }

    @GET
    @Operation(summary = "The webhook's URL and delivery state (pending and dead-lettered events)")
    @APIResponseSchema(value = WebhookService.WebhookView.class, responseDescription = "Never the secret")
    @APIResponse(responseCode = "404", description = "not-found: no webhook is set up")
    public WebhookService.WebhookView status() {
        return webhooks.status(caller.get().tenant()).orElseThrow(() -> ProblemException.notFound("Webhook"));
    }

    @DELETE
    @Operation(summary = "Stop sending events")
    @APIResponse(responseCode = "204", description = "No more events are sent")
    public Response remove() {
        webhooks.remove(caller.get().tenant());
        return Response.noContent().build();
    }
}
