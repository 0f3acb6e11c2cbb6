package io.candor.transaction;

import io.candor.tenant.TenantContext;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A transaction was registered, fired synchronously in the registering transaction; features above observe it
 * (invitation/ plans the review invitations of its lines) instead of being called by transaction.
 */
public record TransactionRegistered(TenantContext tenant, UUID transactionId, String ref, UUID buyerPartyId, UUID sellerPartyId,
                                    Instant completedAt, List<String> products, Instant at) {
}
