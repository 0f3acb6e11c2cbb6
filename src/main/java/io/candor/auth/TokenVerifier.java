package io.candor.auth;

import io.candor.common.Role;
import io.candor.common.Hmac;
import io.candor.common.Refs;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import io.quarkus.security.AuthenticationFailedException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides who a bearer credential belongs to: the operator's token, a tenant's API key, or a JWT signed
 * (RS256 or ES256 only) by a key registered for the tenant named in its {@code iss}. Anything else is
 * refused, without saying which check failed.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final Set<String> PARTY_ROLES = Set.of(Role.BUYER, Role.SELLER, Role.MODERATOR);
    /** Tokens are meant to be short-lived; one promising more than a day of validity is refused. */
    private static final int MAX_VALIDITY_MINUTES = 24 * 60;
    private static final JwtConsumer READ_UNVERIFIED = new JwtConsumerBuilder()
            .setSkipAllValidators()
            .setDisableRequireSignature()
            .setSkipSignatureVerification()
            .build();

    static final String AUTHOR_PREFIX = "cna_";

    private final TenantDirectory tenants;
    private final CandorConfig config;
    private final AuthorSecrets authorSecrets;
    /**
     * Tokens already verified, by SHA-256 of the token: RS256/ES256 verification was 6 % of a POST's CPU, and a
     * marketplace's user sends the same token with every request of a session. A hit counts only while the token
     * has not expired (with the same 30 s of skew a full check allows) and while the tenant is the very same
     * {@link TenantContext} instance the token was verified against: any change to the tenant (a key rotated or
     * removed, the issuer or audience changed) evicts that instance from the {@link TenantDirectory}, and the token is
     * then checked from scratch, so revocation is exactly as prompt as without this cache.
     */
    private final com.github.benmanes.caffeine.cache.Cache<java.nio.ByteBuffer, Cached> verified =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(java.time.Duration.ofMinutes(5)).build();

    private record Cached(Verified verified, String issuer, TenantContext tenant, long validUntilMillis) {
    }

    public TokenVerifier(TenantDirectory tenants, CandorConfig config, AuthorSecrets authorSecrets) {
        this.tenants = tenants;
        this.config = config;
        this.authorSecrets = authorSecrets;
    }

    /** A verified caller and the key that scopes idempotency records and rate limits to it. */
    public record Verified(Caller caller, String scopeKey) {
    }

    public Verified verify(String credential) {
        if (credential == null || credential.isEmpty() || credential.length() > 8192 || credential.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw refused();
        }
        Optional<String> admin = config.adminToken().filter(t -> !t.isBlank());
        if (admin.isPresent() && MessageDigest.isEqual(admin.get().getBytes(StandardCharsets.UTF_8), credential.getBytes(StandardCharsets.UTF_8))) {
            return new Verified(Caller.admin(), "admin");
        }
        if (credential.startsWith(AUTHOR_PREFIX)) {
            return verifyAuthorSecret(credential);
        }
        if (credential.startsWith("cnd_")) {
            long tenant = tenants.tenantOfApiKey(credential).orElseThrow(TokenVerifier::refused);
            String prefix = io.candor.tenant.ApiKeys.parse(credential).map(io.candor.tenant.ApiKeys.Parsed::prefix).orElseThrow();
            return new Verified(Caller.marketplace(tenant), "marketplace:" + prefix);
        }
        return verifyJwt(credential);
    }

    /**
     * An anonymous review's author secret, {@code cna_<tenant>.<32 bytes base64url>}: it acts as the review's pseudonym,
     * in the {@code author} role only (its own review, notices and appeals).
     */
    private Verified verifyAuthorSecret(String credential) {
        int dot = credential.indexOf('.');
        if (dot < 0) {
            throw refused();
        }
        TenantContext tenant = tenants.bySlug(credential.substring(AUTHOR_PREFIX.length(), dot)).orElseThrow(TokenVerifier::refused);
        byte[] secret;
        try {
            secret = java.util.Base64.getUrlDecoder().decode(credential.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw refused();
        }
        if (secret.length != 32) {
            throw refused();
        }
        String ref = authorSecrets.authorOf(tenant.id(), secret).orElseThrow(TokenVerifier::refused);
        return new Verified(Caller.party(tenant.id(), ref, Set.of(Role.AUTHOR)), scopeKeyOf(tenant, ref));
    }

    private Verified verifyJwt(String token) {
        if (token.chars().filter(c -> c == '.').count() != 2) {
            throw refused();
        }
        java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(sha256(token));
        Cached hit = verified.getIfPresent(key);
        if (hit != null) {
            if (System.currentTimeMillis() < hit.validUntilMillis() && tenants.byIssuer(hit.issuer()).orElse(null) == hit.tenant()) {
                return hit.verified();
            }
            verified.invalidate(key);
        }
        String issuer;
        JwtContext unverified;
        try {
            unverified = READ_UNVERIFIED.process(token);
            issuer = unverified.getJwtClaims().getIssuer();
            if (unverified.getJoseObjects().size() != 1 || !isAccessTokenType(unverified.getJoseObjects().get(0).getHeader("typ"))) {
                throw refused();
            }
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw refused();
        }
        if (issuer == null) {
            throw refused();
        }
        TenantContext tenant = tenants.byIssuer(issuer).orElseThrow(TokenVerifier::refused);
        if (tenant.verificationKeys().isEmpty()) {
            throw refused();
        }
        JwksVerificationKeyResolver keys = new JwksVerificationKeyResolver(new ArrayList<JsonWebKey>(tenant.verificationKeys()));
        keys.setDisambiguateWithVerifySignature(true);
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setMaxFutureValidityInMinutes(MAX_VALIDITY_MINUTES)
                .setAllowedClockSkewInSeconds(30)
                .setRequireSubject()
                .setExpectedIssuer(tenant.issuer());
        if (tenant.audience().isPresent()) {
            builder.setExpectedAudience(true, tenant.audience().get());
        } else {
            builder.setSkipDefaultAudienceValidation();
        }
        JwtConsumer consumer = builder
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                .setVerificationKeyResolver(keys)
                .build();
        JwtClaims claims;
        String subject;
        try {
            // the context read above, verified and validated now (jose4j's two-pass pattern): the token is parsed
            // once, not twice (half the allocation of a new token's check, about 14 % of its time)
            consumer.processContext(unverified);
            claims = unverified.getJwtClaims();
            subject = claims.getSubject();
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw refused();
        }
        if (!Refs.isPartyRef(subject)) {
            throw refused();
        }
        Set<String> roles = new LinkedHashSet<>();
        for (String group : groups(claims)) {
            if (PARTY_ROLES.contains(group)) {
                roles.add(group);
            }
        }
        Verified result = new Verified(Caller.party(tenant.id(), subject, roles), scopeKeyOf(tenant, subject));
        try {
            long validUntil = claims.getExpirationTime().getValueInMillis() + 30_000;
            verified.put(key, new Cached(result, issuer, tenant, validUntil));
        } catch (MalformedClaimException e) {
            // checked above (an expiry is required); nothing to cache
        }
        return result;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A token whose {@code typ} header says it is something else (an ID token, a refresh token such as
     * {@code refresh+jwt}, a logout token) is never an access token to Candor. Without {@code typ}, or with
     * {@code JWT} or {@code at+jwt} (RFC 9068), it is.
     */
    static boolean isAccessTokenType(String typ) {
        if (typ == null) {
            return true;
        }
        String type = typ.toLowerCase(java.util.Locale.ROOT);
        if (type.startsWith("application/")) {
            type = type.substring("application/".length());
        }
        return type.equals("jwt") || type.equals("at+jwt");
    }

    private static List<String> groups(JwtClaims claims) {
        Object value = claims.getClaimValue("groups");
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    /** A stable key for a party that is not its ref: HMAC with the tenant's secret. */
    /** The key that scopes a party's idempotency records and rate limits, without holding their ref. */
    public static String scopeKeyOf(TenantContext tenant, String ref) {
        return "party:" + scopeHash(tenant, ref);
    }

    static String scopeHash(TenantContext tenant, String ref) {
        return HexFormat.of().formatHex(Hmac.sha256(tenant.secret(), "scope:" + ref), 0, 16);
    }

    static AuthenticationFailedException refused() {
        return new AuthenticationFailedException("credential refused");
    }
}
