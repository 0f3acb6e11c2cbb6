package io.candor.moderation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import java.util.List;

/** A moderator's decision on a case: {@code keep}, {@code remove} or {@code redact}, under a policy, with a statement. */
public record DecisionRequest(String action, String policy, String statement, @Size(max = 20) List<@Valid Redaction> redactions) {

    /** Text to remove from one field of the content. */
    public record Redaction(String field, @Size(max = 5000) String text) {
    }
}
