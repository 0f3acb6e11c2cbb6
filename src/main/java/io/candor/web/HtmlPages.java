package io.candor.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a page resource whose refusals are pages: a {@link io.candor.common.ProblemException} thrown by the services it
 * calls is answered by {@link PageErrors} as an HTML page that says what went wrong, not as problem+json.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface HtmlPages {
}
