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
    @Operation(summary = "Every state change, newest first, with its place in the transparency log")
    public Page<AuditQueries.Entry> list(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        TenantContext tenant = tenants.byId(caller.get().tenant());
        return trail.list(tenant.id(), tenant.secret(), Limits.pageSize(limit), cursor);
    }

    @GET
    @Path("/{seq}/proof")
    @Operation(summary = "An entry's place in the Merkle tree and its inclusion proof against the latest signed tree head",
            description = "leafIndex and path are null/empty until the sequencer includes the entry (within about a second).")
    public AuditQueries.Proof proof(@jakarta.ws.rs.PathParam("seq") String seq) {
        long id;
        try {
            id = Long.parseLong(seq);
        } catch (NumberFormatException e) {
            throw io.candor.common.ProblemException.notFound("Audit entry");
        }
        return trail.proof(caller.get().tenant(), id).orElseThrow(() -> io.candor.common.ProblemException.notFound("Audit entry"));
    }

    @GET
    @Path("/verify")
    @Operation(summary = "Check the transparency log against its latest signed tree head", description = "Re-hashes every entry from its stored fields, rebuilds the Merkle tree and compares the root with the signed one; valid=false names the first entry that was changed or removed.")
    public AuditQueries.Verification verify() {
        return trail.verify(caller.get().tenant());
    }
}
