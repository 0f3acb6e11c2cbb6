package io.candor.anonymous;

import io.candor.review.AnonymitySet;
import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** {@link AnonymitySet} from this feature's tables. */
@ApplicationScoped
public class AnonymitySets implements AnonymitySet {

    private final AnonymousRepository repository;

    public AnonymitySets(AnonymousRepository repository) {
        this.repository = repository;
    }

    @Override
    public boolean reached(TenantContext tenant, String subjectType, String subjectRef, String epoch) {
        return repository.issued(tenant.id(), subjectType, subjectRef, epoch) >= tenant.policy().anonymitySetSize();
    }

    @Override
    public boolean tokenIssued(long tenantId, UUID transactionId, String subjectType, String subjectRef) {
        return repository.issuedFor(tenantId, transactionId, subjectType, subjectRef);
    }
}
