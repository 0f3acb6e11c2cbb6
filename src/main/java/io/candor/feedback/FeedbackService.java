package io.candor.feedback;

import io.candor.audit.AuditLog;
import io.candor.auth.Caller;
import io.candor.common.FieldError;
import io.candor.common.Ids;
import io.candor.common.Page;
import io.candor.common.ProblemException;
import io.candor.common.ProblemType;
import io.candor.common.Refs;
import io.candor.common.TextNormalizer;
import io.candor.common.TimeKeyset;
import io.candor.moderation.ModerationGate;
import io.candor.moderation.Screening;
import io.candor.moderation.TextSubmission;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.candor.transaction.PurchaseRecord;
import io.candor.transaction.TransactionService;
import io.candor.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sellers' feedback on buyers. Buyers have no public score anywhere: a buyer sees what they received,
 * the marketplace gets counts for the last year, and nobody else sees any of it.
 */
@ApplicationScoped
@Transactional
public class FeedbackService {

    static final int COMMENT_MAX = 1000;
    static final int SUMMARY_DAYS = 365;

    private final FeedbackRepository repository;
    private final TenantDirectory tenants;
    private final PartyService parties;
    private final TransactionService transactions;
    private final ModerationGate moderation;
    private final DoubleBlind doubleBlind;
    private final Outbox outbox;
    private final AuditLog audit;
    private final Clock clock;

    public FeedbackService(FeedbackRepository repository, TenantDirectory tenants, PartyService parties, TransactionService transactions, ModerationGate moderation,
                           DoubleBlind doubleBlind, Outbox outbox, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.tenants = tenants;
        this.parties = parties;
        this.transactions = transactions;
        this.moderation = moderation;
        this.doubleBlind = doubleBlind;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    public FeedbackView give(Caller caller, String transactionRef, FeedbackRequest request) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Instant now = clock.instant();
        Optional<PartyRef> seller = parties.find(tenant.id(), caller.party());
        PurchaseRecord purchase = (Refs.isTransactionRef(transactionRef) ? transactions.find(tenant.id(), transactionRef) : Optional.<PurchaseRecord>empty())
                .filter(p -> seller.isPresent() && p.sellerPartyId().equals(seller.get().id()))
                .orElseThrow(() -> ProblemException.notFound("Transaction of yours with this ref"));
        Instant closes = purchase.completedAt().plus(Duration.ofDays(tenant.policy().reviewWindowDays()));
        if (now.isAfter(closes)) {
            throw ProblemException.of(ProblemType.WINDOW_CLOSED, "Feedback can be left for " + tenant.policy().reviewWindowDays()
                    + " days after the purchase; that window closed at " + closes + ".");
        }
        String comment = TextNormalizer.normalize(request.comment());
        if (comment != null && comment.isEmpty()) {
            comment = null;
        }
        if (comment != null && TextNormalizer.length(comment) > COMMENT_MAX) {
            throw ProblemException.invalid("comment", "must be at most " + COMMENT_MAX + " characters");
        }
        Optional<FeedbackRepository.Current> existing = repository.lockOf(tenant.id(), purchase.id());
        if (existing.isPresent() && !"sealed".equals(existing.get().status())) {
            throw ProblemException.conflict("This feedback has been revealed to the buyer and can no longer be changed.");
        }
        UUID id = existing.map(FeedbackRepository.Current::id).orElseGet(() -> Ids.newId(now));
        boolean redacted = false;
        if (comment != null) {
            TextSubmission submission = new TextSubmission("feedback", id, "buyer", null, seller.get().id(), seller.get().id(), null, comment,
                    existing.isPresent());
            Screening screening = moderation.screen(tenant, submission);
            if (screening.hold()) {
                throw ProblemException.validation(List.of(new FieldError("comment",
                        "this marketplace does not accept links or the words it blocks in feedback comments")));
            }
            comment = screening.body();
            redacted = screening.redacted();
            moderation.recordOutcome(tenant, submission, screening, now);
        }
        Optional<Instant> revealBy = DoubleBlind.revealBy(tenant, purchase.completedAt());
        boolean sealed = revealBy.map(now::isBefore).orElse(false);
        if (existing.isPresent()) {
            int version = repository.rewrite(tenant.id(), id, request.rating(), comment, redacted, now);
            repository.recordVersion(tenant.id(), id, version, request.rating(), comment, "edited", now);
        } else {
            repository.insert(tenant.id(), id, purchase.id(), seller.get().id(), purchase.buyerPartyId(), request.rating(), comment, sealed, redacted, now);
            repository.recordVersion(tenant.id(), id, 1, request.rating(), comment, "created", now);
        }
        audit.append(tenant.id(), new AuditLog.Actor(caller.primaryRole(), seller.get().handle()),
                existing.isPresent() ? "feedback.edited" : "feedback.given", "feedback", id.toString(),
                Map.of("rating", request.rating(), "status", sealed ? "sealed" : "published"), now);
        if (sealed) {
            doubleBlind.feedbackSealed(tenant, purchase.id(), purchase.ref(), now);
        } else if (existing.isEmpty()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("transaction", purchase.ref());
            data.put("reason", "not-sealed");
            data.put("review", null);
            data.put("feedback", Map.of("id", id.toString(), "rating", request.rating()));
            outbox.enqueue(tenant.id(), "feedback.revealed", purchase.ref(), data, now);
        }
        return repository.one(tenant, id);
    }

