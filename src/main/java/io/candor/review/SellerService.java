package io.candor.review;

import io.candor.auth.Caller;
import io.candor.common.Ids;
import io.candor.common.Page;
import io.candor.common.ProblemException;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.summary.SummaryService;
import io.candor.summary.SummaryView;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** What a seller reads about its shop: the dashboard figures and the reviews inbox, for the API and the portal alike. */
@ApplicationScoped
public class SellerService {

    static final int MAX_PRODUCTS = 100;

    private final ReviewQueries queries;
    private final SummaryService summaries;
    private final TenantDirectory tenants;
    private final PartyService parties;

    public SellerService(ReviewQueries queries, SummaryService summaries, TenantDirectory tenants, PartyService parties) {
        this.queries = queries;
        this.summaries = summaries;
        this.tenants = tenants;
        this.parties = parties;
    }

    public SellerSummary summary(Caller seller) {
        TenantContext tenant = tenants.byId(seller.tenant());
        SummaryView own = summaries.view(tenant, "seller", seller.party());
        Optional<PartyRef> party = parties.find(tenant.id(), seller.party());
        if (party.isEmpty()) {
            return new SellerSummary(own, List.of(), List.of(), 0);
        }
        return new SellerSummary(own, summaries.productsOfSeller(tenant, party.get().id(), MAX_PRODUCTS),
                summaries.trend(tenant.id(), party.get().id()), queries.unanswered(tenant, party.get().id()));
    }

    public Page<InboxReview> inbox(Caller seller, ReviewQueries.InboxFilter filter, int size, String cursor) {
        TenantContext tenant = tenants.byId(seller.tenant());
        Optional<PartyRef> party = parties.find(tenant.id(), seller.party());
        if (party.isEmpty()) {
            ReviewQueries.parseRatings(filter.ratings());
            return new Page<>(List.of(), null);
        }
        return queries.inbox(tenant, party.get().id(), filter, size, cursor);
    }

    /** One review of the seller's shop or products, as the inbox shows it. */
    public InboxReview one(Caller seller, String reviewId) {
        TenantContext tenant = tenants.byId(seller.tenant());
        PartyRef party = parties.find(tenant.id(), seller.party()).orElseThrow(() -> ProblemException.notFound("Review"));
        return queries.inboxOne(tenant, party.id(), Ids.parse(reviewId, "Review")).orElseThrow(() -> ProblemException.notFound("Review"));
    }
}
