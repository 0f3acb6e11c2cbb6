package io.candor.moderation;

import java.time.Instant;

/**
 * A statement of reasons (EU Digital Services Act, Art. 17) as its recipient reads it: what was done and to
 * what, for how long, on which facts, whether machines found or decided it, under which rule, why, and how
 * to appeal. Notices about an appeal's outcome carry {@code appealOutcome}.
 *
 * @param recipientRole {@code author} of the content or {@code reporter} of it
 */
public record Notice(String id, String decision, String action, String scope, String duration, String facts, String source,
                     boolean automatedDetection, boolean automatedDecision, PolicyRef policy, String statement, Appeal appeal,
                     Target target, String recipientRole, Instant issuedAt, AppealOutcome appealOutcome) {

    public record PolicyRef(String code, int version, String title) {
    }

    /** Whether and until when the recipient may appeal, and where. */
    public record Appeal(boolean allowed, Instant deadline, String endpoint) {
    }

    public record Target(String type, String id) {
    }

    /** The appeal this notice answers and how it was decided. */
    public record AppealOutcome(String appeal, String outcome, String statement) {
    }
}
