package io.candor.review;

import io.candor.auth.CurrentCaller;
import io.candor.common.Idempotent;
import io.candor.common.ProblemException;
import io.candor.common.RateLimited;
import io.candor.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Photos: buyers upload them (then attach them to a review with alt text), anyone sees the published ones, moderators
 * see all of them.
 * <p>
 * Serving: each size has an immutable, content-addressed address ({@code photos/<photo>/<sha-256>.jpg}) served with a
 * year-long {@code Cache-Control: public, immutable}: a photo never changes under its address, so storefronts, CDNs and
 * browsers cache it for good, and Candor serves it once per cache. Short-lived signed URLs were the alternative; they
 * would defeat those caches, and a removal would still not reach copies already downloaded. A removed photo's
 * address answers 404 from the moment of removal; operators who put a CDN in front purge it (docs/operations.md).
 */
@Path("/api/v1/photos")
@Tag(name = "Photos")
public class PhotoResource {

    private static final Pattern FILE = Pattern.compile("([0-9a-f]{64})\\.jpg");
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final PhotoService photos;
    private final CurrentCaller caller;

    public PhotoResource(PhotoService photos, CurrentCaller caller) {
        this.photos = photos;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Role.BUYER)
    @RateLimited(RateLimited.Budget.WRITE)
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Upload a photo for a review",
            description = "The body is the photo's bytes (JPEG, PNG or WebP, recognised by their content; the Content-Type is ignored). "
                    + "It is re-encoded at once: no metadata (EXIF, GPS, XMP, IPTC, comments) is kept. Attach it within a day by listing "
                    + "its id with alt text in the review's photos.")
    @RequestBody(content = @Content(mediaType = "application/octet-stream", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "201", description = "The upload, waiting to be attached",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PhotoUpload.class)))
    @APIResponse(responseCode = "429", description = "rate-limited: too many writes, or 24 uploads already waiting to be attached")
    @APIResponse(responseCode = "503", description = "unavailable: too many photos are being processed; try again")
    @APIResponse(responseCode = "413", description = "payload-too-large: over the upload limit (10 MiB by default)")
    @APIResponse(responseCode = "422", description = "image-rejected: not a JPEG, PNG or WebP, damaged, or more pixels than allowed")
    @APIResponse(responseCode = "403", description = "forbidden: not a buyer, or the marketplace takes no photos")
    public Response upload(byte[] body) {
        // decoding and re-encoding run before the idempotency claim and its transaction: no connection is held meanwhile
        return keep(photos.process(caller.get(), body == null ? new byte[0] : body));
    }

    /** The re-encoded photo kept; a repeat with the same Idempotency-Key (and so the same bytes) gets this answer again. */
    @Idempotent
    Response keep(io.candor.media.PhotoImages.Processed photo) {
        return Response.status(Response.Status.CREATED).entity(photos.store(caller.get(), photo)).build();
    }

    public static String sha(String file) {
        var m = file == null ? null : FILE.matcher(file);
        if (m == null || !m.matches()) {
            throw ProblemException.notFound("Photo");
        }
        return m.group(1);
    }

    /** The bytes as image/jpeg, their hash as the ETag. */
    public static Response image(Optional<byte[]> bytes, String sha, String ifNoneMatch, String cacheControl) {
        byte[] data = bytes.orElseThrow(() -> ProblemException.notFound("Photo"));
        String etag = "\"" + sha + "\"";
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
            return Response.notModified().header("ETag", etag).header("Cache-Control", cacheControl).build();
        }
        return Response.ok(data, "image/jpeg").header("ETag", etag).header("Cache-Control", cacheControl)
                .header("Content-Disposition", "inline").header("Cross-Origin-Resource-Policy", "cross-origin").build();
    }
}
