package io.candor.review;

import io.candor.auth.CurrentCaller;
import io.candor.common.Role;
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
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
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
@APIResponse(responseCode = "429",
        description = "rate-limited: too many writes from you or your address, or too many reviews without a purchase this week")
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
    @APIResponse(responseCode = "201", description = "The review: published, held for a moderator, or sealed until the seller's feedback is revealed",
            headers = {@Header(name = "Location"), @Header(name = "ETag")}, content = @Content(schema = @Schema(implementation = ReviewView.class)))
    @APIResponse(responseCode = "403", description = "not-entitled: no completed transaction of yours covers this subject; forbidden: not a buyer")
    @APIResponse(responseCode = "409", description = "already-exists: you reviewed this subject for this transaction before")
    @APIResponse(responseCode = "422", description = "validation (rating 1..5, title up to 120, body 1..5000 characters), or window-closed: "
            + "the transaction is older than the review window")
    public Response create(@Valid @NotNull CreateReviewRequest request) {
        ReviewView review = reviews.create(caller.get(), request);
        return Response.created(URI.create("/api/v1/me/reviews/" + review.id()))
                .tag(Integer.toString(review.version()))
                .entity(review)
                .build();
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed({Role.BUYER, Role.AUTHOR})
    @Operation(summary = "Edit your review", description = "Needs If-Match with the ETag of your last read; earlier versions are kept.")
    @APIResponse(responseCode = "200", description = "The edited review", headers = @Header(name = "ETag"),
            content = @Content(schema = @Schema(implementation = ReviewView.class)))
    @APIResponse(responseCode = "409", description = "conflict: the review was withdrawn, or is in a status that cannot be edited")
    @APIResponse(responseCode = "412", description = "precondition-failed: the review changed since you read it")
    @APIResponse(responseCode = "422", description = "validation, or window-closed: the edit window has closed")
    @APIResponse(responseCode = "428", description = "precondition-failed: send If-Match with the ETag of your last read")
    public Response edit(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, @Valid @NotNull UpdateReviewRequest request) {
        ReviewView review = reviews.edit(caller.get(), Ids.parse(id, "Review"), ifMatch, request);
        return Response.ok(review).tag(Integer.toString(review.version())).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Role.BUYER, Role.AUTHOR})
    @Operation(summary = "Withdraw your review", description = "It leaves the public list and the summary.")
    @APIResponse(responseCode = "204", description = "Withdrawn")
    public Response withdraw(@PathParam("id") String id) {
        reviews.withdraw(caller.get(), Ids.parse(id, "Review"));
        return Response.noContent().build();
    }

    @PUT
    @Path("/{id}/vote")
    @RolesAllowed({Role.BUYER, Role.SELLER, Role.MODERATOR})
    @Operation(summary = "Say whether a review was helpful (one vote per party, changeable; not on your own review)")
    @APIResponse(responseCode = "204", description = "Counted")
    @APIResponse(responseCode = "403", description = "forbidden: your own review, or not a buyer, seller or moderator")
    public Response vote(@PathParam("id") String id, @Valid @NotNull VoteRequest request) {
        reviews.vote(caller.get(), Ids.parse(id, "Review"), request.helpful());
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{id}/vote")
    @RolesAllowed({Role.BUYER, Role.SELLER, Role.MODERATOR})
    @Operation(summary = "Take your vote back")
    @APIResponse(responseCode = "204", description = "No vote of yours is counted any more")
    public Response unvote(@PathParam("id") String id) {
        reviews.unvote(caller.get(), Ids.parse(id, "Review"));
        return Response.noContent().build();
    }

    @PUT
    @Path("/{id}/response")
    @RolesAllowed(Role.SELLER)
    @Operation(summary = "Answer a review of your shop or product publicly (one answer per review, editable)")
    @APIResponseSchema(value = ResponseView.class, responseDescription = "Your answer")
    @APIResponse(responseCode = "403", description = "forbidden: you are not the seller of the reviewed product or shop")
    @APIResponse(responseCode = "409", description = "conflict: the review is not published, or a moderator removed your answer")
    public ResponseView respond(@PathParam("id") String id, @Valid @NotNull ResponseRequest request) {
        return responses.respond(caller.get(), Ids.parse(id, "Review"), request);
    }

    @DELETE
    @Path("/{id}/response")
    @RolesAllowed(Role.SELLER)
    @Operation(summary = "Withdraw your answer")
    @APIResponse(responseCode = "204", description = "Withdrawn")
    public Response withdrawResponse(@PathParam("id") String id) {
        responses.withdraw(caller.get(), Ids.parse(id, "Review"));
        return Response.noContent().build();
    }
}
