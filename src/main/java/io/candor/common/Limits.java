package io.candor.common;

/** Shared request limits of the API contract. */
public final class Limits {

    public static final int DEFAULT_PAGE = 20;
    public static final int MAX_PAGE = 100;

    private Limits() {
    }

    /** {@code ?limit=} 1..100, default 20; anything else is a 422 naming the field. */
    public static int pageSize(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_PAGE;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_PAGE) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalid("limit", "must be a whole number between 1 and " + MAX_PAGE);
    }

    /** {@code ?flag=true|false}; absent is null. */
    public static Boolean flag(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ProblemException.invalid(field, "must be true or false");
        };
    }
}
