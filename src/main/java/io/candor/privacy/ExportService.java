package io.candor.privacy;

import io.candor.appeal.AppealService;
import io.candor.auth.Caller;
import io.candor.feedback.FeedbackService;
import io.candor.moderation.ModerationRepository;
import io.candor.moderation.NoticeService;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.review.ReviewQueries;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.candor.transaction.TransactionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Gathers a party's data from every feature, read in one transaction so the document is consistent. */
@ApplicationScoped
public class ExportService {

    private final TenantDirectory tenants;
    private final PartyService parties;
    private final TransactionService transactions;
    private final io.candor.anonymous.AnonymousService anonymous;
    private final ReviewQueries reviews;
    private final ModerationRepository moderation;
    private final AppealService appeals;
    private final NoticeService notices;
    private final FeedbackService feedback;
    private final Clock clock;

    public ExportService(TenantDirectory tenants, PartyService parties, TransactionService transactions, ReviewQueries reviews,
                         ModerationRepository moderation, AppealService appeals, NoticeService notices, FeedbackService feedback, Clock clock,
                         io.candor.anonymous.AnonymousService anonymous) {
        this.anonymous = anonymous;
        this.tenants = tenants;
        this.parties = parties;
        this.transactions = transactions;
        this.reviews = reviews;
        this.moderation = moderation;
        this.appeals = appeals;
        this.notices = notices;
        this.feedback = feedback;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public PartyExport export(Caller caller) {
        TenantContext tenant = tenants.byId(caller.tenant());
        Optional<PartyRef> found = parties.find(tenant.id(), caller.party());
        if (found.isEmpty()) {
            return new PartyExport(clock.instant(), tenant.slug(), null, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                    List.of(), new FeedbackService.Exported(List.of(), List.of(), 0), List.of());
        }
        PartyRef party = found.get();
        long t = tenant.id();
        ReviewQueries.PartyContent content = reviews.exportOf(tenant, party.id());
        return new PartyExport(clock.instant(), tenant.slug(), new PartyExport.Party(party.handle(), parties.since(t, party.id())),
                transactions.of(t, party.id()), content.reviews(), content.responses(), content.votes(), moderation.reportsBy(t, party.id()),
                appeals.allOf(t, party.id()), notices.allReceived(t, party.id()), feedback.exportOf(tenant, party.id()),
                anonymous.issuedTo(t, party.id()));
    }
}
