package io.candor.review;

import io.candor.tenant.TenantContext;

import java.util.UUID;

/**
 * What reviews need to know of anonymous reviews, answered by the anonymous-review feature (which sits above reviews):
 * whether a subject's anonymous reviews of a month may be public (at least k tokens issued for it that month, the
 * marketplace's {@code anonymitySetSize}), asked when a moderator releases an anonymous review; and whether a line of a
 * transaction had its anonymous-review token, which then stands for that line's review (no second, named one).
 */
public interface AnonymitySet {

    boolean reached(TenantContext tenant, String subjectType, String subjectRef, String epoch);

    boolean tokenIssued(long tenantId, UUID transactionId, String subjectType, String subjectRef);
}
