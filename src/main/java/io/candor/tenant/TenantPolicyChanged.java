package io.candor.tenant;

/**
 * A tenant's policy changed, fired in the changing transaction. Features whose stored figures depend on the policy
 * observe it after commit (summary/ recomputes the tenant's summaries when what counts changed).
 */
public record TenantPolicyChanged(long tenantId, TenantPolicy before, TenantPolicy after) {
}
