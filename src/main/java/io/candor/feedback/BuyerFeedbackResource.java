package io.candor.feedback;

import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import io.candor.common.RateLimited;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A seller's feedback on the buyer of a transaction, double-blind with the buyer's review of the seller. */
@Path("/api/v1/transactions/{ref}/buyer-feedback")
@RolesAllowed(Role.SELLER)
@RateLimited(RateLimited.Budget.WRITE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "429", description = "rate-limited: too many writes from you or your address")
public class BuyerFeedbackResource {

    private final FeedbackService feedback;
    private final CurrentCaller caller;

    public BuyerFeedbackResource(FeedbackService feedback, CurrentCaller caller) {
        this.feedback = feedback;
        this.caller = caller;
    }

    @PUT
    @Operation(summary = "Leave or change feedback on the buyer of one of your transactions",
            description = "Sealed (visible to you only) until the buyer's review of you exists too or the reveal window ends; "
                    + "then both are revealed together and the feedback can no longer be changed.")
    @APIResponseSchema(value = FeedbackView.class, responseDescription = "Your feedback, sealed or published")
    @APIResponse(responseCode = "404", description = "not-found: no transaction of yours with this ref")
    @APIResponse(responseCode = "409", description = "conflict: the feedback was revealed and can no longer be changed")
    @APIResponse(responseCode = "422", description = "validation, or window-closed: the transaction is older than the review window")
    public FeedbackView give(@PathParam("ref") String ref, @Valid @NotNull FeedbackRequest request) {
        return feedback.give(caller.get(), ref, request);
    }
}
