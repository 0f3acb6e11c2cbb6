package io.candor.review;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** A review in the seller's inbox: the public review plus where it stands and whether the seller answered. */
public record InboxReview(@JsonUnwrapped PublicReview review, String status, boolean answered) {
}
