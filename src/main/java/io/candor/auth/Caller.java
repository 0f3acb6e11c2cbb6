package io.candor.auth;

import io.candor.common.Role;
import io.candor.common.ProblemException;

import java.util.Set;

/**
 * Who is calling, as far as Candor cares: the operator, a marketplace backend (by API key) or a party of
 * one tenant with roles (by token). A party is known only by the marketplace's opaque reference.
 */
public record Caller(Kind kind, Long tenantId, String partyRef, Set<String> roles) {

    public enum Kind { ADMIN, MARKETPLACE, PARTY }

    public static Caller admin() {
        return new Caller(Kind.ADMIN, null, null, Set.of(Role.ADMIN));
    }

    public static Caller marketplace(long tenantId) {
        return new Caller(Kind.MARKETPLACE, tenantId, null, Set.of(Role.MARKETPLACE));
    }

    public static Caller party(long tenantId, String ref, Set<String> roles) {
        return new Caller(Kind.PARTY, tenantId, ref, Set.copyOf(roles));
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    public long tenant() {
        if (tenantId == null) {
            throw ProblemException.forbidden("This needs a credential of a marketplace.");
        }
        return tenantId;
    }

    public String party() {
        if (kind != Kind.PARTY) {
            throw ProblemException.forbidden("This needs a user token.");
        }
        return partyRef;
    }

    /** The role the caller acts in, for the audit log: moderator before seller before buyer. */
    public String primaryRole() {
        for (String role : new String[]{Role.ADMIN, Role.MARKETPLACE, Role.MODERATOR, Role.SELLER, Role.BUYER}) {
            if (roles.contains(role)) {
                return role;
            }
        }
        return "party";
    }

    @Override
    public String toString() {
        // never the party ref: callers end up in log lines
        return "Caller[" + kind + ", tenant=" + tenantId + ", roles=" + roles + "]";
    }
}
