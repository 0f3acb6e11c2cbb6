package io.candor.web;

/** What page forms and query strings send, read the same way on every page. */
final class Forms {

    private Forms() {
    }

    /** An empty or blank field is no value at all. */
    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
