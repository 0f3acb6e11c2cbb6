package io.candor.moderation;

import io.candor.tenant.TenantContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;

/**
 * Where user text meets the automated checks, inside the write transaction. {@link #screen} decides
 * before the text is stored; {@link #recordOutcome} files the signals once it is.
 */
@ApplicationScoped
public class ModerationGate {

    @Transactional(Transactional.TxType.MANDATORY)
    public Screening screen(TenantContext tenant, TextSubmission submission) {
        return Screening.pass(submission);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void recordOutcome(TenantContext tenant, TextSubmission submission, Screening screening, Instant now) {
        // Signals and cases arrive with moderation (issue #3).
    }
}
