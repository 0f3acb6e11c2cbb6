package io.candor.moderation.check;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * A seller reviewing their own shop or a product they sell ({@value #CHECK_CODE}) is refused outright: such a
 * review is never stored, so it can never count.
 */
@ApplicationScoped
public class ConflictOfInterestCheck implements AutomatedCheck {

    public static final String CHECK_CODE = "conflict-of-interest";

    private final io.candor.party.PartyService parties;
    private final io.candor.transaction.TransactionService transactions;

    public ConflictOfInterestCheck(io.candor.party.PartyService parties, io.candor.transaction.TransactionService transactions) {
        this.parties = parties;
        this.transactions = transactions;
    }

    @Override
    public String code() {
        return CHECK_CODE;
    }

    @Override
    public Optional<Finding> examine(CheckInput input) {
        if (!input.isReview()) {
            return Optional.empty();
        }
        if (input.authorPartyId().equals(input.sellerPartyId())) {
            return refuse("you cannot review your own " + ("seller".equals(input.subjectType()) ? "shop" : "product"));
        }
        if ("seller".equals(input.subjectType())) {
            boolean ownShop = parties.byId(input.tenant().id(), input.authorPartyId()).map(p -> p.ref().equals(input.subjectRef())).orElse(false);
            return ownShop ? refuse("you cannot review your own shop") : Optional.empty();
        }
        boolean sellsIt = transactions.sells(input.tenant().id(), input.authorPartyId(), input.subjectRef());
        return sellsIt ? refuse("you cannot review a product you sell") : Optional.empty();
    }

    private Optional<Finding> refuse(String why) {
        return Optional.of(new Finding(code(), Finding.Effect.REFUSE, 0, why, null, null));
    }
}
