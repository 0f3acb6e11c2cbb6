package io.candor.review;

import io.candor.audit.AuditLog;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.Optional;
import java.util.UUID;

/**
 * What a party's erasure does to reviews: their reviews and responses go, with every version, and leave the
 * summaries in the same transaction; their votes leave the helpful counts. Content that someone else may still
 * appeal a decision on (a reporter against a keep, or a pending appeal) is unlinked and withdrawn instead, and
 * deleted by {@link #deleteExpired} once nobody can appeal.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ReviewErasure {

    private final ReviewRepository reviews;
    private final ResponseRepository responseRows;
    private final ReviewTransitions transitions;
    private final ResponseTransitions responseTransitions;
    private final PhotoService photos;

    public ReviewErasure(ReviewRepository reviews, ResponseRepository responseRows, ReviewTransitions transitions,
                         ResponseTransitions responseTransitions, PhotoService photos) {
        this.photos = photos;
        this.reviews = reviews;
        this.responseRows = responseRows;
        this.transitions = transitions;
        this.responseTransitions = responseTransitions;
    }

    /**
     * What was erased, for the audit entry; {@code contentIds} are the reviews and responses that were deleted or
     * unlinked, whose open cases close.
     */
    public record Erased(int reviews, int reviewsKeptForAppeals, int responses, int responsesKeptForAppeals, int votes,
                         List<UUID> reviewIds, List<UUID> responseIds) {
    }

    /**
     * Erases a party's reviews, responses and votes.
     *
     * @param holdFor until when someone other than the party can still appeal a decision on a piece of content
     *                ({@code review} or {@code response}, by id); such content is kept, unlinked, until then
     */
    public Erased erase(TenantContext tenant, UUID partyId, BiFunction<String, UUID, Optional<Instant>> holdFor, AuditLog.Actor actor,
                        Instant now) {
        long t = tenant.id();
        int deletedReviews = 0;
        int keptReviews = 0;
        List<UUID> reviewIds = new ArrayList<>();
        List<UUID> responseIds = new ArrayList<>();
        for (UUID id : reviews.idsByAuthor(t, partyId)) {
            reviewIds.add(id);
            Review review = transitions.lock(t, id);
            Optional<Instant> hold = holdFor.apply(ReviewModeration.TYPE, id);
            if (hold.isPresent()) {
                keptReviews++;
            } else {
                deletedReviews++;
            }
            transitions.erased(tenant, review, hold, actor, now);
        }
        int deletedResponses = 0;
        int keptResponses = 0;
        for (UUID[] row : responseRows.bySeller(t, partyId)) {
            UUID responseId = row[0];
            responseIds.add(responseId);
            Review answered = transitions.lock(t, row[1]);
            Optional<Instant> hold = holdFor.apply(ResponseModeration.TYPE, responseId);
            if (hold.isPresent()) {
                keptResponses++;
            } else {
                deletedResponses++;
            }
            responseTransitions.erased(tenant, answered, responseId, hold, actor, now);
        }
        reviews.flush();
        photos.eraseUploadsOf(t, partyId, now);
        int votes = reviews.removeVotesOf(t, partyId);
        reviews.forgetSeller(t, partyId);
        return new Erased(deletedReviews, keptReviews, deletedResponses, keptResponses, votes, reviewIds, responseIds);
    }

    /**
     * Photos a moderator removed that nobody can appeal any more, deleted with their objects.
     *
     * @param appealable until when someone can still appeal a decision on the photo (tenant, photo id)
     */
    public int deleteRemovedPhotos(long tenantId, Instant now, java.util.function.BiFunction<Long, UUID, Optional<Instant>> appealable) {
        return photos.deleteRemovedDue(tenantId, now, appealable);
    }

    /** A tenant's unlinked reviews and responses whose appeal period is over; the caller checks no appeal waits on them. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ReviewRepository.Unlinked> unlinkedDue(long tenantId, Instant now) {
        return reviews.unlinkedDue(tenantId, now);
    }

    /** Deletes one unlinked review or response for good; answers how many went (0 if it was already gone). */
    public int deleteUnlinked(ReviewRepository.Unlinked item, Instant now) {
        if (ReviewModeration.TYPE.equals(item.type())) {
            photos.deleteOfReview(item.tenantId(), item.id(), now);
        }
        return reviews.deleteUnlinked(item, now);
    }
}
