package io.candor.transparency;

import io.candor.audit.AuditQueries;

import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import io.candor.common.Limits;
import io.candor.common.Page;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's audit log for moderators, and a check that nobody rewrote it. */
@Path("/api/v1/moderation/audit")
@RolesAllowed(Role.MODERATOR)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Moderators")
@SecurityRequirement(name = "bearer")
public class AuditResource {

    private final AuditQueries trail;
    private final TenantDirectory tenants;
    private final CurrentCaller caller;

    public AuditResource(AuditQueries trail, TenantDirectory tenants, CurrentCaller caller) {
        this.trail = trail;
        this.tenants = tenants;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Every state change, newest first, each hash-chained to the one before")
    public Page<AuditQueries.Entry> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        TenantContext tenant = tenants.byId(caller.get().tenant());
        return trail.list(tenant.id(), tenant.secret(), Limits.pageSize(limit), cursor);
    }

    @GET
    @Path("/verify")
    @Operation(summary = "Recompute the hash chain", description = "valid=false names the first entry that was changed, removed or inserted.")
    public AuditQueries.Verification verify() {
        return trail.verify(caller.get().tenant());
    }
}
