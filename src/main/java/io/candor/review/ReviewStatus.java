package io.candor.review;

/**
 * Where a review stands. Only {@link #PUBLISHED} reviews are public and counted; the others are kept,
 * visible to their author (and moderators), until erasure.
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

    public String code() {
        return name().toLowerCase();
    }

    public static ReviewStatus of(String code) {
        return valueOf(code.toUpperCase());
    }
}
