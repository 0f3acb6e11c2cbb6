package io.candor.auth;

import io.candor.common.HttpEdge;
import io.candor.common.RequestGate;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code Authorization: Bearer <credential>}; {@link CandorIdentityProvider} decides whether it is
 * the admin token, a tenant API key or a tenant user's JWT. Pages (everything outside {@code /api/} and
 * {@code /q/}) also accept Candor's own session cookie; the API never does, so a browser's cookie cannot
 * be used against the API from another site. No credential means an anonymous caller.
 */
@ApplicationScoped
public class CandorAuthMechanism implements HttpAuthenticationMechanism {

    static final String BEARER = "Bearer ";

    private final SessionCodec sessions;

    public CandorAuthMechanism(SessionCodec sessions) {
        this.sessions = sessions;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (header == null) {
            return fromSession(context, identityProviderManager);
        }
        // the credential is compared as sent: no trimming, so "token " is not "token"
        String token = header.regionMatches(true, 0, BEARER, 0, BEARER.length()) ? header.substring(BEARER.length()) : "";
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new TokenCredential(token, "bearer"));
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identityProviderManager.authenticate(request);
    }

    /** A page request with a valid signed-in session; an expired, foreign or anonymous session is simply no credential. */
    private Uni<SecurityIdentity> fromSession(RoutingContext context, IdentityProviderManager identityProviderManager) {
        Cookie cookie = isPage(context) ? context.request().getCookie(SessionCodec.COOKIE) : null;
        Optional<BrowserSession> session = cookie == null ? Optional.empty() : sessions.open(cookie.getValue()).filter(BrowserSession::signedIn);
        if (session.isEmpty()) {
            return Uni.createFrom().optional(Optional.empty());
        }
        SessionAuthenticationRequest request = new SessionAuthenticationRequest(session.get());
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identityProviderManager.authenticate(request);
    }

    /**
     * Pages are what a browser navigates to; the API and the operations endpoints are not pages. Decided on the
     * canonical path that {@link HttpEdge} computed once for the request: a request without one is no page.
     */
    public static boolean isPage(RoutingContext context) {
        return HttpEdge.canonicalPath(context).filter(path -> !RequestGate.isApi(path)).isPresent();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class, SessionAuthenticationRequest.class);
    }
}
