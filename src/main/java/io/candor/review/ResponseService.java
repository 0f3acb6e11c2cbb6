package io.candor.review;

import io.candor.audit.AuditLog;
import io.candor.auth.Caller;
import io.candor.common.FieldError;
import io.candor.common.Ids;
import io.candor.common.ProblemException;
import io.candor.moderation.ModerationGate;
import io.candor.moderation.Screening;
import io.candor.moderation.TextSubmission;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The seller's public answer to a review: one per review, editable, every version kept. */
@ApplicationScoped
@Transactional
public class ResponseService {

    private final ResponseRepository repository;
    private final TenantDirectory tenants;
    private final PartyService parties;
    private final ModerationGate moderation;
    private final ReviewTransitions transitions;
    private final ResponseTransitions responses;
    private final Clock clock;

    public ResponseService(ResponseRepository repository, TenantDirectory tenants, PartyService parties, ModerationGate moderation, ReviewTransitions transitions,
                           ResponseTransitions responses, Clock clock) {
        this.repository = repository;
        this.tenants = tenants;
        this.parties = parties;
        this.moderation = moderation;
        this.transitions = transitions;
        this.responses = responses;
        this.clock = clock;
    }

    public ResponseView respond(Caller caller, UUID reviewId, ResponseRequest request) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Instant now = clock.instant();
        List<FieldError> errors = new ArrayList<>();
        String body = ReviewService.cleanBody(request.body(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        PartyRef seller = parties.findOrCreate(tenant, caller.party(), PartyService.Kind.SELLER);
        Review review = lockReviewOfSeller(tenant, seller, reviewId);
        if (review.status() != ReviewStatus.PUBLISHED) {
            throw ProblemException.conflict("Only published reviews can be answered.");
        }
        ResponseRepository.Current existing = repository.lockOfReview(tenant.id(), reviewId).orElse(null);
        UUID responseId = existing == null ? Ids.newId(now) : existing.id();
        TextSubmission submission = new TextSubmission("response", responseId, review.subjectType(), review.subjectRef(), seller.id(),
                seller.id(), null, body, existing != null);
        Screening screening = moderation.screen(tenant, submission);
        ResponseStatus status = screening.hold() ? ResponseStatus.HELD : ResponseStatus.PUBLISHED;
        ResponseStatus previous = existing == null ? null : existing.status();
        if (previous == ResponseStatus.REMOVED) {
            throw ProblemException.conflict("This response was removed by a moderator; appeal the decision instead.");
        }
        int version = existing == null ? 1 : existing.version() + 1;
        responses.written(tenant, review, responseId, seller.id(), previous, status, screening.body(), screening.redacted(), version,
                new AuditLog.Actor(caller.primaryRole(), seller.handle()), now);
        moderation.recordOutcome(tenant, submission, screening, now);
        return repository.view(tenant.id(), responseId);
    }

    public void withdraw(Caller caller, UUID reviewId) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Instant now = clock.instant();
        PartyRef seller = parties.find(tenant.id(), caller.party()).orElseThrow(() -> ProblemException.notFound("Response"));
        Review review = lockReviewOfSeller(tenant, seller, reviewId);
        ResponseRepository.Current existing = repository.lockOfReview(tenant.id(), reviewId).orElse(null);
        if (existing == null || existing.status() == ResponseStatus.WITHDRAWN) {
            return;
        }
        if (existing.status() == ResponseStatus.REMOVED) {
            throw ProblemException.conflict("This response was removed by a moderator.");
        }
        responses.move(tenant, review, existing.id(), existing.status(), ResponseStatus.WITHDRAWN, existing.version(),
                new AuditLog.Actor(caller.primaryRole(), seller.handle()), "response.withdrawn", Map.of(), now);
    }

    /**
     * The review, locked, if the caller is the seller of its subject: the seller named by a seller
     * review, or the seller of the transaction behind a product review. Anyone else gets a 403.
     */
    private Review lockReviewOfSeller(TenantContext tenant, PartyRef seller, UUID reviewId) {
        Review review = transitions.tryLock(tenant.id(), reviewId).orElse(null);
        if (review == null
                || (review.status() != ReviewStatus.PUBLISHED && review.status() != ReviewStatus.REMOVED)) {
            throw ProblemException.notFound("Review");
        }
        boolean isSeller = "seller".equals(review.subjectType())
                ? review.subjectRef().equals(seller.ref())
                : seller.id().equals(review.sellerPartyId());
        if (!isSeller) {
            throw ProblemException.forbidden("Only the seller of the reviewed product or shop can answer this review.");
        }
        return review;
    }
}
