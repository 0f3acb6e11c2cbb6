package io.candor.common;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a POST whose first answer is replayed for a repeat with the same {@code Idempotency-Key} and
 * the same request within 24 hours. Every POST of the API carries it, and returns a {@code Response}: the
 * replay is the stored answer, which a method declared to return a DTO could not hand back.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Idempotent {
}
