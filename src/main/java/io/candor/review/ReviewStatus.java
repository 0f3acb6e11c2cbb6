package io.candor.review;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where a review stands, and the one table of how it may move. Only {@link #PUBLISHED} reviews are public and
 * counted; the others are kept, visible to their author (and moderators), until erasure.
 * {@link ReviewTransitions} is the only place that moves a review, and it refuses any move this table lacks.
 */
public enum ReviewStatus {
    /** Public and counted in its subject's summary. */
    PUBLISHED,
    /** Waiting for a moderator: an automated check or a threshold of reports put it aside. */
    HELD,
    /** Double-blind: hidden from everyone but its author until the other side's feedback or the window's end. */
    SEALED,
    /** Hidden by a moderator's decision; kept, and restored if an appeal overturns the decision. */
    REMOVED,
    /** Taken back by its author. */
    WITHDRAWN;

    /** One allowed move, with the rule that allows it. {@code from} is null for a new review. */
    public record Transition(ReviewStatus from, ReviewStatus to, String rule) {
    }

    /** The transition table: every move a review can make, and why. docs/architecture.md draws it. */
    public static final List<Transition> TRANSITIONS = List.of(
            new Transition(null, PUBLISHED, "submitted, and the checks pass"),
            new Transition(null, HELD, "submitted, and a check holds it"),
            new Transition(null, SEALED, "submitted inside its transaction's double-blind window; anonymous, before its anonymity set is reached"),
            new Transition(PUBLISHED, HELD, "an edit the checks hold; reports past the hiding threshold"),
            new Transition(SEALED, HELD, "an edit the checks hold"),
            new Transition(HELD, PUBLISHED, "a moderator keeps or redacts it"),
            new Transition(HELD, SEALED, "a moderator keeps it inside its double-blind window, or before its anonymity set is reached"),
            new Transition(SEALED, PUBLISHED, "the other side's feedback, or the end of the reveal window; anonymous, its anonymity set reached"),
            new Transition(PUBLISHED, REMOVED, "a moderator removes it; an appeal overturns a keep"),
            new Transition(HELD, REMOVED, "a moderator removes it"),
            new Transition(SEALED, REMOVED, "a moderator removes it"),
            new Transition(REMOVED, PUBLISHED, "an appeal overturns the removal"),
            new Transition(REMOVED, SEALED, "an appeal overturns the removal inside the double-blind window"),
            new Transition(PUBLISHED, WITHDRAWN, "its author withdraws it, or is erased"),
            new Transition(HELD, WITHDRAWN, "its author withdraws it, or is erased"),
            new Transition(SEALED, WITHDRAWN, "its author withdraws it, or is erased"),
            new Transition(REMOVED, WITHDRAWN, "its author withdraws it, or is erased"));

    /** The statuses a new review may start in. */
    public static Set<ReviewStatus> initial() {
        return Initial.STATUSES;
    }

    /** Computed once, after the table exists. */
    private static final class Initial {
        static final Set<ReviewStatus> STATUSES;

        static {
            Set<ReviewStatus> initial = EnumSet.noneOf(ReviewStatus.class);
            TRANSITIONS.stream().filter(t -> t.from() == null).forEach(t -> initial.add(t.to()));
            STATUSES = java.util.Collections.unmodifiableSet(initial);
        }
    }

    /** Whether the table allows moving from this status to {@code next}. */
    public boolean canMoveTo(ReviewStatus next) {
        return TRANSITIONS.stream().anyMatch(t -> t.from() == this && t.to() == next);
    }

    /** Counts in summaries and shows in public lists. */
    public boolean isPublic() {
        return this == PUBLISHED;
    }

    public String code() {
        return name().toLowerCase();
    }

    public static ReviewStatus of(String code) {
        return valueOf(code.toUpperCase());
    }
}
