package io.candor.web;

import io.candor.auth.Caller;
import io.candor.common.Role;
import io.candor.auth.TokenVerifier;
import io.candor.common.RequestGate;
import io.candor.tenant.SignInOrigins;
import io.candor.tenant.TenantDirectory;
import io.quarkus.security.AuthenticationFailedException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sign-in to the pages: a marketplace user's JWT, signed with a key the marketplace registered, checked
 * exactly as the API checks it, and only for the marketplace named in the sign-in address.
 */
@ApplicationScoped
public class SignInService {

    /** A path on this site: never another host, never anything that could split a header. */
    private static final Pattern LOCAL_PATH = Pattern.compile("/[A-Za-z0-9/_.:?=&%+-]{0,500}");

    private final TokenVerifier verifier;
    private final TenantDirectory tenants;

    public SignInService(TokenVerifier verifier, TenantDirectory tenants) {
        this.verifier = verifier;
        this.tenants = tenants;
    }

    /** The user the token stands for, or empty when it is not a valid user token of that marketplace. */
    public Optional<Caller> verify(String tenantSlug, String token) {
        Caller caller;
        try {
            caller = verifier.verify(token).caller();
        } catch (AuthenticationFailedException e) {
            return Optional.empty();
        }
        if (caller.kind() != Caller.Kind.PARTY || caller.roles().isEmpty()) {
            return Optional.empty();
        }
        boolean sameTenant = tenants.bySlug(tenantSlug).map(t -> t.id() == caller.tenant()).orElse(false);
        return sameTenant ? Optional.of(caller) : Optional.empty();
    }

    /**
     * Login CSRF: a sign-in form is taken only from a page of Candor itself or of a site the marketplace registered
     * ({@code signInOrigins}), judged by the browser's {@code Origin} header or, without one, the {@code Referer}'s
     * origin. A post that carries neither is refused: browsers send at least one with every form post.
     */
    public boolean fromAllowedOrigin(String tenantSlug, String origin, String referer, String ownOrigin) {
        String from = origin != null && !origin.isEmpty() && !origin.equals("null") ? SignInOrigins.origin(origin)
                : referer == null ? null : refererOrigin(referer);
        if (from == null) {
            return false;
        }
        if (from.equals(ownOrigin)) {
            return true;
        }
        return tenants.bySlug(tenantSlug).map(t -> t.signInOrigins().contains(from)).orElse(false);
    }

    private static String refererOrigin(String referer) {
        try {
            java.net.URI uri = java.net.URI.create(referer);
            return uri.getScheme() == null || uri.getRawAuthority() == null ? null : SignInOrigins.origin(uri.getScheme() + "://" + uri.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Where to go after sign-in: the page the user came from if it is one of ours, else the home of their role. */
    static String destination(Caller caller, String next) {
        if (next != null && LOCAL_PATH.matcher(next).matches() && !next.startsWith("//") && RequestGate.check(next).isEmpty()) {
            return next;
        }
        if (caller.has(Role.SELLER)) {
            return "/seller";
        }
        return caller.has(Role.MODERATOR) ? "/moderation" : "/";
    }
}
