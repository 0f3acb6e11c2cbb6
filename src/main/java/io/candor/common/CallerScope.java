package io.candor.common;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The names under which the identity provider records, on a {@link SecurityIdentity}, which tenant a
 * caller belongs to and a stable key for it that holds no party ref (for idempotency and rate limits).
 */
public final class CallerScope {

    public static final String TENANT_ATTRIBUTE = "candor.tenant";
    public static final String KEY_ATTRIBUTE = "candor.caller-key";

    private CallerScope() {
    }

    public static long tenantOf(SecurityIdentity identity) {
        Object tenant = identity == null ? null : identity.getAttribute(TENANT_ATTRIBUTE);
        return tenant instanceof Long l ? l : 0L;
    }

    public static String keyOf(SecurityIdentity identity) {
        Object key = identity == null ? null : identity.getAttribute(KEY_ATTRIBUTE);
        return key instanceof String s ? s : "anonymous";
    }
}
