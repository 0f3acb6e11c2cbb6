package io.candor.transaction;

import java.time.Instant;
import java.util.List;

/**
 * A registered transaction as the marketplace sees it. Buyer and seller are deliberately not echoed:
 * no answer of Candor carries a party ref.
 */
public record TransactionView(String ref, Instant completedAt, List<String> products, Instant reviewableUntil,
                              @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String incentive) {
}
