package io.candor.privacy;

import io.candor.appeal.AppealService;
import io.candor.audit.AuditLog;
import io.candor.auth.TokenVerifier;
import io.candor.common.IdempotencyRepository;
import io.candor.common.Refs;
import io.candor.feedback.FeedbackService;
import io.candor.moderation.DecisionService;
import io.candor.moderation.ModerationRepository;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.review.ReviewErasure;
import io.candor.summary.SummaryService;
import io.candor.tenant.TenantContext;
import io.candor.transaction.TransactionService;
import io.candor.webhook.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Erasure of a party (GDPR Art. 17), asked by the party ({@code DELETE /me}) or their marketplace
 * ({@code POST /erasures}), in one transaction: what they wrote goes and leaves the summaries, what they took
 * part in (reports, appeals, notices, decisions) stays without them, the party record goes. Idempotent: erasing
 * an unknown or already erased party does nothing. docs/privacy.md says what happens to each table.
 */
@ApplicationScoped
@Transactional
public class ErasureService {

    private final PartyService parties;
    private final FeedbackService feedback;
    private final ReviewErasure reviews;
    private final ModerationRepository moderation;
    private final AppealService appeals;
    private final DecisionService decisions;
    private final TransactionService transactions;
    private final SummaryService summaries;
    private final IdempotencyRepository idempotency;
    private final Outbox outbox;
    private final AuditLog audit;
    private final Clock clock;

    private final io.candor.invitation.InvitationService invitations;

    public ErasureService(PartyService parties, FeedbackService feedback, ReviewErasure reviews, ModerationRepository moderation, AppealService appeals, DecisionService decisions,
                          TransactionService transactions, SummaryService summaries, IdempotencyRepository idempotency, Outbox outbox, AuditLog audit,
                          Clock clock, io.candor.invitation.InvitationService invitations) {
        this.invitations = invitations;
        this.parties = parties;
        this.feedback = feedback;
        this.reviews = reviews;
        this.moderation = moderation;
        this.appeals = appeals;
        this.decisions = decisions;
        this.transactions = transactions;
        this.summaries = summaries;
        this.idempotency = idempotency;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param requestedBy {@code party} or {@code marketplace}, for the audit log
     * @return whether there was anything to erase
     */
    public boolean erase(TenantContext tenant, String ref, String requestedBy) {
        Refs.checkParty("party", ref);
        Optional<PartyRef> found = parties.find(tenant.id(), ref);
        if (found.isEmpty()) {
            return false;
        }
        PartyRef party = found.get();
        long t = tenant.id();
        Instant now = clock.instant();
        AuditLog.Actor actor = "marketplace".equals(requestedBy) ? AuditLog.Actor.MARKETPLACE : new AuditLog.Actor("party", null);
        FeedbackService.Erased feedbackRows = feedback.erase(t, party.id());
        // content someone else may still appeal a decision on is kept, unlinked, until nobody can
        ReviewErasure.Erased erased = reviews.erase(tenant, party.id(), (type, id) -> {
            Optional<Instant> keep = decisions.keepAppealableUntil(t, type, id, now);
            Optional<Instant> pending = appeals.pendingOn(t, type, id, party.id()) ? Optional.of(now) : Optional.empty();
            return keep.or(() -> pending);
        }, actor, now);
        moderation.closeCasesOf(t, erased.reviewIds(), erased.responseIds(), feedbackRows.ids(), now);
        moderation.unlink(t, party.id());
        appeals.unlink(t, party.id());
        invitations.erase(t, party.id());
        transactions.erase(t, party.id());
        summaries.forgetSeller(t, party.id());
        idempotency.forget(t, TokenVerifier.scopeKeyOf(tenant, ref));
        outbox.forgetRecipient(t, ref);
        parties.delete(t, party);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("requestedBy", requestedBy);
        data.put("reviewsDeleted", erased.reviews());
        data.put("reviewsKeptUntilAppealsEnd", erased.reviewsKeptForAppeals());
        data.put("responsesDeleted", erased.responses());
        data.put("responsesKeptUntilAppealsEnd", erased.responsesKeptForAppeals());
        data.put("votesRemoved", erased.votes());
        data.put("feedbackDeleted", feedbackRows.count());
        // the entry names no one: the party record it could point to is gone in this very transaction
        audit.append(t, actor, "party.erased", "party", "erased", data, now);
        return true;
    }
}
