package io.candor.transaction;

import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import io.candor.common.Idempotent;
import io.candor.common.RateLimited;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The marketplace backend registers completed transactions. */
@Path("/api/v1/transactions")
@RolesAllowed(Role.MARKETPLACE)
@RateLimited(RateLimited.Budget.WRITE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Marketplace backend")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "429", description = "rate-limited: too many writes from this key or address")
public class TransactionResource {

    private final TransactionService transactions;
    private final CurrentCaller caller;

    public TransactionResource(TransactionService transactions, CurrentCaller caller) {
        this.transactions = transactions;
        this.caller = caller;
    }

    @POST
    @Idempotent
    @Operation(summary = "Register a completed transaction",
            description = "201 when new, 200 when the same body was registered before, 409 when the ref exists with other details.")
    @APIResponse(responseCode = "201", description = "Registered: the buyer may now review the seller and each product",
            content = @Content(schema = @Schema(implementation = TransactionView.class)))
    @APIResponse(responseCode = "200", description = "Registered before with the same details",
            content = @Content(schema = @Schema(implementation = TransactionView.class)))
    @APIResponse(responseCode = "409", description = "conflict: this ref is registered with other details")
    public Response register(@Valid @NotNull RegisterTransactionRequest request) {
        TransactionService.Registration registration = transactions.register(caller.get().tenant(), request);
        return Response.status(registration.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(registration.view())
                .build();
    }
}
