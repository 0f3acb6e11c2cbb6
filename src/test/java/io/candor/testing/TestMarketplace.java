package io.candor.testing;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A marketplace created through the admin API for one test: its own RSA and EC signing keys, its API
 * key, and helpers to sign user tokens and register transactions. Party refs are synthetic ("b-1").
 */
public final class TestMarketplace {

    public static final String ADMIN_TOKEN = "test-admin-token-not-secret";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    public final String slug;
    public final String issuer;
    public final String apiKey;
    private final KeyPair rsa;
    private final KeyPair ec;

    private TestMarketplace(String slug, String issuer, String apiKey, KeyPair rsa, KeyPair ec) {
        this.slug = slug;
        this.issuer = issuer;
        this.apiKey = apiKey;
        this.rsa = rsa;
        this.ec = ec;
    }

    public static TestMarketplace create() {
        return create(Map.of());
    }

    /** A new marketplace with the given policy fields. */
    public static TestMarketplace create(Map<String, Object> policy) {
        String slug = "t" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        String issuer = "https://" + slug + ".test.invalid";
        KeyPair rsa = rsaKeys();
        KeyPair ec = ecKeys();
        String apiKey = admin().body(Map.of("slug", slug, "displayName", "Test " + slug, "issuer", issuer,
                        "publicKeys", List.of(pem(rsa.getPublic()), pem(ec.getPublic())), "policy", policy))
                .post("/api/v1/admin/tenants")
                .then().statusCode(201)
                .extract().path("apiKey");
        return new TestMarketplace(slug, issuer, apiKey, rsa, ec);
    }

    /** Lets pages of {@code origin} post this marketplace's sign-in form (login CSRF protection). */
    public TestMarketplace allowSignInFrom(String origin) {
        allowSignInFrom(slug, origin);
        return this;
    }

    /** Lets pages of {@code origin} post the sign-in form of marketplace {@code slug}. */
    public static void allowSignInFrom(String slug, String origin) {
        admin().body(Map.of("signInOrigins", List.of(origin))).patch("/api/v1/admin/tenants/" + slug).then().statusCode(200);
    }

    public static RequestSpecification admin() {
        return RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    public RequestSpecification asMarketplace() {
        return RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + apiKey);
    }

    public RequestSpecification as(String party, String... roles) {
        return RestAssured.given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token(party, roles));
    }

    public RequestSpecification asBuyer(String party) {
        return as(party, "buyer");
    }

    public RequestSpecification asSeller(String party) {
        return as(party, "seller");
    }

    public RequestSpecification asModerator(String party) {
        return as(party, "moderator");
    }

    public RequestSpecification anonymous() {
        return RestAssured.given().contentType(ContentType.JSON);
    }

    public String publicPath(String rest) {
        return "/api/v1/public/" + slug + rest;
    }

    /** An RS256 token valid for ten minutes. */
    public String token(String party, String... roles) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(party);
        claims.setStringListClaim("groups", roles);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        return sign(claims, rsa.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    /** An ES256 token valid for ten minutes. */
    public String ecToken(String party, String... roles) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject(party);
        claims.setStringListClaim("groups", roles);
        claims.setExpirationTimeMinutesInTheFuture(10);
        return sign(claims, ec.getPrivate(), AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
    }

    public String tokenWith(JwtClaims claims) {
        return sign(claims, rsa.getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    /** An RS256 token whose JOSE header carries {@code typ} (none when null). */
    public String tokenWithType(JwtClaims claims, String typ) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(rsa.getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        if (typ != null) {
            jws.setHeader("typ", typ);
        }
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public PrivateKey rsaPrivateKey() {
        return rsa.getPrivate();
    }

    /** Registers a transaction completed {@code daysAgo} days ago; answers its ref. */
    public String purchase(String ref, String buyer, String seller, int daysAgo, String... products) {
        asMarketplace()
                .body(Map.of("ref", ref, "buyer", buyer, "seller", seller,
                        "completedAt", Instant.now().minusSeconds(daysAgo * 86_400L + 60).toString(), "products", List.of(products)))
                .post("/api/v1/transactions")
                .then().statusCode(201);
        return ref;
    }

    /** A product review through the API; answers its id. */
    public String review(String buyer, String transaction, String product, int rating, String body) {
        return asBuyer(buyer)
                .body(Map.of("transaction", transaction, "subject", Map.of("type", "product", "ref", product), "rating", rating,
                        "title", "Review of " + product, "body", body))
                .post("/api/v1/reviews")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** The open case of a review or response, as a moderator finds it in the queue; null when it has none. */
    public Map<String, Object> openCase(String targetType, String targetId) {
        String cursor = null;
        do {
            io.restassured.response.Response page = asModerator("mod-finder").queryParam("limit", 100)
                    .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
                    .get("/api/v1/moderation/cases").then().statusCode(200).extract().response();
            List<Map<String, Object>> items = page.jsonPath().getList("items");
            for (Map<String, Object> item : items) {
                @SuppressWarnings("unchecked")
                Map<String, Object> target = (Map<String, Object>) item.get("target");
                if (targetType.equals(target.get("type")) && targetId.equals(target.get("id"))) {
                    return item;
                }
            }
            cursor = page.path("nextCursor");
        } while (cursor != null);
        return null;
    }

    /** A moderator's decision on a case; answers the decision's id. */
    public String decide(String moderator, String caseId, String action, String policy, String statement) {
        return asModerator(moderator).body(Map.of("action", action, "policy", policy, "statement", statement))
                .post("/api/v1/moderation/cases/" + caseId + "/decision")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** Reports a review as a party; answers the report id. */
    public String report(String reporter, String reviewId, String reason) {
        return asBuyer(reporter).body(Map.of("target", Map.of("type", "review", "id", reviewId), "reason", reason, "details", "See the review."))
                .post("/api/v1/reports")
                .then().statusCode(202)
                .extract().path("id");
    }

    public static String sign(JwtClaims claims, PrivateKey key, String algorithm) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(algorithm);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    public static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static NumericDate minutesFromNow(int minutes) {
        NumericDate date = NumericDate.now();
        date.addSeconds(minutes * 60L);
        return date;
    }
}
