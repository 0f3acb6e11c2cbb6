package io.candor.web;

import io.candor.auth.BrowserSession;
import io.candor.auth.Caller;
import io.candor.auth.CandorIdentityProvider;
import io.candor.auth.SessionCodec;
import io.candor.auth.SessionConfig;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.Cookie;
import jakarta.enterprise.context.RequestScoped;

import java.util.Optional;

/**
 * The browser session of the current page request: who is signed in (as the auth mechanism established
 * it from the cookie), the CSRF token for this session's forms, and the cookie to send back when the
 * session starts, changes or ends.
 */
@RequestScoped
public class WebSession {

    private final SessionCodec codec;
    private final SessionConfig config;
    private final CurrentVertxRequest request;
    private final SecurityIdentity identity;
    private BrowserSession session;
    private String setCookie;

    public WebSession(SessionCodec codec, SessionConfig config, CurrentVertxRequest request, SecurityIdentity identity) {
        this.codec = codec;
        this.config = config;
        this.request = request;
        this.identity = identity;
    }

    /** The signed-in caller, if any. */
    public Optional<Caller> caller() {
        if (identity.isAnonymous()) {
            return Optional.empty();
        }
        return identity.getAttribute(CandorIdentityProvider.CALLER_ATTRIBUTE) instanceof Caller c ? Optional.of(c) : Optional.empty();
    }

    /** The signed-in caller with this role; otherwise the page answers with a sign-in link or a refusal. */
    public Caller require(String role) {
        Caller caller = caller().orElseThrow(SignInRequired::new);
        if (!caller.has(role)) {
            throw new PageRefusal(403, "You are signed in without the " + role + " role this page needs.");
        }
        return caller;
    }

    public String csrfToken() {
        return codec.csrfToken(session());
    }

    /** Whether a submitted token belongs to the session this browser already had; a missing cookie never matches. */
    public boolean csrfValid(String token) {
        Optional<BrowserSession> existing = fromCookie();
        return existing.isPresent() && codec.csrfMatches(existing.get(), token);
    }

    public void signIn(Caller caller) {
        session = codec.signedIn(caller);
        setCookie = cookie(codec.seal(session), config.sessionLifetime().toSeconds());
    }

    public void signOut() {
        session = codec.anonymous();
        setCookie = cookie("", 0);
    }

    /** The Set-Cookie header this request owes the browser, if the session started, changed or ended. */
    Optional<String> pendingCookie() {
        return Optional.ofNullable(setCookie);
    }

    private BrowserSession session() {
        if (session == null) {
            session = fromCookie().orElseGet(() -> {
                BrowserSession fresh = codec.anonymous();
                setCookie = cookie(codec.seal(fresh), config.sessionLifetime().toSeconds());
                return fresh;
            });
        }
        return session;
    }

    private Optional<BrowserSession> fromCookie() {
        Cookie cookie = request.getCurrent().request().getCookie(SessionCodec.COOKIE);
        return cookie == null ? Optional.empty() : codec.open(cookie.getValue());
    }

    private String cookie(String value, long maxAgeSeconds) {
        // Lax: the marketplace's cross-site POST to /signin can set it and a top-level link can use it;
        // no cross-site form can send it along with a POST
        return SessionCodec.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax"
                + (config.sessionCookieSecure() ? "; Secure" : "");
    }
}
