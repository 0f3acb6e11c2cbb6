package io.candor.privacy;

import io.candor.auth.Caller;
import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
import io.candor.common.RateLimited;
import io.candor.tenant.TenantDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A party's own data: a copy of all of it, and erasure of all of it. */
@Path("/api/v1/me")
@RolesAllowed({Role.BUYER, Role.SELLER, Role.MODERATOR})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
public class MyDataResource {

    private final ExportService exports;
    private final ErasureService erasures;
    private final TenantDirectory tenants;
    private final CurrentCaller caller;

    public MyDataResource(ExportService exports, ErasureService erasures, TenantDirectory tenants, CurrentCaller caller) {
        this.exports = exports;
        this.erasures = erasures;
        this.tenants = tenants;
        this.caller = caller;
    }

    @GET
    @Path("/export")
    @RateLimited(RateLimited.Budget.EXPORT)
    @Operation(summary = "Everything Candor holds that is linked to you, as one JSON document")
    @APIResponse(responseCode = "200", description = "The export, as an attachment", headers = @Header(name = "Content-Disposition"),
            content = @Content(schema = @Schema(implementation = PartyExport.class)))
    public Response export() {
        return Response.ok(exports.export(caller.get()))
                .header("Content-Disposition", "attachment; filename=\"candor-export.json\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    @DELETE
    @RateLimited(RateLimited.Budget.WRITE)
    @Operation(summary = "Erase everything you wrote and every link to you",
            description = "202: your reviews, responses, votes and feedback are deleted and leave the ratings; reports and appeals stay without you.")
    @APIResponse(responseCode = "202", description = "Erased, also when there was nothing to erase",
            content = @Content(schema = @Schema(implementation = Erasure.class)))
    @APIResponse(responseCode = "429", description = "rate-limited: too many writes from you or your address")
    public Response erase() {
        Caller me = caller.get();
        erasures.erase(tenants.byId(me.tenant()), me.party(), "party");
        return Response.accepted(Erasure.DONE).build();
    }
}
