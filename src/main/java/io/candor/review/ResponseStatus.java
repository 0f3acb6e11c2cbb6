package io.candor.review;

import java.util.List;

/**
 * Where a seller's response stands, and the one table of how it may move; {@link ResponseTransitions} is the only
 * place that moves a response, and it refuses any move this table lacks.
 */
public enum ResponseStatus {
    /** Shown under the review. */
    PUBLISHED,
    /** Waiting for a moderator. */
    HELD,
    /** Hidden by a moderator's decision; kept while appealable. */
    REMOVED,
    /** Taken back by the seller (or unlinked by erasure). */
    WITHDRAWN;

    /** One allowed move; {@code from} is null for a new response. */
    public record Transition(ResponseStatus from, ResponseStatus to, String rule) {
    }

    public static final List<Transition> TRANSITIONS = List.of(
            new Transition(null, PUBLISHED, "written, and the checks pass"),
            new Transition(null, HELD, "written, and a check holds it"),
            new Transition(PUBLISHED, HELD, "an edit the checks hold; reports past the hiding threshold"),
            new Transition(HELD, PUBLISHED, "an edit the checks pass; a moderator keeps or redacts it"),
            new Transition(PUBLISHED, REMOVED, "a moderator removes it; an appeal overturns a keep"),
            new Transition(HELD, REMOVED, "a moderator removes it"),
            new Transition(REMOVED, PUBLISHED, "an appeal overturns the removal"),
            new Transition(PUBLISHED, WITHDRAWN, "the seller withdraws it, or is erased"),
            new Transition(HELD, WITHDRAWN, "the seller withdraws it, or is erased"),
            new Transition(REMOVED, WITHDRAWN, "its seller is erased"),
            new Transition(WITHDRAWN, PUBLISHED, "the seller answers again, and the checks pass"),
            new Transition(WITHDRAWN, HELD, "the seller answers again, and a check holds it"));

    public boolean canMoveTo(ResponseStatus next) {
        return TRANSITIONS.stream().anyMatch(t -> t.from() == this && t.to() == next);
    }

    public static boolean canStartAs(ResponseStatus status) {
        return TRANSITIONS.stream().anyMatch(t -> t.from() == null && t.to() == status);
    }

    public String code() {
        return name().toLowerCase();
    }

    public static ResponseStatus of(String code) {
        return valueOf(code.toUpperCase());
    }
}
