package io.candor.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/** A tenant as the operator sees it; {@code apiKey} is only present in the answer that created the key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantView(String slug, String displayName, String issuer, TenantPolicy policy, List<String> publicKeys,
                         List<ApiKeyView> apiKeys, Instant createdAt, String apiKey, String audience, List<String> signInOrigins) {

    /** An API key as listed: its prefix identifies it for revocation; the key itself is never shown again. */
    public record ApiKeyView(String prefix, Instant createdAt, Instant revokedAt) {
    }

    /** The answer to issuing a key: the only time the key is shown. */
    public record IssuedApiKey(String apiKey, String prefix) {
    }
}
