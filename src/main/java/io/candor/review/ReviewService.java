package io.candor.review;

import io.candor.transaction.Incentive;

import io.candor.audit.AuditLog;
import io.candor.auth.Caller;
import io.candor.common.FieldError;
import io.candor.common.Ids;
import io.candor.common.ProblemException;
import io.candor.common.ProblemType;
import io.candor.common.TextNormalizer;
import io.candor.moderation.ModerationGate;
import io.candor.moderation.Screening;
import io.candor.moderation.TextSubmission;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.summary.Contribution;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.candor.transaction.PurchaseRecord;
import io.candor.common.db.Constraints;
import io.candor.transaction.TransactionService;
import jakarta.enterprise.context.ApplicationScoped;
import io.candor.common.Jdbc;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The review life cycle: write, edit, withdraw, vote. Each change runs the automated checks, moves the
 * summary, writes the outbox event and the audit entry in one transaction.
 */
@ApplicationScoped
@Transactional
public class ReviewService {

    static final int TITLE_MAX = 120;
    static final int BODY_MAX = 5000;

    private final ReviewRepository repository;
    private final TenantDirectory tenants;
    private final PartyService parties;
    private final TransactionService transactions;
    private final ModerationGate moderation;
    private final ReviewQueries queries;
    private final VersionRepository history;
    private final ReviewTransitions transitions;
    private final Clock clock;
    private final PhotoService photos;
    private final AnonymitySet anonymity;

    public ReviewService(ReviewRepository repository, TenantDirectory tenants, PartyService parties, TransactionService transactions,
                         ModerationGate moderation, ReviewQueries queries, VersionRepository history, ReviewTransitions transitions, Clock clock,
                         PhotoService photos, AnonymitySet anonymity) {
        this.photos = photos;
        this.anonymity = anonymity;
        this.repository = repository;
        this.tenants = tenants;
        this.parties = parties;
        this.transactions = transactions;
        this.moderation = moderation;
        this.queries = queries;
        this.history = history;
        this.transitions = transitions;
        this.clock = clock;
    }

    public ReviewView create(Caller caller, CreateReviewRequest request) {
        return createAsOf(caller, request, clock.instant());
    }

