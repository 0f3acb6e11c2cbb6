package io.candor.auth;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/** The verified {@link Caller} of the current request, for resources that need more than a role check. */
@ApplicationScoped
public class CurrentCaller {

    private final SecurityIdentity identity;

    public CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller get() {
        Object caller = identity.getAttribute(CandorIdentityProvider.CALLER_ATTRIBUTE);
        if (caller instanceof Caller c) {
            return c;
        }
        throw new UnauthorizedException();
    }
}
