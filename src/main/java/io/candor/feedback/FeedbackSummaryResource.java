package io.candor.feedback;

import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What a marketplace may know about one of its buyers: counts, never a score. */
@Path("/api/v1/buyers/{ref}/feedback-summary")
@RolesAllowed(Role.MARKETPLACE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Marketplace backend")
@SecurityRequirement(name = "bearer")
public class FeedbackSummaryResource {

    private final FeedbackService feedback;
    private final CurrentCaller caller;

    public FeedbackSummaryResource(FeedbackService feedback, CurrentCaller caller) {
        this.feedback = feedback;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Counts of revealed feedback a buyer received in the last 365 days; there is no buyer score")
    public FeedbackService.FeedbackSummary summary(@PathParam("ref") String ref) {
        return feedback.summary(caller.get().tenant(), ref);
    }
}
