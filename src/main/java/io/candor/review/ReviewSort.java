package io.candor.review;

import io.candor.common.ProblemException;

import java.util.List;

/**
 * The public list's orders. Each has an index (see V1__core.sql) whose columns are its ORDER BY, and a
 * keyset condition that continues after the last row of the previous page.
 */
enum ReviewSort {
    HELPFUL("r.helpful_rank DESC, r.review_id DESC", "(r.helpful_rank, r.review_id) < (?, ?)", 2),
    NEWEST("r.created_at DESC, r.review_id DESC", "(r.created_at, r.review_id) < (?, ?)", 2),
    HIGHEST("r.rating DESC, r.created_at DESC, r.review_id DESC", "(r.rating, r.created_at, r.review_id) < (?, ?, ?)", 3),
    LOWEST("r.rating ASC, r.created_at DESC, r.review_id DESC", "(r.rating > ? OR (r.rating = ? AND (r.created_at, r.review_id) < (?, ?)))", 3);

    final String orderBy;
    final String after;
    final int keys;

    ReviewSort(String orderBy, String after, int keys) {
        this.orderBy = orderBy;
        this.after = after;
        this.keys = keys;
    }

    static ReviewSort of(String value) {
        if (value == null || value.isEmpty()) {
            return HELPFUL;
        }
        return switch (value) {
            case "helpful" -> HELPFUL;
            case "newest" -> NEWEST;
            case "highest" -> HIGHEST;
            case "lowest" -> LOWEST;
            default -> throw ProblemException.invalid("sort", "must be one of helpful, newest, highest, lowest");
        };
    }

    /** The cursor's values as SQL parameters for {@link #after}. */
    List<Object> parameters(List<String> values) {
        try {
            return switch (this) {
                case HELPFUL -> List.of(Double.parseDouble(values.get(0)), java.util.UUID.fromString(values.get(1)));
                case NEWEST -> List.of(micros(values.get(0)), java.util.UUID.fromString(values.get(1)));
                case HIGHEST -> List.of(Short.parseShort(values.get(0)), micros(values.get(1)), java.util.UUID.fromString(values.get(2)));
                case LOWEST -> List.of(Short.parseShort(values.get(0)), Short.parseShort(values.get(0)), micros(values.get(1)),
                        java.util.UUID.fromString(values.get(2)));
            };
        } catch (IllegalArgumentException e) {
            throw io.candor.common.CursorCodec.invalid();
        }
    }

    static java.time.Instant micros(String value) {
        long micros = Long.parseLong(value);
        return java.time.Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    static String micros(java.time.Instant instant) {
        return Long.toString(instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000);
    }
}
