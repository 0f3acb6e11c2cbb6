package io.candor.tenant;

import org.jose4j.jwk.PublicJsonWebKey;

import java.util.List;

/**
 * An immutable snapshot of what requests need to know about a tenant: cached, so the hot paths never
 * read the tenant table.
 *
 * @param secret HMAC key for handles and cursors
 * @param audience the {@code aud} the tenant's user tokens must carry, when it requires one
 * @param signInOrigins origins whose pages may post the tenant's sign-in form
 */
public record TenantContext(long id, String slug, String displayName, String issuer, TenantPolicy policy,
                            byte[] secret, List<PublicJsonWebKey> verificationKeys, java.util.Optional<String> audience,
                            List<String> signInOrigins) {
}
