package io.candor.tenant;

import org.jose4j.jwk.PublicJsonWebKey;

import java.util.List;

/**
 * An immutable snapshot of what requests need to know about a tenant: cached, so the hot paths never
 * read the tenant table.
 *
 * @param secret HMAC key for handles and cursors
 */
public record TenantContext(long id, String slug, String displayName, String issuer, TenantPolicy policy,
                            byte[] secret, List<PublicJsonWebKey> verificationKeys) {
}
