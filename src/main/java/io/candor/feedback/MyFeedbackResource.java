package io.candor.feedback;

import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import io.candor.common.Limits;
import io.candor.common.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Feedback a party received (buyers) or gave (sellers). */
@Path("/api/v1/me/feedback")
@RolesAllowed({Role.BUYER, Role.SELLER, Role.MODERATOR})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
public class MyFeedbackResource {

    private final FeedbackService feedback;
    private final CurrentCaller caller;

    public MyFeedbackResource(FeedbackService feedback, CurrentCaller caller) {
        this.feedback = feedback;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Feedback you received (once revealed) or, with direction=given, feedback you gave")
    public Page<FeedbackView> mine(@QueryParam("direction") String direction, @QueryParam("limit") String limit,
                                   @QueryParam("cursor") String cursor) {
        return feedback.mine(caller.get(), direction, Limits.pageSize(limit), cursor);
    }
}
