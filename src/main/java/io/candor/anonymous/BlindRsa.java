package io.candor.anonymous;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;

/**
 * RSA blind signatures, RFC 9474, variant RSABSSA-SHA384-PSS-Randomized: SHA-384, MGF1 with SHA-384, a 48-byte salt,
 * and a 32-byte random prefix the client puts before its message ({@link #prepare}). Candor runs the server's side
 * ({@link #blindSign}, {@link #verify}); the client's side ({@link #blind}, {@link #finalizeSignature}) is here for the
 * tests and for the reference vectors, and runs in the browser through Cloudflare's blindrsa-ts.
 *
 * <p>The server never sees the message it signs, only {@code blinded = m * r^e mod n} for a random {@code r} the client
 * keeps; the signature it returns is unblinded by the client into an ordinary RSASSA-PSS signature of the message,
 * which the server cannot link to the blinded value it signed.
 */
public final class BlindRsa {

    public static final int MODULUS_BITS = 2048;
    public static final int SALT_LENGTH = 48;
    public static final int PREFIX_LENGTH = 32;
    private static final int HASH_LENGTH = 48;
    private static final BigInteger PUBLIC_EXPONENT = BigInteger.valueOf(65537);
    private static final SecureRandom RANDOM = new SecureRandom();

    private BlindRsa() {
    }

    /** A fresh key: 2048-bit modulus, e = 65537 (RFC 9474 section 6: at least 2048 bits). */
    public static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(MODULUS_BITS, PUBLIC_EXPONENT), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server's BlindSign (RFC 9474 section 4.3): RSASP1 of the blinded message, checked with RSAVP1 before it leaves. */
    public static byte[] blindSign(RSAPrivateCrtKey key, byte[] blindedMessage) {
        BigInteger n = key.getModulus();
        int length = modulusLength(n);
        if (blindedMessage.length != length) {
            throw new IllegalArgumentException("the blinded message is not " + length + " bytes");
        }
        BigInteger m = new BigInteger(1, blindedMessage);
        if (m.signum() == 0 || m.compareTo(n) >= 0) {
            throw new IllegalArgumentException("the blinded message is out of range");
        }
        BigInteger s = rsasp1(key, m);
        // a fault in the computation would leak the key: check the result before it is returned
        if (!s.modPow(key.getPublicExponent(), n).equals(m)) {
            throw new IllegalStateException("signing failure");
        }
        return i2osp(s, length);
    }

    /** RSASSA-PSS verification of a finalized signature over the prepared message (RFC 9474 section 4.5). */
    public static boolean verify(RSAPublicKey key, byte[] preparedMessage, byte[] signature) {
        return verify(key, preparedMessage, signature, SALT_LENGTH);
    }

