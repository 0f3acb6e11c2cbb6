package io.candor.anonymous;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The anonymous-review feature's tables: anonymous_key, anonymous_issuance, anonymous_spent, author_credential. */
@ApplicationScoped
public class AnonymousRepository {

    private final Jdbc jdbc;

    public AnonymousRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A subject's key of one month. */
    record StoredKey(byte[] keyId, byte[] publicKey, byte[] sealedPrivate, int issued) {
    }

    Optional<StoredKey> key(long tenantId, String subjectType, String subjectRef, String epoch) {
        return jdbc.query("SELECT key_id, public_key, sealed_private, issued FROM anonymous_key "
                        + "WHERE tenant_id = ? AND subject_type = ? AND subject_ref = ? AND epoch = ?",
                List.of(tenantId, subjectType, subjectRef, epoch),
                rs -> new StoredKey(rs.getBytes(1), rs.getBytes(2), rs.getBytes(3), rs.getInt(4))).stream().findFirst();
    }

    /** Stores a new key unless another request stored one first; answers whether this one was stored. */
    boolean insertKey(long tenantId, String subjectType, String subjectRef, String epoch, byte[] keyId, byte[] publicKey, byte[] sealedPrivate) {
        return jdbc.update("INSERT INTO anonymous_key (tenant_id, subject_type, subject_ref, epoch, key_id, public_key, sealed_private) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", List.of(tenantId, subjectType, subjectRef, epoch, keyId, publicKey, sealedPrivate)) == 1;
    }

    /** Records that the line's token is issued; false when it was issued before. */
    boolean recordIssuance(long tenantId, UUID transactionId, String subjectType, String subjectRef) {
        return jdbc.update("INSERT INTO anonymous_issuance (tenant_id, transaction_id, subject_type, subject_ref) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", List.of(tenantId, transactionId, subjectType, subjectRef)) == 1;
    }

    /** The lines of a transaction whose tokens were issued, as {type, ref}. */
    List<String[]> issuedLines(long tenantId, UUID transactionId) {
        return jdbc.query("SELECT subject_type, subject_ref FROM anonymous_issuance WHERE tenant_id = ? AND transaction_id = ? ORDER BY 1, 2",
                List.of(tenantId, transactionId), rs -> new String[]{rs.getString(1), rs.getString(2)});
    }

    boolean issuedFor(long tenantId, UUID transactionId, String subjectType, String subjectRef) {
        return !jdbc.query("SELECT 1 FROM anonymous_issuance WHERE tenant_id = ? AND transaction_id = ? AND subject_type = ? AND subject_ref = ?",
                List.of(tenantId, transactionId, subjectType, subjectRef), rs -> 1).isEmpty();
    }

    /** Counts one more issued token of the key, and answers the count (the key's row is locked until commit). */
    int countIssued(long tenantId, String subjectType, String subjectRef, String epoch) {
        return jdbc.query("UPDATE anonymous_key SET issued = issued + 1 WHERE tenant_id = ? AND subject_type = ? AND subject_ref = ? AND epoch = ? "
                + "RETURNING issued", List.of(tenantId, subjectType, subjectRef, epoch), rs -> rs.getInt(1)).get(0);
    }

    /**
     * The count, with the key's row share-locked until commit: an issuance that reaches k (its UPDATE) then waits for this
     * transaction, and publishes the review it writes; without it, a review written while the k-th token was being issued
     * could be left waiting.
     */
    int issuedLocked(long tenantId, String subjectType, String subjectRef, String epoch) {
        return jdbc.query("SELECT issued FROM anonymous_key WHERE tenant_id = ? AND subject_type = ? AND subject_ref = ? AND epoch = ? FOR SHARE",
                List.of(tenantId, subjectType, subjectRef, epoch), rs -> rs.getInt(1)).stream().findFirst().orElse(0);
    }

    int issued(long tenantId, String subjectType, String subjectRef, String epoch) {
        return jdbc.query("SELECT issued FROM anonymous_key WHERE tenant_id = ? AND subject_type = ? AND subject_ref = ? AND epoch = ?",
                List.of(tenantId, subjectType, subjectRef, epoch), rs -> rs.getInt(1)).stream().findFirst().orElse(0);
    }

    /** Marks a token spent; false when it was spent before. */
    boolean spend(long tenantId, byte[] tokenHash) {
        return jdbc.update("INSERT INTO anonymous_spent (tenant_id, token_hash) VALUES (?, ?) ON CONFLICT DO NOTHING", List.of(tenantId, tokenHash)) == 1;
    }

    void insertCredential(long tenantId, byte[] secretHash, UUID partyId) {
        jdbc.update("INSERT INTO author_credential (tenant_id, secret_hash, party_id) VALUES (?, ?, ?)", List.of(tenantId, secretHash, partyId));
    }

    Optional<UUID> partyOfCredential(long tenantId, byte[] secretHash) {
        return jdbc.query("SELECT party_id FROM author_credential WHERE tenant_id = ? AND secret_hash = ?", List.of(tenantId, secretHash),
                rs -> rs.getObject(1, UUID.class)).stream().findFirst();
    }
}
