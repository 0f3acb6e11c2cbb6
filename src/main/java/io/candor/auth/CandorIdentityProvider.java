package io.candor.auth;

import io.candor.common.CallerScope;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a bearer credential into a security identity carrying the {@link Caller}. */
@ApplicationScoped
public class CandorIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    public static final String CALLER_ATTRIBUTE = "candor.caller";

    private final TokenVerifier verifier;

    public CandorIdentityProvider(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> identityOf(verifier.verify(request.getToken().getToken())));
    }

    static SecurityIdentity identityOf(TokenVerifier.Verified verified) {
        Caller caller = verified.caller();
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.kind().name().toLowerCase()))
                .addRoles(caller.roles())
                .addAttribute(CALLER_ATTRIBUTE, caller)
                .addAttribute(CallerScope.KEY_ATTRIBUTE, verified.scopeKey());
        if (caller.tenantId() != null) {
            builder.addAttribute(CallerScope.TENANT_ATTRIBUTE, caller.tenantId());
        }
        return builder.build();
    }
}
