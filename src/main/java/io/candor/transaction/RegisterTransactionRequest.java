package io.candor.transaction;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** {@code POST /api/v1/transactions}: a completed purchase, the right to review. */
public record RegisterTransactionRequest(
        @NotNull String ref,
        @NotNull String buyer,
        @NotNull String seller,
        @NotNull Instant completedAt,
        @Size(max = 100) List<@NotNull String> products,
        /** What the marketplace gave the buyer for reviewing this purchase; absent = nothing declared. */
        @jakarta.validation.constraints.Pattern(regexp = Incentive.PATTERN, message = Incentive.MESSAGE) String incentive) {

    public RegisterTransactionRequest(String ref, String buyer, String seller, Instant completedAt, List<String> products) {
        this(ref, buyer, seller, completedAt, products, null);
    }
}
