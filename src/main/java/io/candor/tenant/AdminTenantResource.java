package io.candor.tenant;

import io.candor.common.Role;
import io.candor.common.Idempotent;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

import java.net.URI;

/** The operator's API: marketplaces, their keys and policies. */
@Path("/api/v1/admin/tenants")
@RolesAllowed(Role.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Operator")
@SecurityRequirement(name = "bearer")
public class AdminTenantResource {

    private final TenantService tenants;

    public AdminTenantResource(TenantService tenants) {
        this.tenants = tenants;
    }

    @POST
    @Idempotent
    @Operation(summary = "Create a marketplace", description = "Answers the first API key; it is never shown again.")
    @APIResponse(responseCode = "201", description = "The marketplace, with its first apiKey", headers = @Header(name = "Location"),
            content = @Content(schema = @Schema(implementation = TenantView.class)))
    @APIResponse(responseCode = "409", description = "already-exists: a marketplace with this slug or issuer exists")
    public Response create(@Valid @NotNull CreateTenantRequest request) {
        TenantView created = tenants.create(request);
        return Response.created(URI.create("/api/v1/admin/tenants/" + created.slug())).entity(created).build();
    }

    @GET
    @Path("/{slug}")
    @Operation(summary = "Read a marketplace")
    public TenantView get(@PathParam("slug") String slug) {
        return tenants.get(slug);
    }

    @PATCH
    @Path("/{slug}")
    @Operation(summary = "Change a marketplace's display name, public keys (replaced as a set) or policy (merged)")
    public TenantView update(@PathParam("slug") String slug, @Valid @NotNull UpdateTenantRequest request) {
        return tenants.update(slug, request);
    }

    @POST
    @Path("/{slug}/api-keys")
    @Idempotent
    @Operation(summary = "Issue another API key (rotation); earlier keys stay valid until revoked")
    @APIResponse(responseCode = "201", description = "The new key, shown this once, and the prefix that names it",
            content = @Content(schema = @Schema(implementation = TenantView.IssuedApiKey.class)))
    public Response issueApiKey(@PathParam("slug") String slug) {
        return Response.status(Response.Status.CREATED).entity(tenants.issueApiKey(slug)).build();
    }

    @DELETE
    @Path("/{slug}/api-keys/{prefix}")
    @Operation(summary = "Revoke an API key by its prefix", description = "Idempotent: an already revoked key answers 204 too.")
    @APIResponse(responseCode = "204", description = "The key no longer works")
    public Response revokeApiKey(@PathParam("slug") String slug, @PathParam("prefix") String prefix) {
        tenants.revokeApiKey(slug, prefix);
        return Response.noContent().build();
    }
}
