package io.candor.invitation;

import io.candor.auth.Caller;
import io.candor.common.ProblemException;
import io.candor.common.ProblemType;
import io.candor.common.Refs;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.review.ReviewChanged;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.candor.transaction.TransactionRegistered;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Review invitations, for every buyer (issue #14). Each line of a registered transaction (each product; the seller
 * when the transaction names no product) gets one invitation, due the tenant's {@code invitationDelayDays} after
 * completion, and at most one reminder. There is deliberately no way to invite some buyers and not others: no
 * filter by rating, sentiment or any earlier answer exists (review gating is forbidden by the FTC rule on consumer
 * reviews, 16 CFR 465.7, and by the major platforms). The only lines left out are those already reviewed, those of
 * buyers who opted out, and those whose review window has closed.
 */
@ApplicationScoped
@Transactional
public class InvitationService {

    private final InvitationRepository repository;
    private final InvitationLinks links;
    private final PartyService parties;
    private final TenantDirectory tenants;
    private final Clock clock;

    public InvitationService(InvitationRepository repository, InvitationLinks links, PartyService parties, TenantDirectory tenants, Clock clock) {
        this.repository = repository;
        this.links = links;
        this.parties = parties;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Plans the invitations of a transaction's lines, in the registering transaction, while the tenant sends them. */
    void planned(@Observes TransactionRegistered registered) {
        TenantContext tenant = registered.tenant();
        if (!tenant.policy().invitationsOn()) {
            return;
        }
        Instant due = registered.completedAt().plus(Duration.ofDays(tenant.policy().invitationDelayDays()));
        Instant expires = registered.completedAt().plus(Duration.ofDays(tenant.policy().reviewWindowDays()));
        if (!due.isBefore(expires)) {
            return; // the review window closes before an invitation would be due
        }
        List<String[]> lines = registered.products().isEmpty()
                ? List.<String[]>of(new String[]{"seller", sellerRef(tenant, registered)})
                : registered.products().stream().map(p -> new String[]{"product", p}).toList();
        for (String[] line : lines) {
            if (line[1] != null) {
                repository.plan(tenant.id(), registered.transactionId(), line[0], line[1], registered.buyerPartyId(), registered.sellerPartyId(),
                        due, expires);
            }
        }
    }

    private String sellerRef(TenantContext tenant, TransactionRegistered registered) {
        return parties.byId(tenant.id(), registered.sellerPartyId()).map(PartyRef::ref).orElse(null);
    }

    /** A review of a line was written: its invitation stops, or counts as answered. */
    void reviewWritten(@Observes ReviewChanged change) {
        if (change.from() == null && change.transactionId() != null) {
            repository.reviewed(change.tenant().id(), change.transactionId(), change.subjectType(), change.subjectRef(), change.at());
        }
    }

    /** What an invitation link opens: the line to review, for the storefront's write form. */
    @Schema(name = "InvitationLine")
    public record LineView(String transaction, Subject subject, Instant expiresAt) {
        @Schema(name = "InvitationSubject")
        public record Subject(String type, String ref) {
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public LineView resolve(String slug, String token) {
        TenantContext tenant = tenants.requireSlug(slug);
        InvitationLinks.Line line = links.read(token).filter(l -> l.tenantId() == tenant.id())
                .orElseThrow(() -> ProblemException.notFound("Invitation"));
        if (!clock.instant().isBefore(line.expiresAt())) {
            throw ProblemException.of(ProblemType.WINDOW_CLOSED, "This invitation expired at " + line.expiresAt() + ", when the review window closed.");
        }
        return new LineView(line.transactionRef(), new LineView.Subject(line.subjectType(), line.subjectRef()), line.expiresAt());
    }

    /** Whether a buyer receives invitations. */
    public record OptOut(boolean optedOut) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public OptOut mine(Caller caller) {
        return new OptOut(parties.find(caller.tenant(), caller.party()).map(p -> repository.optedOut(caller.tenant(), p.id())).orElse(false));
    }

    public OptOut setMine(Caller caller, boolean optedOut) {
        set(tenants.byId(caller.tenant()), caller.party(), optedOut, PartyService.Kind.BUYER);
        return new OptOut(optedOut);
    }

    /** The marketplace records a buyer's opt-out (from its own unsubscribe link, say) or takes it back. */
    public void setForBuyer(Caller marketplace, String buyerRef, boolean optedOut) {
        Refs.checkParty("buyer", buyerRef);
        set(tenants.byId(marketplace.tenant()), buyerRef, optedOut, PartyService.Kind.BUYER);
    }

    private void set(TenantContext tenant, String ref, boolean optedOut, PartyService.Kind kind) {
        if (optedOut) {
            PartyRef party = parties.findOrCreate(tenant, ref, kind);
            repository.optOut(tenant.id(), party.id(), clock.instant());
        } else {
            parties.find(tenant.id(), ref).ifPresent(p -> repository.optIn(tenant.id(), p.id()));
        }
    }

    /** The seller's invitations: how many were sent, and the share of them that became reviews. */
    @Schema(name = "InvitationStatistics")
    public record SellerStats(long sent, long reviewed, Double share) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public SellerStats forSeller(Caller caller) {
        Optional<PartyRef> seller = parties.find(caller.tenant(), caller.party());
        if (seller.isEmpty()) {
            return new SellerStats(0, 0, null);
        }
        long[] counts = repository.sellerCounts(caller.tenant(), seller.get().id());
        return new SellerStats(counts[0], counts[1], counts[0] == 0 ? null : Math.round(counts[1] * 1000.0 / counts[0]) / 1000.0);
    }

    /** Erasure of a buyer. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(long tenantId, java.util.UUID partyId) {
        repository.erase(tenantId, partyId);
    }
}
