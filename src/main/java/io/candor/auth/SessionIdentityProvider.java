package io.candor.auth;

import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a signed-in browser session into the same identity its user's token would have given. */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<SessionAuthenticationRequest> {

    private final TenantDirectory tenants;

    public SessionIdentityProvider(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    @Override
    public Class<SessionAuthenticationRequest> getRequestType() {
        return SessionAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            Caller caller = request.session().caller();
            TenantContext tenant = tenants.byId(caller.tenant());
            return CandorIdentityProvider.identityOf(new TokenVerifier.Verified(caller, "party:" + TokenVerifier.scopeHash(tenant, caller.party())));
        });
    }
}
