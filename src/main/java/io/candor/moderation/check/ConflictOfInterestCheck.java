package io.candor.moderation.check;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * A seller reviewing their own shop or a product they sell ({@value #CHECK_CODE}) is refused outright: such a
 * review is never stored, so it can never count.
 */
@ApplicationScoped
public class ConflictOfInterestCheck implements AutomatedCheck {

    public static final String CHECK_CODE = "conflict-of-interest";

    private final Jdbc jdbc;

    public ConflictOfInterestCheck(Jdbc jdbc) {
        this.jdbc = jdbc;
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
            boolean ownShop = !jdbc.query("SELECT 1 FROM party WHERE tenant_id = ? AND party_id = ? AND ref = ?",
                    List.of(input.tenant().id(), input.authorPartyId(), input.subjectRef()), rs -> 1).isEmpty();
            return ownShop ? refuse("you cannot review your own shop") : Optional.empty();
        }
        boolean sellsIt = !jdbc.query("SELECT 1 FROM seller_product WHERE tenant_id = ? AND seller_party_id = ? AND product_ref = ?",
                List.of(input.tenant().id(), input.authorPartyId(), input.subjectRef()), rs -> 1).isEmpty();
        return sellsIt ? refuse("you cannot review a product you sell") : Optional.empty();
    }

    private Optional<Finding> refuse(String why) {
        return Optional.of(new Finding(code(), Finding.Effect.REFUSE, 0, why, null, null));
    }
}
