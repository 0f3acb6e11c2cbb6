package io.candor.anonymous;

import io.candor.common.db.OperatorKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;

/**
 * The token keys, one per marketplace, subject and month: made on the first issuance for the subject that month, the
 * private part sealed under the operator's key (never in the database in the clear, never derived from anything
 * stored there), the public part published as SubjectPublicKeyInfo (DER), identified by its SHA-256.
 */
@ApplicationScoped
public class AnonymousKeys {

    private static final String PURPOSE = "anonymous-review-token-key";

    private final AnonymousRepository repository;
    private final OperatorKey operatorKey;

    public AnonymousKeys(AnonymousRepository repository, OperatorKey operatorKey) {
        this.repository = repository;
        this.operatorKey = operatorKey;
    }

    /** A published key. */
    public record PublicKey(String epoch, byte[] keyId, byte[] encoded, RSAPublicKey key) {
    }

    /** The subject's published key of a month, if one was made. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PublicKey> published(long tenantId, String subjectType, String subjectRef, String epoch) {
        return repository.key(tenantId, subjectType, subjectRef, epoch).map(k -> new PublicKey(epoch, k.keyId(), k.publicKey(), decodePublic(k.publicKey())));
    }

    /** The current key, and whether this call made it. */
    record Current(PublicKey key, boolean made) {
    }

    /** The subject's key of the month, made and stored when it has none yet. */
    @Transactional(Transactional.TxType.MANDATORY)
    Current current(long tenantId, String subjectType, String subjectRef, String epoch) {
        Optional<PublicKey> existing = published(tenantId, subjectType, subjectRef, epoch);
        if (existing.isPresent()) {
            return new Current(existing.get(), false);
        }
        KeyPair fresh = BlindRsa.newKey();
        byte[] encoded = fresh.getPublic().getEncoded();
        boolean made = repository.insertKey(tenantId, subjectType, subjectRef, epoch, sha256(encoded), encoded,
                operatorKey.seal(PURPOSE, aad(tenantId, subjectType, subjectRef, epoch), fresh.getPrivate().getEncoded()));
        // another request may have stored its key first: everyone is served the stored one
        return new Current(published(tenantId, subjectType, subjectRef, epoch).orElseThrow(), made);
    }

    /** The private part of a stored key. */
    RSAPrivateCrtKey signingKey(long tenantId, String subjectType, String subjectRef, String epoch) {
        AnonymousRepository.StoredKey stored = repository.key(tenantId, subjectType, subjectRef, epoch).orElseThrow();
        byte[] plain = operatorKey.open(PURPOSE, aad(tenantId, subjectType, subjectRef, epoch), stored.sealedPrivate())
                .orElseThrow(() -> new IllegalStateException("an anonymous-review key of tenant " + tenantId
                        + " does not open with this operator key (was CANDOR_WEBHOOK_ENCRYPTION_KEY changed?)"));
        try {
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(plain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAPublicKey decodePublic(byte[] encoded) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] aad(long tenantId, String subjectType, String subjectRef, String epoch) {
        return ("anonymous-key:" + tenantId + ":" + subjectType + ":" + subjectRef + ":" + epoch).getBytes(StandardCharsets.UTF_8);
    }
}
