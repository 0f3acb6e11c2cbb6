package io.candor.common;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits how often one caller may use an endpoint: per party or API key when the caller is known, and
 * always per client address (hashed in memory, never stored). Over the limit: 429 with Retry-After.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RateLimited {

    /** Which budget the endpoint draws from. */
    @Nonbinding
    Budget value();

    enum Budget {
        /** Anonymous reads of public data: per client address. */
        PUBLIC_READ,
        /** Writes by parties and marketplaces. */
        WRITE,
        /** Reports, from parties and from the public. */
        REPORT,
        /** Sign-in form posts: per client address, whoever signs in. */
        SIGN_IN,
        /** Data exports, which read everything a party has: per party and per client address. */
        EXPORT
    }
}
