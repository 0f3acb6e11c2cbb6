package io.candor.moderation;

import java.time.Instant;
import java.util.UUID;

/**
 * A decision as the services use it, with what an appeal needs to reverse it.
 *
 * @param decidedBy       the deciding moderator's party id; null for an automated decision
 * @param deciderHandle   the deciding moderator's handle, as moderators see it
 * @param previousStatus  the content's status before the decision
 * @param previousVersion the version a redaction replaced, else null
 */
public record DecisionRecord(UUID id, UUID caseId, String targetType, UUID targetId, String action, PolicyCatalog.Policy policy,
                             String statement, String source, boolean automatedDetection, boolean automatedDecision, UUID decidedBy, String deciderHandle,
                             String previousStatus, Integer previousVersion, Integer targetRating, Instant decidedAt, Instant appealUntil,
                             Instant overturnedAt) {

    public boolean appealOpen(Instant now) {
        return now.isBefore(appealUntil);
    }
}
