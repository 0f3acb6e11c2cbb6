package io.candor.feedback;

import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The seller's feedback still to give, beside the seller's view of reviews (review/SellerResource). */
@Path("/api/v1/seller/feedback-due")
@RolesAllowed(Role.SELLER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
public class FeedbackDueResource {

    private final FeedbackService feedback;
    private final CurrentCaller caller;

    public FeedbackDueResource(FeedbackService feedback, CurrentCaller caller) {
        this.feedback = feedback;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Your transactions still inside the reveal window, and whether you left feedback on the buyer")
    public List<FeedbackService.FeedbackDue> feedbackDue() {
        return feedback.due(caller.get());
    }
}
