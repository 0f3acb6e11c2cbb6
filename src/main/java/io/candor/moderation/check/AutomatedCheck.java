package io.candor.moderation.check;

import java.util.Optional;

/**
 * One automated check run on every new review, edit and seller response inside the write transaction.
 * Its {@link #code()} is stable: signals, notices and the transparency report name the check by it.
 */
public interface AutomatedCheck {

    /** The check's stable code, e.g. {@code personal-information}. */
    String code();

    /** What the check finds in the submission, if anything. */
    Optional<Finding> examine(CheckInput input);
}
