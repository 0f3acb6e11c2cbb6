package io.candor.appeal;

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

/**
 * A party's own appeals. Its own class under {@code /api/v1/me/appeals}: JAX-RS picks the resource class by the
 * longest matching path, so a method under {@code /api/v1} would lose the request to {@code /api/v1/me}.
 */
@Path("/api/v1/me/appeals")
@RolesAllowed({Role.BUYER, Role.SELLER, Role.MODERATOR, Role.AUTHOR})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
public class MyAppealsResource {

    private final AppealService appeals;
    private final CurrentCaller caller;

    public MyAppealsResource(AppealService appeals, CurrentCaller caller) {
        this.appeals = appeals;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Your appeals and their outcomes, newest first")
    public Page<AppealView> mine(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return appeals.mine(caller.get(), Limits.pageSize(limit), cursor);
    }
}