    /** Feedback the caller received (revealed only) or gave (any status), newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<FeedbackView> mine(Caller caller, String direction, int limit, String cursor) {
        TenantContext tenant = tenants.byId(caller.tenant());
        boolean given = "given".equals(direction);
        if (direction != null && !direction.isEmpty() && !given && !"received".equals(direction)) {
            throw ProblemException.invalid("direction", "must be received or given");
        }
        Optional<PartyRef> me = parties.find(tenant.id(), caller.party());
        if (me.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        String scope = "feedback|" + (given ? "given" : "received") + "|" + me.get().id();
        Optional<TimeKeyset.Key> after = TimeKeyset.after(tenant.secret(), scope, cursor);
        List<FeedbackView> rows = repository.page(tenant, me.get().id(), given, after, limit + 1);
        return TimeKeyset.page(rows, limit, tenant.secret(), scope, FeedbackView::createdAt, v -> UUID.fromString(v.id()));
    }

    /** What the marketplace may know about a buyer: counts of revealed feedback over the last year. */
    public record FeedbackSummary(int windowDays, int positive, int neutral, int negative) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public FeedbackSummary summary(long tenantId, String buyerRef) {
        Refs.checkParty("ref", buyerRef);
        Optional<PartyRef> buyer = parties.find(tenantId, buyerRef);
        if (buyer.isEmpty()) {
            return new FeedbackSummary(SUMMARY_DAYS, 0, 0, 0);
        }
        int[] counts = repository.counts(tenantId, buyer.get().id(), clock.instant().minus(Duration.ofDays(SUMMARY_DAYS)));
        return new FeedbackSummary(SUMMARY_DAYS, counts[0], counts[1], counts[2]);
    }

    /**
     * Everything about the party's feedback, for an export: all they gave, and what they received once revealed.
     * Feedback still sealed is only counted, with when it will be revealed: showing it early would break the
     * double-blind promise to the seller who wrote it.
     */
    public record Exported(List<FeedbackView> given, List<FeedbackView> received, int sealedReceived) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Exported exportOf(TenantContext tenant, UUID partyId) {
        return new Exported(repository.givenBy(tenant, partyId), repository.revealedAbout(tenant, partyId), repository.sealedAbout(tenant.id(), partyId));
    }

    /** What erasure removed: how many, and which (their open cases close). */
    public record Erased(int count, List<UUID> ids) {
    }

    /** Erasure: feedback the party gave or received goes, with every version. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Erased erase(long tenantId, UUID partyId) {
        List<UUID> ids = repository.idsOf(tenantId, partyId);
        return new Erased(repository.deleteOf(tenantId, partyId), ids);
    }

    /** A transaction the seller may still leave feedback on, with whether feedback exists and when the seal lifts. */
    public record FeedbackDue(String transaction, Instant completedAt, Instant revealBy, String feedback) {
    }

    /** The seller's transactions still inside the reveal window, newest first (at most 100). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<FeedbackDue> due(Caller caller) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Optional<PartyRef> seller = parties.find(tenant.id(), caller.party());
        int days = tenant.policy().mutualRevealDays() == 0 ? tenant.policy().reviewWindowDays() : tenant.policy().mutualRevealDays();
        if (seller.isEmpty()) {
            return List.of();
        }
        return repository.due(tenant, seller.get().id(), clock.instant().minus(Duration.ofDays(days)));
    }
}
