package io.candor.moderation;

import io.candor.common.ProblemException;
import io.candor.moderation.check.AutomatedCheck;
import io.candor.moderation.check.BlockedWordsCheck;
import io.candor.moderation.check.BurstCheck;
import io.candor.moderation.check.CheckInput;
import io.candor.moderation.check.ConflictOfInterestCheck;
import io.candor.moderation.check.DuplicateTextCheck;
import io.candor.moderation.check.Finding;
import io.candor.moderation.check.LinksCheck;
import io.candor.moderation.check.PersonalDataCheck;
import io.candor.moderation.check.TextFingerprint;
import io.candor.tenant.TenantContext;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where user text meets the automated checks, inside the write transaction. {@link #screen} runs every
 * check before the text is stored (a refusal ends the request; personal data is redacted before the
 * later checks look); {@link #recordOutcome} files what they found once the text is stored: an automated
 * decision for a redaction, a case with signals for a hold.
 */
@ApplicationScoped
public class ModerationGate {

    private final List<AutomatedCheck> checks;
    private final CaseService cases;
    private final DecisionService decisions;
    private final MeterRegistry metrics;
    private final Clock clock;

    public ModerationGate(ConflictOfInterestCheck conflictOfInterest, PersonalDataCheck personalData, BlockedWordsCheck blockedWords,
                          LinksCheck links, DuplicateTextCheck duplicateText, BurstCheck burst, CaseService cases, DecisionService decisions,
                          MeterRegistry metrics, Clock clock) {
        // The order matters: refusals first, then redaction, so that no later check sees (or records) personal data.
        this.checks = List.of(conflictOfInterest, personalData, blockedWords, links, duplicateText, burst);
        this.cases = cases;
        this.decisions = decisions;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Every check's verdict on the submission; throws a 422 when a check refuses it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Screening screen(TenantContext tenant, TextSubmission submission) {
        CheckInput input = new CheckInput(tenant, submission.kind(), submission.targetId(), submission.subjectType(), submission.subjectRef(),
                submission.authorPartyId(), submission.sellerPartyId(), submission.title(), submission.body(), submission.isEdit(), clock.instant());
        List<Finding> findings = new ArrayList<>();
        for (AutomatedCheck check : checks) {
            Optional<Finding> found = check.examine(input);
            if (found.isEmpty()) {
                continue;
            }
            Finding finding = found.get();
            metrics.counter("candor.checks.findings", "check", finding.check(), "effect", finding.effect().name().toLowerCase()).increment();
            if (finding.effect() == Finding.Effect.REFUSE) {
                throw ProblemException.invalid("subject", finding.detail());
            }
            if (finding.effect() == Finding.Effect.REDACT) {
                input = input.withText(finding.title(), finding.body());
            }
            findings.add(finding);
        }
        return new Screening(input.title(), input.body(), findings, TextFingerprint.of(input.body()).orElse(null));
    }

    /**
     * Files the findings once the content is stored. Feedback comments have no cases: what would hold them refuses
     * them instead, and their redactions are labelled on the feedback itself.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordOutcome(TenantContext tenant, TextSubmission submission, Screening screening, Instant now) {
        if (screening.findings().isEmpty() || "feedback".equals(submission.kind())) {
            return;
        }
        screening.findings().stream().filter(f -> f.effect() == Finding.Effect.REDACT).findFirst()
                .ifPresent(redaction -> decisions.recordAutomatedRedaction(tenant, submission, redaction, now));
        List<Finding> holds = screening.findings().stream().filter(Finding::holds).toList();
        if (holds.isEmpty()) {
            return;
        }
        boolean surgeOnly = holds.stream().allMatch(f -> f.effect() == Finding.Effect.HOLD_FOR_SURGE);
        UUID caseId = surgeOnly
                ? cases.openCase(tenant.id(), "subject", submission.subjectType() + ":" + submission.subjectRef(), now)
                : cases.openCase(tenant.id(), submission.kind(), submission.targetId().toString(), now);
        for (Finding hold : holds) {
            cases.signal(tenant.id(), caseId, submission.kind(), submission.targetId(), "check:" + hold.check(), hold.weight(), hold.detail(), null, now);
        }
    }
}
