package io.candor.common;

/** One field's complaint inside a {@code validation} problem. */
public record FieldError(String field, String message) {
}
