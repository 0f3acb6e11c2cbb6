package io.candor.tenant;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/** A tenant's token-signing public key, parsed from PEM (SubjectPublicKeyInfo): RSA of 2048+ bits or EC P-256. */
public record PublicKeyPem(String keyId, String algorithm, String pem, PublicJsonWebKey jwk) {

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    /** Parses a PEM; empty when it is not a usable public key (the caller names the field). */
    public static Optional<PublicKeyPem> parse(String pem) {
        if (pem == null || pem.length() > 4096) {
            return Optional.empty();
        }
        String text = pem.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            return Optional.empty();
        }
        String base64 = text.substring(BEGIN.length(), text.length() - END.length()).replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            PublicKey key = tryParse("RSA", der).or(() -> tryParse("EC", der)).orElse(null);
            String algorithm;
            if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048) {
                algorithm = "RS256";
            } else if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) {
                algorithm = "ES256";
            } else {
                return Optional.empty();
            }
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key);
            String keyId = jwk.calculateBase64urlEncodedThumbprint("SHA-256");
            jwk.setKeyId(keyId);
            jwk.setAlgorithm(algorithm);
            return Optional.of(new PublicKeyPem(keyId, algorithm, canonical(der), jwk));
        } catch (IllegalArgumentException | JoseException e) {
            return Optional.empty();
        }
    }

    private static Optional<PublicKey> tryParse(String type, byte[] der) {
        try {
            return Optional.of(KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String canonical(byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return BEGIN + "\n" + body + "\n" + END + "\n";
    }
}
