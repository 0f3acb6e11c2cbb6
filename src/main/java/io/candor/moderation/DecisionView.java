package io.candor.moderation;

import java.time.Instant;
import java.util.List;

/**
 * A decision as moderators and the API see it. {@code decidedBy} is the moderator's handle, or null when
 * the decision was automated; {@code related} lists the other decisions made together (a surge case).
 */
public record DecisionView(String id, String caseId, Notice.Target target, String action, Notice.PolicyRef policy, String statement,
                           String source, boolean automatedDetection, boolean automatedDecision, String decidedBy, Instant decidedAt,
                           Instant appealDeadline, boolean overturned, List<String> related) {
}
