package io.candor.appeal;

import io.candor.moderation.DecisionView;

import java.time.Instant;

/**
 * An appeal. {@code role} says whether the appellant wrote the content ({@code author}) or reported it
 * ({@code reporter}); {@code appellant} (a handle) and {@code decision} are filled for moderators.
 */
public record AppealView(String id, String decisionId, String status, String role, String grounds, String outcome, String statement,
                         Instant createdAt, Instant decidedAt, String decidedBy, String appellant, DecisionView decision) {
}
