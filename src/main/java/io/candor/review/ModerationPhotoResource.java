package io.candor.review;

import io.candor.auth.CurrentCaller;
import io.candor.common.Ids;
import io.candor.common.Role;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


/** Every photo of the marketplace, whatever its status, for moderators. */
@Path("/api/v1/moderation/photos")
@Tag(name = "Moderators")
public class ModerationPhotoResource {

    private final PhotoService photos;
    private final TenantDirectory tenants;
    private final CurrentCaller caller;

    public ModerationPhotoResource(PhotoService photos, TenantDirectory tenants, CurrentCaller caller) {
        this.photos = photos;
        this.tenants = tenants;
        this.caller = caller;
    }

    @GET
    @Path("/{id}/{file}")
    @RolesAllowed(Role.MODERATOR)
    @Produces({"image/jpeg", "application/problem+json"})
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Any photo of the marketplace, whatever its status, for moderators")
    @APIResponse(responseCode = "200", description = "The JPEG",
            content = @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = "not-found")
    public Response forModerators(@PathParam("id") String id, @PathParam("file") String file, @HeaderParam("If-None-Match") String ifNoneMatch) {
        TenantContext tenant = tenants.byId(caller.get().tenant());
        String sha = PhotoResource.sha(file);
        return PhotoResource.image(photos.moderatorBytes(tenant, Ids.parse(id, "Photo"), sha), sha, ifNoneMatch, "private, max-age=3600");
    }

}
