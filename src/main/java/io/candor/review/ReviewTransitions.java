package io.candor.review;

import io.candor.audit.AuditLog;
import io.candor.common.ProblemException;
import io.candor.summary.Contribution;
import io.candor.summary.SummaryService;
import io.candor.tenant.TenantContext;
import io.candor.transaction.PurchaseRecord;
import io.candor.transaction.TransactionService;
import io.candor.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The one place a review changes: its creation, its edits, every status move (by its author, moderation, appeals,
 * the double-blind reveal) and its erasure. Each change here, and nowhere else, enforces
 * {@link ReviewStatus#TRANSITIONS}, moves the summary, writes the outbox event and appends the audit entry, then
 * fires {@link ReviewChanged} for the features that react (double-blind feedback), all in the caller's transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ReviewTransitions {

    private final ReviewRepository repository;
    private final SummaryService summaries;
    private final TransactionService transactions;
    private final Outbox outbox;
    private final AuditLog audit;
    private final Event<ReviewChanged> changes;
    private final PhotoService photos;
    private final AnonymitySet anonymity;

    public ReviewTransitions(ReviewRepository repository, SummaryService summaries, TransactionService transactions, Outbox outbox, AuditLog audit,
                             Event<ReviewChanged> changes, PhotoService photos, AnonymitySet anonymity) {
        this.photos = photos;
        this.anonymity = anonymity;
        this.repository = repository;
        this.summaries = summaries;
        this.transactions = transactions;
        this.outbox = outbox;
        this.audit = audit;
        this.changes = changes;
    }

    /** The review, locked for a change; a 404 problem when the tenant has no such review. */
    public Review lock(long tenantId, UUID id) {
        return tryLock(tenantId, id).orElseThrow(() -> ProblemException.notFound("Review"));
    }

    /** The review, locked for a change, if the tenant has it. */
    public Optional<Review> tryLock(long tenantId, UUID id) {
        return repository.lock(tenantId, id);
    }

    /**
     * Until when a seller review of this purchase, written or released now, stays sealed; empty when it is
     * published at once (not a seller review, no purchase, double-blind off, or the window is over).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Instant> sealedUntil(TenantContext tenant, PurchaseRecord purchase, String subjectType, Instant now) {
        if (purchase == null || !"seller".equals(subjectType)) {
            return Optional.empty();
        }
        return tenant.policy().revealBy(purchase.completedAt()).filter(now::isBefore);
    }

    /** A new review, already stored in the status its checks and the double-blind rule gave it. */
    void created(TenantContext tenant, Review review, AuditLog.Actor actor, Instant now) {
        if (!ReviewStatus.initial().contains(review.status())) {
            throw new IllegalStateException("a review cannot start " + review.status().code());
        }
        summaries.apply(tenant, null, review.contribution());
        if (review.status() == ReviewStatus.PUBLISHED) {
            outbox.enqueue(tenant.id(), "review.published", review.id().toString(), eventData(review), now);
        }
        audit.append(tenant.id(), actor, "review.created", "review", review.id().toString(), auditData(review), now);
        fire(tenant, review, null, now);
    }

    /**
     * Its author changed what the review says ({@code before}: what it counted before the edit); a held edit of a
     * public or sealed review moves it to {@code held}.
     */
    void edited(TenantContext tenant, Review review, Contribution before, boolean hold, AuditLog.Actor actor, Instant now) {
        ReviewStatus from = review.status();
        // a sealed review is held too: otherwise the reveal would publish what no moderator has seen
        if (hold && (from == ReviewStatus.PUBLISHED || from == ReviewStatus.SEALED)) {
            step(review, ReviewStatus.HELD, null, now);
        }
        repository.flush();
        summaries.apply(tenant, before, review.contribution());
        if (before != null || review.status() == ReviewStatus.PUBLISHED) {
            outbox.enqueue(tenant.id(), "review.updated", review.id().toString(), eventData(review), now);
        }
        audit.append(tenant.id(), actor, "review.edited", "review", review.id().toString(), auditData(review), now);
        if (review.status() != from) {
            fire(tenant, review, from, now);
        }
    }

    /**
     * A moderator changed the text (redacted it, or an appeal restored it); its status and rating stay.
     *
     * @param action the audit action, e.g. {@code review.redacted}
     */
    void textChanged(TenantContext tenant, Review review, AuditLog.Actor actor, String action, Map<String, ?> details, Instant now) {
        repository.flush();
        outbox.enqueue(tenant.id(), "review.updated", review.id().toString(), eventData(review), now);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("version", review.version());
        data.putAll(details);
        audit.append(tenant.id(), actor, action, "review", review.id().toString(), data, now);
    }

    /**
     * Moves a review to another status, as the transition table allows; nothing happens when it is there already.
     * A move to {@code sealed} keeps it sealed until its transaction's reveal time.
     *
     * @param action the audit action, e.g. {@code review.revealed}
     */
    public void move(TenantContext tenant, Review review, ReviewStatus next, AuditLog.Actor actor, String action, Map<String, ?> details,
                     Instant now) {
        if (review.status() == next) {
            return;
        }
        Instant revealBy = next != ReviewStatus.SEALED ? null
                : purchaseOf(tenant, review).flatMap(p -> tenant.policy().revealBy(p.completedAt())).orElse(now);
        move(tenant, review, next, revealBy, actor, action, details, now);
    }

    private void move(TenantContext tenant, Review review, ReviewStatus next, Instant revealBy, AuditLog.Actor actor, String action,
                      Map<String, ?> details, Instant now) {
        ReviewStatus previous = review.status();
        if (previous == next) {
            return;
        }
        Contribution before = review.contribution();
        step(review, next, revealBy, now);
        repository.flush();
        summaries.apply(tenant, before, review.contribution());
        String event = eventFor(previous, next);
        if (event != null) {
            // a withdrawal tells only which review went: what it said is no longer the marketplace's to show
            outbox.enqueue(tenant.id(), event, review.id().toString(), next == ReviewStatus.WITHDRAWN
                    ? Map.of("id", review.id().toString(), "subject", new PublicReview.Subject(review.subjectType(), review.subjectRef()))
                    : eventData(review), now);
        }
        Map<String, Object> data = new LinkedHashMap<>(auditData(review));
        data.put("from", previous.code());
        data.putAll(details);
        audit.append(tenant.id(), actor, action, "review", review.id().toString(), data, now);
        fire(tenant, review, previous, now);
    }

    /**
     * A moderator releases a review (keeps it after a hold, or an appeal restores it): a seller review inside its
     * transaction's double-blind window is sealed again until the window ends; anything else is published. The
     * purchase is read once, for both the decision and the reveal time.
     */
    public void release(TenantContext tenant, Review review, AuditLog.Actor actor, String action, Map<String, ?> details, Instant now) {
        if (review.anonymousEpoch() != null) {
            boolean open = anonymity.reached(tenant, review.subjectType(), review.subjectRef(), review.anonymousEpoch());
            move(tenant, review, open ? ReviewStatus.PUBLISHED : ReviewStatus.SEALED, null, actor, action, details, now);
            return;
        }
        Optional<Instant> sealedUntil = review.transactionId() == null || !"seller".equals(review.subjectType()) ? Optional.empty()
                : sealedUntil(tenant, purchaseOf(tenant, review).orElse(null), review.subjectType(), now);
        move(tenant, review, sealedUntil.isPresent() ? ReviewStatus.SEALED : ReviewStatus.PUBLISHED, sealedUntil.orElse(null), actor, action,
                details, now);
    }

    /**
     * Its author was erased: the review leaves every view and summary. Kept, unlinked and withdrawn, until
     * {@code keepUntil} while someone else can still appeal a decision on it; deleted otherwise.
     */
    void erased(TenantContext tenant, Review review, Optional<Instant> keepUntil, AuditLog.Actor actor, Instant now) {
        ReviewStatus previous = review.status();
        Contribution before = review.contribution();
        if (keepUntil.isPresent()) {
            if (previous != ReviewStatus.WITHDRAWN) {
                step(review, ReviewStatus.WITHDRAWN, null, now);
            }
            review.unlinkForErasure(keepUntil.get());
            repository.flush();
        } else {
            photos.deleteOfReview(tenant.id(), review.id(), now);
            repository.delete(review);
        }
        summaries.apply(tenant, before, null);
        if (previous == ReviewStatus.PUBLISHED) {
            outbox.enqueue(tenant.id(), "review.withdrawn", review.id().toString(), Map.of("id", review.id().toString(),
                    "subject", new PublicReview.Subject(review.subjectType(), review.subjectRef()), "reason", "erasure"), now);
        }
        audit.append(tenant.id(), actor, keepUntil.isPresent() ? "review.unlinked" : "review.erased", "review", review.id().toString(),
                keepUntil.map(until -> Map.<String, Object>of("eraseAfter", until.toString())).orElse(Map.of()), now);
        if (previous != ReviewStatus.WITHDRAWN) {
            changes.fire(new ReviewChanged(tenant, review.id(), null, review.subjectType(), review.subjectRef(), review.rating(), previous,
                    ReviewStatus.WITHDRAWN, now));
        }
    }

    /** The only line that changes a review's status: the table decides. */
    private static void step(Review review, ReviewStatus next, Instant revealBy, Instant now) {
        ReviewStatus current = review.status();
        if (!current.canMoveTo(next)) {
            throw ProblemException.conflict(current == ReviewStatus.WITHDRAWN ? "The author withdrew this review."
                    : "A " + current.code() + " review cannot become " + next.code() + ".");
        }
        review.moveTo(next, revealBy, now);
    }

    private Optional<PurchaseRecord> purchaseOf(TenantContext tenant, Review review) {
        return review.transactionId() == null ? Optional.empty() : transactions.byId(tenant.id(), review.transactionId());
    }

    private void fire(TenantContext tenant, Review review, ReviewStatus from, Instant now) {
        changes.fire(new ReviewChanged(tenant, review.id(), review.transactionId(), review.subjectType(), review.subjectRef(), review.rating(), from,
                review.status(), now));
    }

    /** What the marketplace is told: a review became public, came back, or went away. */
    static String eventFor(ReviewStatus from, ReviewStatus to) {
        if (to == ReviewStatus.WITHDRAWN) {
            return "review.withdrawn";
        }
        if (to == ReviewStatus.PUBLISHED) {
            return from == ReviewStatus.REMOVED ? "review.restored" : "review.published";
        }
        if (from == ReviewStatus.PUBLISHED) {
            return "review.removed";
        }
        return null;
    }

    static Map<String, Object> eventData(Review review) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", review.id().toString());
        data.put("subject", new PublicReview.Subject(review.subjectType(), review.subjectRef()));
        data.put("rating", review.rating());
        data.put("status", review.status().code());
        data.put("version", review.version());
        if (review.anonymousEpoch() != null) {
            data.put("anonymous", true);
        }
        return data;
    }

    static Map<String, Object> auditData(Review review) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("status", review.status().code());
        data.put("rating", review.rating());
        data.put("version", review.version());
        data.put("subject", review.subjectType() + ":" + review.subjectRef());
        if (review.incentive().given()) {
            data.put("incentive", review.incentive().code());
        }
        if (review.anonymousEpoch() != null) {
            data.put("anonymous", true);
        }
        return data;
    }
}
