package io.candor.anonymous;

import io.candor.testing.TestMarketplace;

import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** A client of anonymous reviews for tests outside this package: what the widget's module does in the browser. */
public final class AnonymousTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private AnonymousTokens() {
    }

    public record Blinded(RSAPublicKey key, String epoch, byte[] prepared, BlindRsa.Blinded state) {
        public String blindedBase64() {
            return B64.encodeToString(state.blindedMessage());
        }
    }

    /** A fresh message for the product, blinded under its published key of this month. */
    public static Blinded blinded(TestMarketplace market, String product) {
        Map<String, Object> key = market.anonymous().get(market.publicPath("/anonymous/keys/product/" + product)).then().statusCode(200)
                .extract().jsonPath().getMap("");
        RSAPublicKey publicKey = AnonymousKeys.decodePublic(Base64.getUrlDecoder().decode((String) key.get("publicKey")));
        String epoch = (String) key.get("epoch");
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        byte[] prepared = BlindRsa.prepare(TokenMessage.text(market.slug, "product", product, epoch, nonce));
        return new Blinded(publicKey, epoch, prepared, BlindRsa.blind(publicKey, prepared));
    }

    /** A token of the buyer's for one line, as the redemption takes it: {@code {epoch, message, signature}}. */
    public static Map<String, Object> issue(TestMarketplace market, String buyer, String order, String type, String ref) {
        Map<String, Object> line = Map.of("transaction", order, "subject", Map.of("type", type, "ref", ref));
        String keyId = market.asBuyer(buyer).body(line).post("/api/v1/anonymous/keys").then().statusCode(200).extract().path("keyId");
        Blinded blinded = blinded(market, ref);
        Map<String, Object> request = new HashMap<>(line);
        request.put("keyId", keyId);
        request.put("blindedMessage", blinded.blindedBase64());
        String blindSignature = market.asBuyer(buyer).body(request).post("/api/v1/anonymous/tokens").then().statusCode(200).extract().path("blindSignature");
        byte[] signature = BlindRsa.finalizeSignature(blinded.key(), blinded.prepared(), blinded.state(), Base64.getUrlDecoder().decode(blindSignature));
        return Map.of("epoch", blinded.epoch(), "message", B64.encodeToString(blinded.prepared()), "signature", B64.encodeToString(signature));
    }
}
