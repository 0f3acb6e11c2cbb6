package io.candor.auth;

import java.time.Instant;
import java.util.Set;

/**
 * What a session cookie stands for: a random id (which CSRF tokens are bound to) and, once signed in, the
 * tenant, party and roles. Before sign-in a session has only its id, so that sign-in forms carry CSRF tokens too.
 */
public record BrowserSession(String id, Long tenantId, String party, Set<String> roles, Instant expiresAt) {

    public BrowserSession {
        roles = Set.copyOf(roles);
    }

    public boolean signedIn() {
        return tenantId != null;
    }

    public Caller caller() {
        return Caller.party(tenantId, party, roles);
    }

    @Override
    public String toString() {
        // never the party ref: sessions may end up in log lines
        return "BrowserSession[tenant=" + tenantId + ", roles=" + roles + ", expires=" + expiresAt + "]";
    }
}
