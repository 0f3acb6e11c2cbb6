package io.candor.anonymous;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * What anonymous reviews cost in CPU and bytes (bench/anonymous-cost.sh runs it): the server's key generation (once per
 * subject and month), blind signature (issuance) and verification (redemption), the client's blinding and finalizing,
 * and the sizes of what travels. Medians of many runs after a warm-up, on one core.
 */
public final class AnonymousCostBench {

    public static void main(String[] args) {
        SecureRandom random = new SecureRandom();
        KeyPair key = BlindRsa.newKey();
        RSAPublicKey pk = (RSAPublicKey) key.getPublic();
        RSAPrivateCrtKey sk = (RSAPrivateCrtKey) key.getPrivate();
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        byte[] prepared = BlindRsa.prepare(TokenMessage.text("demo", "product", "sku-lamp-02", "2026-12", nonce));
        BlindRsa.Blinded blinded = BlindRsa.blind(pk, prepared);
        byte[] blindSig = BlindRsa.blindSign(sk, blinded.blindedMessage());
        byte[] sig = BlindRsa.finalizeSignature(pk, prepared, blinded, blindSig);

        // warm-up: the JIT settles
        for (int i = 0; i < 300; i++) {
            BlindRsa.verify(pk, prepared, sig);
            BlindRsa.blindSign(sk, BlindRsa.blind(pk, prepared).blindedMessage());
        }
        System.out.printf("key generation (RSA-2048, once per subject and month): median %.1f ms%n", median(15, () -> BlindRsa.newKey()));
        System.out.printf("issuance, server: blind signature with its fault check: median %.2f ms%n",
                median(500, () -> BlindRsa.blindSign(sk, blinded.blindedMessage())));
        System.out.printf("redemption, server: RSASSA-PSS verification: median %.3f ms%n", median(2000, () -> BlindRsa.verify(pk, prepared, sig)));
        System.out.printf("client: prepare and blind: median %.2f ms; finalize (unblind and verify): median %.2f ms%n",
                median(500, () -> BlindRsa.blind(pk, BlindRsa.prepare(prepared))), median(500, () -> BlindRsa.finalizeSignature(pk, prepared, blinded, blindSig)));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String token = "{\"epoch\":\"2026-12\",\"message\":\"" + b64.encodeToString(prepared) + "\",\"signature\":\"" + b64.encodeToString(sig) + "\"}";
        System.out.printf("sizes: public key %d bytes (SubjectPublicKeyInfo), blinded message and blind signature %d bytes each, "
                        + "token = prepared message %d bytes + signature %d bytes; as JSON in the redemption %d bytes%n",
                pk.getEncoded().length, blinded.blindedMessage().length, prepared.length, sig.length, token.length());
    }

    private static double median(int runs, Runnable work) {
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            nanos[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(nanos);
        return nanos[runs / 2] / 1e6;
    }
}
