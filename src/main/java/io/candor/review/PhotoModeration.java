package io.candor.review;

import io.candor.audit.AuditLog;
import io.candor.common.ProblemException;
import io.candor.moderation.CaseView;
import io.candor.moderation.ModeratedContent;
import io.candor.moderation.ModeratedKind;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Photos as moderation sees them: reported, held, removed and restored one by one, without touching the review's text
 * or rating (removing the whole review hides its photos with it). A photo is locked after its review, the order every
 * write takes. Photos have no text to redact: a moderator removes the photo instead.
 */
@ApplicationScoped
public class PhotoModeration implements ModeratedKind {

    public static final String TYPE = "photo";

    private final PhotoRepository photos;
    private final ReviewTransitions reviews;
    private final ReviewQueries queries;
    private final AuditLog audit;

    public PhotoModeration(PhotoRepository photos, ReviewTransitions reviews, ReviewQueries queries, AuditLog audit) {
        this.photos = photos;
        this.reviews = reviews;
        this.queries = queries;
        this.audit = audit;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String noun() {
        return "Photo";
    }

    @Override
    public int order() {
        return 4;
    }

    @Override
    public boolean countsTowardsRating() {
        return false;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public ModeratedContent.Target lock(long tenantId, UUID id) {
        return tryLock(tenantId, id).orElseThrow(() -> ProblemException.notFound("Photo"));
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<ModeratedContent.Target> tryLock(long tenantId, UUID id) {
        Optional<PhotoRepository.PhotoRow> found = photos.find(tenantId, id).filter(p -> p.reviewId() != null);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Optional<Review> review = reviews.tryLock(tenantId, found.get().reviewId());
        if (review.isEmpty()) {
            return Optional.empty();
        }
        return photos.lockOne(tenantId, id).filter(p -> p.reviewId() != null).map(p -> targetOf(review.get(), p));
    }

    private static ModeratedContent.Target targetOf(Review review, PhotoRepository.PhotoRow photo) {
        // a photo of a withdrawn review is withdrawn with it: nothing to decide
        String status = review.status() == ReviewStatus.WITHDRAWN ? "withdrawn" : photo.status();
        return new ModeratedContent.Target(TYPE, photo.id(), status, photo.authorPartyId(), review.sellerPartyId(), review.subjectType(),
                review.subjectRef(), null, review.id(), 1);
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public ModeratedContent.Target moveTo(TenantContext tenant, ModeratedContent.Target target, String status, AuditLog.Actor actor, String action,
                                          Map<String, ?> details, Instant now) {
        if (target.status().equals(status) || "withdrawn".equals(target.status())) {
            return target;
        }
        if (!List.of("published", "held", "removed").contains(status)) {
            throw new IllegalArgumentException("a photo cannot become " + status);
        }
        photos.setStatus(tenant.id(), target.id(), status, now);
        photos.refresh(tenant.id(), tenant.slug(), target.parentId());
        Map<String, Object> data = new LinkedHashMap<>(details);
        data.put("review", target.parentId().toString());
        audit.append(tenant.id(), actor, action, TYPE, target.id().toString(), data, now);
        return new ModeratedContent.Target(TYPE, target.id(), status, target.authorPartyId(), target.sellerPartyId(), target.subjectType(),
                target.subjectRef(), null, target.parentId(), target.version());
    }

    @Override
    public int redact(TenantContext tenant, ModeratedContent.Target target, List<ModeratedContent.TextRedaction> redactions, AuditLog.Actor actor,
                      Map<String, ?> details, Instant now) {
        throw ProblemException.invalid("action", "a photo has no text to redact; remove the photo, or redact its review");
    }

    @Override
    public boolean restore(TenantContext tenant, ModeratedContent.Target target, int version, int redactedVersion, AuditLog.Actor actor,
                           Map<String, ?> details, Instant now) {
        return false;
    }

    /** The photo with the review it belongs to: the review's text, rating and author, and this photo alone. */
    @Override
    public Optional<ModeratedContent.View> view(long tenantId, UUID id) {
        Optional<PhotoRepository.PhotoRow> photo = photos.find(tenantId, id).filter(p -> p.reviewId() != null);
        if (photo.isEmpty()) {
            return Optional.empty();
        }
        PhotoRepository.PhotoRow p = photo.get();
        return queries.moderationView(tenantId, p.reviewId()).map(r -> new ModeratedContent.View(TYPE, id.toString(), p.status(), r.subject(),
                r.rating(), r.title(), r.body(), r.aspects(), r.author(), r.verifiedPurchase(), p.createdAt(), null, r.labels(),
                p.reviewId().toString(), List.of(), List.of(PhotoRepository.moderated(p))));
    }

    @Override
    public Map<UUID, CaseView.Preview> previews(long tenantId, Collection<UUID> ids, int excerpt) {
        Map<UUID, CaseView.Preview> previews = new LinkedHashMap<>();
        for (UUID id : ids) {
            photos.find(tenantId, id).filter(p -> p.reviewId() != null).ifPresent(p -> {
                Map<UUID, CaseView.Preview> review = queries.previews(tenantId, List.of(p.reviewId()), excerpt);
                CaseView.Preview r = review.get(p.reviewId());
                if (r != null) {
                    previews.put(id, new CaseView.Preview(r.subject(), r.rating(), "Photo: " + CaseView.excerpt(p.alt() == null ? "" : p.alt(), excerpt)));
                }
            });
        }
        return previews;
    }
}
