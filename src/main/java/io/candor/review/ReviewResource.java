package io.candor.review;

import io.candor.auth.CurrentCaller;
import io.candor.auth.Role;
import io.candor.common.Idempotent;
import io.candor.common.Ids;
import io.candor.common.RateLimited;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/** Writing reviews (buyers), voting on them (any party), answering them (sellers). */
@Path("/api/v1/reviews")
@RateLimited(RateLimited.Budget.WRITE)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Buyers and sellers")
@SecurityRequirement(name = "bearer")
public class ReviewResource {

    private final ReviewService reviews;
    private final ResponseService responses;
    private final CurrentCaller caller;

    public ReviewResource(ReviewService reviews, ResponseService responses, CurrentCaller caller) {
        this.reviews = reviews;
        this.responses = responses;
        this.caller = caller;
    }

    @POST
    @Idempotent
    @RolesAllowed(Role.BUYER)
    @Operation(summary = "Review a product or seller of one of your completed transactions")
    public Response create(@Valid @NotNull CreateReviewRequest request) {
        ReviewView review = reviews.create(caller.get(), request);
        return Response.created(URI.create("/api/v1/me/reviews/" + review.id()))
                .tag(Integer.toString(review.version()))
                .entity(review)
                .build();
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Role.BUYER)
    @Operation(summary = "Edit your review", description = "Needs If-Match with the ETag of your last read; earlier versions are kept.")
    public Response edit(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @Valid @NotNull UpdateReviewRequest request) {
        ReviewView review = reviews.edit(caller.get(), Ids.parse(id, "Review"), ifMatch, request);
        return Response.ok(review).tag(Integer.toString(review.version())).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Role.BUYER)
    @Operation(summary = "Withdraw your review", description = "It leaves the public list and the summary.")
    public Response withdraw(@PathParam("id") String id) {
        reviews.withdraw(caller.get(), Ids.parse(id, "Review"));
        return Response.noContent().build();
    }

    @PUT
    @Path("/{id}/vote")
    @RolesAllowed({Role.BUYER, Role.SELLER, Role.MODERATOR})
    @Operation(summary = "Say whether a review was helpful (one vote per party, changeable; not on your own review)")
    public Response vote(@PathParam("id") String id, @Valid @NotNull VoteRequest request) {
        reviews.vote(caller.get(), Ids.parse(id, "Review"), request.helpful());
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{id}/vote")
    @RolesAllowed({Role.BUYER, Role.SELLER, Role.MODERATOR})
    @Operation(summary = "Take your vote back")
    public Response unvote(@PathParam("id") String id) {
        reviews.unvote(caller.get(), Ids.parse(id, "Review"));
        return Response.noContent().build();
    }

    @PUT
    @Path("/{id}/response")
    @RolesAllowed(Role.SELLER)
    @Operation(summary = "Answer a review of your shop or product publicly (one answer per review, editable)")
    public ResponseView respond(@PathParam("id") String id, @Valid @NotNull ResponseRequest request) {
        return responses.respond(caller.get(), Ids.parse(id, "Review"), request);
    }

    @DELETE
    @Path("/{id}/response")
    @RolesAllowed(Role.SELLER)
    @Operation(summary = "Withdraw your answer")
    public Response withdrawResponse(@PathParam("id") String id) {
        responses.withdraw(caller.get(), Ids.parse(id, "Review"));
        return Response.noContent().build();
    }
}