    /**
     * Writes a review as of {@code writtenAt}, for seeding and imports of reviews written elsewhere before: every rule
     * applies as it did then (the review window, double-blind), and the summary counts it in its recent window or not.
     * Not reachable over HTTP.
     */
    public ReviewView createAsOf(Caller caller, CreateReviewRequest request, Instant writtenAt) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Instant now = clock.instant();
        Instant at = writtenAt.isAfter(now) ? now : writtenAt;
        SubjectRef subject = request.subject();
        List<FieldError> errors = new ArrayList<>();
        String title = cleanTitle(request.title(), errors);
        String body = cleanBody(request.body(), errors);
        Aspects aspects = request.aspects() == null || request.aspects().isEmpty() ? null : request.aspects();
        if (aspects != null && !"seller".equals(subject.type())) {
            errors.add(new FieldError("aspects", "only seller reviews have aspects"));
        }
        if (request.transaction() == null && tenant.policy().requireVerifiedPurchase()) {
            errors.add(new FieldError("transaction", "this marketplace only takes reviews of completed transactions"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }

        PurchaseRecord purchase = null;
        UUID sellerPartyId;
        if (request.transaction() != null) {
            purchase = entitlement(tenant, caller.party(), request.transaction(), subject, at);
            sellerPartyId = purchase.sellerPartyId();
            if (anonymity.tokenIssued(tenant.id(), purchase.id(), subject.type(), subject.ref())) {
                throw ProblemException.of(ProblemType.ALREADY_EXISTS, "You took this purchase's anonymous-review token for this " + subject.type()
                        + ": the review of it is the one written with that token.");
            }
        } else {
            limitUnverified(tenant, caller.party(), now);
            sellerPartyId = subject.type().equals("seller") ? parties.find(tenant.id(), subject.ref()).map(PartyRef::id).orElse(null) : null;
        }
        PartyRef author = parties.findOrCreate(tenant, caller.party(), PartyService.Kind.BUYER);
        rejectDuplicate(tenant.id(), purchase, author.id(), subject);

        UUID id = Ids.newId(at);
        TextSubmission submission = new TextSubmission("review", id, subject.type(), subject.ref(), author.id(), sellerPartyId, title, body, false);
        Screening screening = moderation.screen(tenant, submission);
        Optional<Instant> sealedUntil = transitions.sealedUntil(tenant, purchase, subject.type(), at);
        ReviewStatus status = screening.hold() ? ReviewStatus.HELD : sealedUntil.isPresent() ? ReviewStatus.SEALED : ReviewStatus.PUBLISHED;
        Review review = Review.create(id, tenant.id(), subject.type(), subject.ref(), purchase == null ? null : purchase.id(), author.id(),
                sellerPartyId, purchase != null, new Review.Content(request.rating(), screening.title(), screening.body(), aspects, screening.fingerprint()),
                status, sealedUntil.orElse(null), screening.redacted(), at);
        review.declareIncentive(Incentive.parse(request.incentive()).orElse(Incentive.NONE), purchase == null ? null : purchase.incentive());
        try {
            repository.insert(review);
        } catch (Jdbc.DatabaseException e) {
            // Only the two one-review-per-purchase indexes mean "already reviewed"; any other failure stays what it is.
            if (Constraints.isUniqueViolation(e, "review_one_per_transaction", "review_one_per_product")) {
                throw ProblemException.of(ProblemType.ALREADY_EXISTS, "You have already reviewed this " + subject.type() + ".");
            }
            throw e;
        }
        history.record(review, "created", at);
        if (request.photos() != null && !request.photos().isEmpty()) {
            photos.setPhotos(tenant, review.id(), author.id(), request.photos(), actor(caller, author), now);
        }
        moderation.recordOutcome(tenant, submission, screening, now);
        transitions.created(tenant, review, actor(caller, author), now);
        // a review written without photos has none: no need to read them back
        boolean pictured = request.photos() != null && !request.photos().isEmpty();
        return viewOf(tenant, review, author.handle(), purchase == null ? null : purchase.ref(), pictured);
    }

    /**
     * The buyer's completed transaction that entitles them to review the subject at {@code at}: theirs, covering the
     * subject, inside the marketplace's review window. 403 {@code not-entitled} or 422 {@code window-closed} otherwise.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PurchaseRecord entitlement(TenantContext tenant, String buyerRef, String transactionRef, SubjectRef subject, Instant at) {
        Optional<PartyRef> buyer = parties.find(tenant.id(), buyerRef);
        PurchaseRecord purchase = transactions.find(tenant.id(), transactionRef)
                .filter(p -> buyer.isPresent() && p.buyerPartyId().equals(buyer.get().id()))
                .filter(p -> p.covers(subject.type(), subject.ref()))
                .orElseThrow(() -> ProblemException.of(ProblemType.NOT_ENTITLED,
                        "You have no completed transaction '" + transactionRef + "' that includes this " + subject.type() + "."));
        Instant closes = purchase.completedAt().plus(Duration.ofDays(tenant.policy().reviewWindowDays()));
        if (at.isAfter(closes)) {
            throw ProblemException.of(ProblemType.WINDOW_CLOSED,
                    "Reviews can be written for " + tenant.policy().reviewWindowDays() + " days after the purchase; that window closed at " + closes + ".");
        }
        return purchase;
    }

    /** What an anonymous review says: the fields of an ordinary review, less the transaction and photos. */
    public record AnonymousContent(int rating, String title, String body, Aspects aspects, String incentive) {
    }

    /**
     * An anonymous review, written by the anonymous-review feature once it has verified and spent the token: its author
     * is a pseudonym made for this review alone, it is verified (the token proves a purchase) and names no transaction,
     * and it waits sealed until its subject's anonymity set of {@code epoch} is reached ({@code open}). Every check and
     * effect of an ordinary review applies: the automated checks, the summary, the log, the outbox.
     */
    public ReviewView createAnonymous(TenantContext tenant, PartyRef author, SubjectRef subject, AnonymousContent content, String epoch,
                                      boolean open, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        String title = cleanTitle(content.title(), errors);
        String body = cleanBody(content.body(), errors);
        Aspects aspects = content.aspects() == null || content.aspects().isEmpty() ? null : content.aspects();
        if (aspects != null && !"seller".equals(subject.type())) {
            errors.add(new FieldError("aspects", "only seller reviews have aspects"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        UUID sellerPartyId = subject.type().equals("seller") ? parties.find(tenant.id(), subject.ref()).map(PartyRef::id).orElse(null) : null;
        UUID id = Ids.newId(now);
        TextSubmission submission = new TextSubmission("review", id, subject.type(), subject.ref(), author.id(), sellerPartyId, title, body, false);
        Screening screening = moderation.screen(tenant, submission);
        ReviewStatus status = screening.hold() ? ReviewStatus.HELD : open ? ReviewStatus.PUBLISHED : ReviewStatus.SEALED;
        Review review = Review.anonymous(id, tenant.id(), subject.type(), subject.ref(), author.id(), sellerPartyId,
                new Review.Content(content.rating(), screening.title(), screening.body(), aspects, screening.fingerprint()), status, epoch,
                screening.redacted(), now);
        review.declareIncentive(Incentive.parse(content.incentive()).orElse(Incentive.NONE), null);
        repository.insert(review);
        history.record(review, "created", now);
        AuditLog.Actor actor = new AuditLog.Actor(io.candor.common.Role.AUTHOR, author.handle());
        moderation.recordOutcome(tenant, submission, screening, now);
        transitions.created(tenant, review, actor, now);
        return viewOf(tenant, review, author.handle(), null, false);
    }

    /** Publishes a subject's anonymous reviews of {@code epoch} that wait for their anonymity set, now reached; answers how many. */
    public int publishWaitingAnonymous(TenantContext tenant, String subjectType, String subjectRef, String epoch, Instant now) {
        int published = 0;
        for (UUID id : repository.waitingAnonymous(tenant.id(), subjectType, subjectRef, epoch)) {
            Optional<Review> review = transitions.tryLock(tenant.id(), id).filter(r -> r.status() == ReviewStatus.SEALED);
            if (review.isPresent()) {
                transitions.move(tenant, review.get(), ReviewStatus.PUBLISHED, AuditLog.Actor.SYSTEM, "review.revealed",
                        Map.of("reason", "anonymity-set"), now);
                published++;
            }
        }
        return published;
    }

    /** Reviews without a purchase behind them (where a tenant allows them) are capped per party and week. */
    private void limitUnverified(TenantContext tenant, String authorRef, Instant now) {
        Optional<PartyRef> author = parties.find(tenant.id(), authorRef);
        if (author.isEmpty()) {
            return;
        }
        int cap = tenant.policy().unverifiedReviewsPerWeek();
        List<Instant> recent = repository.unverifiedSince(tenant.id(), author.get().id(), now.minus(Duration.ofDays(7)));
        if (recent.size() >= cap) {
            Instant frees = recent.isEmpty() ? now.plus(Duration.ofDays(7)) : recent.get(recent.size() - cap).plus(Duration.ofDays(7));
            long seconds = Math.max(1, Duration.between(now, frees).getSeconds());
            throw new ProblemException(ProblemType.RATE_LIMITED, "Without a purchase, " + cap + " reviews a week can be written; the next one in "
                    + Duration.ofSeconds(seconds).toHours() + " h.", List.of(), Map.of("Retry-After", Long.toString(seconds)));
        }
    }

    private void rejectDuplicate(long tenantId, PurchaseRecord purchase, UUID authorId, SubjectRef subject) {
        boolean exists;
        if (subject.type().equals("product")) {
            exists = repository.reviewedProduct(tenantId, authorId, subject.ref());
        } else if (purchase != null) {
            exists = repository.reviewedSellerOf(tenantId, purchase.id(), subject.ref());
        } else {
            exists = repository.reviewedSellerUnverified(tenantId, authorId, subject.ref());
        }
        if (exists) {
            throw ProblemException.of(ProblemType.ALREADY_EXISTS, "You have already reviewed this " + subject.type()
                    + (subject.type().equals("seller") && purchase != null ? " for this transaction." : "."));
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ReviewView own(Caller caller, UUID id) {
        TenantContext tenant = tenants.byId(caller.tenant());
        PartyRef author = parties.find(tenant.id(), caller.party()).orElseThrow(() -> ProblemException.notFound("Review"));
        return queries.own(tenant, author.id(), id).orElseThrow(() -> ProblemException.notFound("Review"));
    }

    public ReviewView edit(Caller caller, UUID id, String ifMatch, UpdateReviewRequest request) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Instant now = clock.instant();
        PartyRef author = parties.find(tenant.id(), caller.party()).orElseThrow(() -> ProblemException.notFound("Review"));
        Review review = lockOwn(tenant, author, id);
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ProblemException.of(ProblemType.PRECONDITION_REQUIRED, "Send If-Match with the ETag from your last read of this review.");
        }
        if (!etagMatches(ifMatch, review.version())) {
            throw ProblemException.of(ProblemType.PRECONDITION_FAILED, "The review changed since you read it; read it again and reapply your change.");
        }
        if (request.isEmpty()) {
            throw ProblemException.invalid("body", "send at least one of rating, title, body, aspects, incentive, photos");
        }
        List<FieldError> errors = new ArrayList<>();
        String title = request.title() == null ? review.title() : cleanTitle(request.title(), errors);
        String body = request.body() == null ? review.body() : cleanBody(request.body(), errors);
        Aspects aspects = review.aspects();
        if (request.aspects() != null) {
            if (!"seller".equals(review.subjectType())) {
                errors.add(new FieldError("aspects", "only seller reviews have aspects"));
            } else {
                aspects = aspects.merge(request.aspects());
            }
        }
        Optional<Incentive> incentive = Incentive.parse(request.incentive());
        if (incentive.isPresent() && review.incentiveDeclaredByMarketplace() && incentive.get() != review.incentive()) {
            errors.add(new FieldError("incentive", "the marketplace declared on the transaction that you received "
                    + review.incentive().code() + " for this review; that stays disclosed"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        Contribution before = review.contribution();
        TextSubmission submission = new TextSubmission("review", id, review.subjectType(), review.subjectRef(), author.id(),
                review.sellerPartyId(), title, body, true);
        Screening screening = moderation.screen(tenant, submission);
        int rating = request.rating() == null ? review.rating() : request.rating();
        review.edit(new Review.Content(rating, screening.title(), screening.body(), aspects, screening.fingerprint()), screening.redacted(), now,
                tenant.policy().editWindowDays());
        if (incentive.isPresent() && !review.incentiveDeclaredByMarketplace()) {
            review.declareIncentive(incentive.get(), null);
        }
        repository.flush();
        history.record(review, "edited", now);
        if (request.photos() != null) {
            photos.setPhotos(tenant, review.id(), author.id(), request.photos(), actor(caller, author), now);
        }
        moderation.recordOutcome(tenant, submission, screening, now);
        transitions.edited(tenant, review, before, screening.hold(), actor(caller, author), now);
        return viewOf(tenant, review, author.handle(), transactionRef(review), true);
    }

    /**
     * Of a transaction's lines ({@code product:<ref>} or {@code seller:<ref>}), those already reviewed by its buyer (for this
     * transaction, or, for a product, under any earlier one): review invitations are not sent for them.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.Set<String> reviewedLines(long tenantId, UUID buyerPartyId, UUID transactionId, List<String> productRefs) {
        return repository.reviewedLines(tenantId, buyerPartyId, transactionId, productRefs);
    }

    public void withdraw(Caller caller, UUID id) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Instant now = clock.instant();
        PartyRef author = parties.find(tenant.id(), caller.party()).orElseThrow(() -> ProblemException.notFound("Review"));
        Review review = lockOwn(tenant, author, id);
        transitions.move(tenant, review, ReviewStatus.WITHDRAWN, actor(caller, author), "review.withdrawn", Map.of(), now);
    }

    public void vote(Caller caller, UUID id, boolean helpful) {
        TenantContext tenant = tenants.byId(caller.tenant());
        PartyRef voter = parties.findOrCreate(tenant, caller.party(), PartyService.kindOf(caller));
        lockPublishedForVote(tenant, voter, id);
        Boolean previous = repository.vote(tenant.id(), id, voter.id()).orElse(null);
        if (previous != null && previous == helpful) {
            return;
        }
        repository.saveVote(tenant.id(), id, voter.id(), helpful, clock.instant());
        int up = (helpful ? 1 : 0) - (Boolean.TRUE.equals(previous) ? 1 : 0);
        int down = (helpful ? 0 : 1) - (Boolean.FALSE.equals(previous) ? 1 : 0);
        repository.moveHelpful(tenant.id(), id, up, down);
    }

    public void unvote(Caller caller, UUID id) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Optional<PartyRef> voter = parties.find(tenant.id(), caller.party());
        // a party Candor has never met has no vote to take back, but a review that is not there is still 404
        lockPublishedForVote(tenant, voter.orElse(null), id);
        if (voter.isEmpty()) {
            return;
        }
        Boolean previous = repository.vote(tenant.id(), id, voter.get().id()).orElse(null);
        if (previous == null) {
            return;
        }
        repository.deleteVote(tenant.id(), id, voter.get().id());
        repository.moveHelpful(tenant.id(), id, previous ? -1 : 0, previous ? 0 : -1);
    }

    private void lockPublishedForVote(TenantContext tenant, PartyRef voter, UUID id) {
        ReviewRepository.VoteTarget target = repository.lockForVote(tenant.id(), id)
                .filter(t -> t.status().isPublic()).orElseThrow(() -> ProblemException.notFound("Review"));
        if (voter != null && voter.id().equals(target.authorPartyId())) {
            throw ProblemException.forbidden("You cannot vote on your own review.");
        }
    }

    /** The author's review, locked for a change; another party's review is as good as absent. */
    private Review lockOwn(TenantContext tenant, PartyRef author, UUID id) {
        return transitions.tryLock(tenant.id(), id).filter(r -> author.id().equals(r.authorPartyId()))
                .orElseThrow(() -> ProblemException.notFound("Review"));
    }

    static boolean etagMatches(String ifMatch, int version) {
        for (String candidate : ifMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || c.equals("\"" + version + "\"")) {
                return true;
            }
        }
        return false;
    }

    private String transactionRef(Review review) {
        return review.transactionId() == null ? null
                : transactions.byId(review.tenantId(), review.transactionId()).map(PurchaseRecord::ref).orElse(null);
    }

    private ReviewView viewOf(TenantContext tenant, Review review, String handle, String transactionRef, boolean mayHavePhotos) {
        List<String> labels = ReviewRow.labels(review.verified(), review.anonymousEpoch() != null, review.editedAt() != null, review.redacted(),
                review.incentive().code());
        return new ReviewView(review.id().toString(), review.status().code(), new PublicReview.Subject(review.subjectType(), review.subjectRef()),
                transactionRef, review.rating(), review.title(), review.body(), review.aspects(), new PublicReview.Author(handle),
                review.verified(), review.createdAt(), review.editedAt(), review.editableUntil(tenant.policy().editWindowDays()),
                new PublicReview.Helpful(review.helpfulUp(), review.helpfulDown()), review.answered() ? queries.publishedResponse(review.tenantId(), review.id()).orElse(null) : null,
                labels, review.incentive().code(), review.version(), mayHavePhotos ? photos.publishedJson(review.tenantId(), review.id()) : "[]");
    }

    static AuditLog.Actor actor(Caller caller, PartyRef party) {
        return new AuditLog.Actor(caller.primaryRole(), party.handle());
    }

    static String cleanTitle(String raw, List<FieldError> errors) {
        String title = TextNormalizer.normalizeLine(raw);
        if (title == null || title.isEmpty()) {
            return null;
        }
        if (TextNormalizer.length(title) > TITLE_MAX) {
            errors.add(new FieldError("title", "must be at most " + TITLE_MAX + " characters"));
        }
        return title;
    }

    static String cleanBody(String raw, List<FieldError> errors) {
        String body = TextNormalizer.normalize(raw);
        int length = TextNormalizer.length(body);
        if (length < 1 || length > BODY_MAX) {
            errors.add(new FieldError("body", "must be 1.." + BODY_MAX + " characters after removing surrounding and invisible whitespace"));
        }
        return body;
    }
}
