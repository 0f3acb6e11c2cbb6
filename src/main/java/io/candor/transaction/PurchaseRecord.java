package io.candor.transaction;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A completed transaction as other features need it to check entitlements. */
public record PurchaseRecord(UUID id, String ref, UUID buyerPartyId, UUID sellerPartyId, String sellerRef,
                             Instant completedAt, List<String> products, Incentive incentive) {

    public boolean covers(String subjectType, String subjectRef) {
        return switch (subjectType) {
            case "seller" -> sellerRef.equals(subjectRef);
            case "product" -> products.contains(subjectRef);
            default -> false;
        };
    }
}
