package io.candor.audit;

import io.candor.common.db.OperatorKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's Ed25519 log key: made on first use, its private part stored sealed under the operator's key (never
 * in the database in the clear, and never derivable from anything stored there), its public part published.
 */
@ApplicationScoped
public class LogKeys {

    private static final String PURPOSE = "log-signing-key";

    private final LogRepository log;
    private final OperatorKey operatorKey;
    private final Clock clock;
    private final Map<Long, KeyPair> cache = new ConcurrentHashMap<>();

    public LogKeys(LogRepository log, OperatorKey operatorKey, Clock clock) {
        this.log = log;
        this.operatorKey = operatorKey;
        this.clock = clock;
    }

    /** The tenant's published key, if it has one yet. */
    public Optional<PublicKey> publicKey(long tenantId) {
        KeyPair cached = cache.get(tenantId);
        if (cached != null) {
            return Optional.of(cached.getPublic());
        }
        return log.key(tenantId).map(k -> TreeHead.published(java.util.Base64.getEncoder().encodeToString(k.publicKey())));
    }

    /** The tenant's signing key, made and stored if it has none. */
    @Transactional(Transactional.TxType.MANDATORY)
    KeyPair signingKey(long tenantId) {
        KeyPair cached = cache.get(tenantId);
        if (cached != null) {
            return cached;
        }
        Optional<LogRepository.StoredKey> stored = log.key(tenantId);
        boolean made = stored.isEmpty();
        if (made) {
            KeyPair fresh = TreeHead.newKeyPair();
            log.insertKey(tenantId, fresh.getPublic().getEncoded(), operatorKey.seal(PURPOSE, aad(tenantId), fresh.getPrivate().getEncoded()),
                    clock.instant());
            stored = log.key(tenantId);
        }
        LogRepository.StoredKey key = stored.orElseThrow();
        byte[] privateBytes = operatorKey.open(PURPOSE, aad(tenantId), key.sealedPrivate()).orElseThrow(() -> new IllegalStateException(
                "the log key of tenant " + tenantId + " does not open with this operator key (was CANDOR_WEBHOOK_ENCRYPTION_KEY changed?)"));
        try {
            PrivateKey privateKey = KeyFactory.getInstance(TreeHead.ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(privateBytes));
            PublicKey publicKey = TreeHead.published(java.util.Base64.getEncoder().encodeToString(key.publicKey()));
            KeyPair pair = new KeyPair(publicKey, privateKey);
            if (!made) {
                cache.put(tenantId, pair); // a key made in this transaction is cached once it is read back committed
            }
            return pair;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] aad(long tenantId) {
        return ("log-key:tenant:" + tenantId).getBytes(StandardCharsets.UTF_8);
    }
}
