package io.candor.auth;

import io.candor.testing.TestMarketplace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.hamcrest.Matchers.equalTo;

/** Every kind of bad token is a 401; a good token without the role is a 403. */
@QuarkusTest
class TokenVerificationTest {

    static TestMarketplace market;
    static TestMarketplace other;

    @BeforeEach
    void marketplaces() {
        if (market == null) {
            market = TestMarketplace.create();
            other = TestMarketplace.create();
        }
    }

    static void expect401(String token) {
        RestAssured.given().header("Authorization", "Bearer " + token).get("/api/v1/me/reviews")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("/problems/unauthenticated"));
    }

    static JwtClaims claims(String issuer) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject("b-1");
        claims.setStringListClaim("groups", "buyer");
        claims.setExpirationTimeMinutesInTheFuture(10);
        return claims;
    }

    @Test
    void acceptsRs256AndEs256TokensOfTheTenant() {
        RestAssured.given().header("Authorization", "Bearer " + market.token("b-1", "buyer")).get("/api/v1/me/reviews")
                .then().statusCode(200).body("items", equalTo(List.of()));
        RestAssured.given().header("Authorization", "Bearer " + market.ecToken("b-1", "buyer")).get("/api/v1/me/reviews")
                .then().statusCode(200);
    }

    @Test
    void refusesExpiredTokens() {
        JwtClaims claims = claims(market.issuer);
        NumericDate past = NumericDate.now();
        past.addSeconds(-3600);
        claims.setExpirationTime(past);
        expect401(market.tokenWith(claims));
    }

    @Test
    void refusesTokensWithoutExpiryOrValidForMoreThanADay() {
        JwtClaims noExpiry = claims(market.issuer);
        noExpiry.unsetClaim("exp");
        expect401(market.tokenWith(noExpiry));
        JwtClaims longLived = claims(market.issuer);
        longLived.setExpirationTime(TestMarketplace.minutesFromNow(3 * 24 * 60));
        expect401(market.tokenWith(longLived));
    }

    @Test
    void refusesUnsignedTokens() {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims(market.issuer).toJson().getBytes(StandardCharsets.UTF_8));
        expect401(header + "." + payload + ".");
    }

    @Test
    void refusesSymmetricTokensEvenWithThePublicKeyAsSecret() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(market.issuer).toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(new HmacKey("a-secret-that-is-long-enough-for-hs256".getBytes(StandardCharsets.UTF_8)));
        jws.setDoKeyValidation(false);
        expect401(jws.getCompactSerialization());
    }

    @Test
    void refusesWronglySignedTokens() {
        expect401(TestMarketplace.sign(claims(market.issuer), TestMarketplace.rsaKeys().getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256));
        String good = market.token("b-1", "buyer");
        String tampered = good.substring(0, good.lastIndexOf('.') - 4) + "AAAA" + good.substring(good.lastIndexOf('.'));
        expect401(tampered);
        // another payload under the good token's header and signature (a buyer who edits the subject or the roles)
        String[] parts = good.split("\\.");
        JwtClaims forged = claims(market.issuer);
        forged.setSubject("b-2");
        forged.setStringListClaim("groups", "buyer", "seller", "moderator");
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(forged.toJson().getBytes(StandardCharsets.UTF_8));
        expect401(parts[0] + "." + payload + "." + parts[2]);
    }

    @Test
    void refusesUnknownIssuersAndOtherTenantsTokens() {
        expect401(market.tokenWith(claims("https://unknown.test.invalid")));
        // signed with the other tenant's key, claiming this tenant
        expect401(TestMarketplace.sign(claims(market.issuer), other.rsaPrivateKey(), AlgorithmIdentifiers.RSA_USING_SHA256));
        // a valid token of the other tenant works only as that tenant's party
        RestAssured.given().header("Authorization", "Bearer " + other.token("b-1", "buyer")).get("/api/v1/me/reviews").then().statusCode(200);
    }

    @Test
    void refusesGarbageAndBadSubjects() {
        expect401("not-a-token");
        expect401("a.b.c");
        JwtClaims email = claims(market.issuer);
        email.setSubject("someone@example.invalid");
        expect401(market.tokenWith(email));
        JwtClaims phone = claims(market.issuer);
        phone.setSubject("+4915100000000");
        expect401(market.tokenWith(phone));
        RestAssured.given().header("Authorization", "Basic YTpi").get("/api/v1/me/reviews").then().statusCode(401);
    }

    @Test
    void aValidTokenWithoutTheRoleIsForbidden() {
        market.as("b-1", "buyer").get("/api/v1/seller/summary")
                .then().statusCode(403).contentType("application/problem+json").body("type", equalTo("/problems/forbidden"));
        market.as("s-1", "seller").body("{}").post("/api/v1/reviews").then().statusCode(403);
        market.as("x-1", "admin", "marketplace").get("/api/v1/me/reviews").then().statusCode(403);
    }

    @Test
    void aBadTokenOnAPublicReadChangesNothing() {
        RestAssured.given().header("Authorization", "Bearer junk").get(market.publicPath("/subjects/product/p-1/summary"))
                .then().statusCode(200).body("count", equalTo(0));
    }
}
