package io.candor.anonymous;

import io.candor.common.HttpCaching;
import io.candor.common.ProblemException;
import io.candor.common.ProblemType;
import io.candor.common.Refs;
import io.candor.review.ReviewService;
import io.candor.tenant.TenantDirectory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/** The public side of anonymous reviews: the published keys, and redemption, which takes no credential at all. */
@Path("/api/v1/public/{tenant}/anonymous")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Public")
public class PublicAnonymousResource {

    private final AnonymousService anonymous;
    private final TenantDirectory tenants;
    private final HttpCaching caching;

    public PublicAnonymousResource(AnonymousService anonymous, TenantDirectory tenants, HttpCaching caching) {
        this.anonymous = anonymous;
        this.tenants = tenants;
        this.caching = caching;
    }

    @GET
    @Path("/keys/{type}/{ref}")
    @Operation(summary = "A subject's published token key of a month (the current one unless epoch=YYYY-MM)",
            description = "The same for everyone: a client compares the key it is about to blind under with this one.")
    @APIResponse(responseCode = "200", description = "The key", content = @Content(schema = @Schema(implementation = AnonymousService.KeyView.class)))
    @APIResponse(responseCode = "304", description = "Not modified (If-None-Match)")
    @APIResponse(responseCode = "404", description = "not-found: no such marketplace, or no token issued for the subject that month")
    public Response key(@PathParam("tenant") String slug, @PathParam("type") String type, @PathParam("ref") String ref,
                        @QueryParam("epoch") String epoch, @HeaderParam("If-None-Match") String ifNoneMatch) {
        if (!"product".equals(type) && !"seller".equals(type)) {
            throw ProblemException.notFound("Subject type");
        }
        Refs.checkSubject("ref", ref);
        return caching.cacheable(ifNoneMatch, anonymous.publishedKey(tenants.requireSlug(slug), type, ref, epoch));
    }

    @POST
    @Path("/reviews")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Write an anonymous review with a token",
            description = "Send no credential and no cookie: the request must carry nothing of the buyer's. Answers the review and its "
                    + "author secret (cna_...), shown once: it is the only way to edit, withdraw, read notices or appeal.")
    @APIResponse(responseCode = "201", description = "Written; waitingForAnonymitySet says whether it waits for the subject's anonymity set",
            headers = @Header(name = "Location"), content = @Content(schema = @Schema(implementation = AnonymousService.Redeemed.class)))
    @APIResponse(responseCode = "200", description = "The same redemption again, with the same authorSecret: the review it wrote",
            content = @Content(schema = @Schema(implementation = AnonymousService.Redeemed.class)))
    @APIResponse(responseCode = "400", description = "bad-request: the request carries a credential")
    @APIResponse(responseCode = "409", description = "token-spent: the token was used already")
    @APIResponse(responseCode = "422", description = "validation, token-invalid, token-wrong-subject or token-expired")
    public Response redeem(@PathParam("tenant") String slug, @HeaderParam("Authorization") String authorization,
                           @Valid @NotNull AnonymousRequests.RedeemRequest request) {
        if (authorization != null) {
            throw ProblemException.of(ProblemType.BAD_REQUEST, "An anonymous review is written without any credential: send no Authorization header.");
        }
        AnonymousService.Redeemed redeemed = anonymous.redeem(slug, request.subject(), request.token().epoch(), request.token().message(),
                request.token().signature(), new ReviewService.AnonymousContent(request.rating(), request.title(), request.body(), request.aspects(),
                        request.incentive()), request.authorSecret());
        return Response.status(redeemed.replayed() ? 200 : 201).location(URI.create("/api/v1/me/reviews/" + redeemed.review().id()))
                .header("Cache-Control", "no-store").entity(redeemed).build();
    }
}
