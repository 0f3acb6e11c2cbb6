package io.candor.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A page request carrying an opened, signed-in browser session. */
public class SessionAuthenticationRequest extends BaseAuthenticationRequest {

    private final BrowserSession session;

    public SessionAuthenticationRequest(BrowserSession session) {
        this.session = session;
    }

    public BrowserSession session() {
        return session;
    }
}
