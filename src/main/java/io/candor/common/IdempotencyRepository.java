package io.candor.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;

/** The first answers kept for {@link IdempotencyInterceptor}'s replays, as erasure sees them. */
@ApplicationScoped
public class IdempotencyRepository {

    private final Jdbc jdbc;

    public IdempotencyRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Erasure: the answers kept for a caller's retries may quote what the caller wrote. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forget(long tenantId, String callerKey) {
        jdbc.update("DELETE FROM idempotency_record WHERE tenant_id = ? AND caller = ?", List.of(tenantId, callerKey));
    }
}