    static boolean verify(RSAPublicKey key, byte[] preparedMessage, byte[] signature, int saltLength) {
        if (signature.length != modulusLength(key.getModulus())) {
            return false;
        }
        try {
            Signature pss = Signature.getInstance("RSASSA-PSS");
            pss.setParameter(new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, saltLength, PSSParameterSpec.TRAILER_FIELD_BC));
            pss.initVerify(key);
            pss.update(preparedMessage);
            return pss.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The Randomized variant's Prepare: 32 random bytes, then the message. */
    public static byte[] prepare(byte[] message) {
        byte[] prefix = new byte[PREFIX_LENGTH];
        RANDOM.nextBytes(prefix);
        byte[] prepared = Arrays.copyOf(prefix, PREFIX_LENGTH + message.length);
        System.arraycopy(message, 0, prepared, PREFIX_LENGTH, message.length);
        return prepared;
    }

    /** What a client keeps between blinding and finalizing. */
    public record Blinded(byte[] blindedMessage, byte[] encodedMessage, BigInteger inverse) {
    }

    /** The client's Blind (RFC 9474 section 4.2) with a random salt and blind. */
    public static Blinded blind(RSAPublicKey key, byte[] preparedMessage) {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        BigInteger n = key.getModulus();
        BigInteger r;
        do {
            r = new BigInteger(n.bitLength(), RANDOM);
        } while (r.signum() == 0 || r.compareTo(n) >= 0 || !r.gcd(n).equals(BigInteger.ONE));
        return blind(key, preparedMessage, salt, r.modInverse(n));
    }

    /** Blind with a given salt and blind inverse: the test vectors fix both. */
    static Blinded blind(RSAPublicKey key, byte[] preparedMessage, byte[] salt, BigInteger inverse) {
        BigInteger n = key.getModulus();
        byte[] encoded = emsaPssEncode(preparedMessage, n.bitLength() - 1, salt);
        BigInteger m = new BigInteger(1, encoded);
        if (!m.gcd(n).equals(BigInteger.ONE)) {
            throw new IllegalArgumentException("invalid input");
        }
        BigInteger r = inverse.modInverse(n);
        BigInteger x = r.modPow(key.getPublicExponent(), n);
        BigInteger z = m.multiply(x).mod(n);
        return new Blinded(i2osp(z, modulusLength(n)), encoded, inverse);
    }

    /** The client's Finalize (RFC 9474 section 4.4): unblind, then check the signature as anyone would. */
    public static byte[] finalizeSignature(RSAPublicKey key, byte[] preparedMessage, Blinded state, byte[] blindSignature) {
        return finalizeSignature(key, preparedMessage, state, blindSignature, SALT_LENGTH);
    }

    static byte[] finalizeSignature(RSAPublicKey key, byte[] preparedMessage, Blinded state, byte[] blindSignature, int saltLength) {
        BigInteger n = key.getModulus();
        int length = modulusLength(n);
        if (blindSignature.length != length) {
            throw new IllegalArgumentException("unexpected input size");
        }
        BigInteger z = new BigInteger(1, blindSignature);
        BigInteger s = z.multiply(state.inverse()).mod(n);
        byte[] signature = i2osp(s, length);
        if (!verify(key, preparedMessage, signature, saltLength)) {
            throw new IllegalArgumentException("invalid signature");
        }
        return signature;
    }

    /** EMSA-PSS-ENCODE (RFC 8017 section 9.1.1) with SHA-384 and MGF1-SHA-384. */
    static byte[] emsaPssEncode(byte[] message, int emBits, byte[] salt) {
        int emLen = (emBits + 7) / 8;
        byte[] mHash = sha384(message);
        if (emLen < HASH_LENGTH + salt.length + 2) {
            throw new IllegalArgumentException("encoding error");
        }
        byte[] mPrime = new byte[8 + HASH_LENGTH + salt.length];
        System.arraycopy(mHash, 0, mPrime, 8, HASH_LENGTH);
        System.arraycopy(salt, 0, mPrime, 8 + HASH_LENGTH, salt.length);
        byte[] h = sha384(mPrime);
        byte[] db = new byte[emLen - HASH_LENGTH - 1];
        db[db.length - salt.length - 1] = 0x01;
        System.arraycopy(salt, 0, db, db.length - salt.length, salt.length);
        byte[] mask = mgf1(h, db.length);
        for (int i = 0; i < db.length; i++) {
            db[i] ^= mask[i];
        }
        int unused = 8 * emLen - emBits;
        db[0] &= (byte) (0xFF >>> unused);
        byte[] em = new byte[emLen];
        System.arraycopy(db, 0, em, 0, db.length);
        System.arraycopy(h, 0, em, db.length, HASH_LENGTH);
        em[emLen - 1] = (byte) 0xBC;
        return em;
    }

    private static byte[] mgf1(byte[] seed, int length) {
        byte[] out = new byte[length];
        int done = 0;
        for (int counter = 0; done < length; counter++) {
            MessageDigest digest = digest();
            digest.update(seed);
            digest.update(new byte[]{(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8), (byte) counter});
            byte[] block = digest.digest();
            int take = Math.min(block.length, length - done);
            System.arraycopy(block, 0, out, done, take);
            done += take;
        }
        return out;
    }

    /** RSASP1 with the Chinese remainder theorem. */
    private static BigInteger rsasp1(RSAPrivateCrtKey key, BigInteger m) {
        BigInteger p = key.getPrimeP();
        BigInteger q = key.getPrimeQ();
        if (p == null || q == null || key.getPrimeExponentP() == null) {
            return m.modPow(key.getPrivateExponent(), key.getModulus());
        }
        BigInteger s1 = m.mod(p).modPow(key.getPrimeExponentP(), p);
        BigInteger s2 = m.mod(q).modPow(key.getPrimeExponentQ(), q);
        BigInteger h = s1.subtract(s2).multiply(key.getCrtCoefficient()).mod(p);
        return s2.add(q.multiply(h));
    }

    static int modulusLength(BigInteger n) {
        return (n.bitLength() + 7) / 8;
    }

    static byte[] i2osp(BigInteger x, int length) {
        byte[] raw = x.toByteArray();
        if (raw.length == length) {
            return raw;
        }
        if (raw.length == length + 1 && raw[0] == 0) {
            return Arrays.copyOfRange(raw, 1, raw.length);
        }
        if (raw.length > length) {
            throw new IllegalArgumentException("integer too large");
        }
        byte[] out = new byte[length];
        System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        return out;
    }

    static byte[] sha384(byte[] data) {
        return digest().digest(data);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-384");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
