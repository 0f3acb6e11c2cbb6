package io.candor.review;

import io.candor.common.Ids;
import io.candor.common.RateLimited;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** Published photos, for storefronts: no credential, cached for good (see {@link PhotoResource} for why). */
@Path("/api/v1/public/{tenant}/photos")
@Tag(name = "Public")
public class PublicPhotoResource {

    private final PhotoService photos;
    private final TenantDirectory tenants;

    public PublicPhotoResource(PhotoService photos, TenantDirectory tenants) {
        this.photos = photos;
        this.tenants = tenants;
    }

    @GET
    @Path("/{id}/{file}")
    @RateLimited(RateLimited.Budget.PUBLIC_READ)
    @Produces({"image/jpeg", "application/problem+json"})
    @Operation(summary = "A published photo (display size or thumbnail), at its content-addressed address",
            description = "Served with Cache-Control: public, max-age=31536000, immutable; 404 once the photo or its review is not published.")
    @APIResponse(responseCode = "200", description = "The JPEG",
            content = @Content(mediaType = "image/jpeg", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "304", description = "Not modified")
    @APIResponse(responseCode = "404", description = "not-found")
    public Response published(@PathParam("tenant") String slug, @PathParam("id") String id, @PathParam("file") String file,
                              @HeaderParam("If-None-Match") String ifNoneMatch) {
        TenantContext tenant = tenants.requireSlug(slug);
        String sha = PhotoResource.sha(file);
        UUID photoId = Ids.parse(id, "Photo");
        return PhotoResource.image(photos.publicBytes(tenant, photoId, sha), sha, ifNoneMatch, PhotoResource.IMMUTABLE);
    }

}
