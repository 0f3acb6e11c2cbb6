package io.candor.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candor.common.BeforeCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The tenant's append-only record of every state change, a transparency log: entries name actors by role and
 * handle (published only as a salted commitment) and targets by id; they never hold party refs or user text, so
 * they can outlive erasure.
 * <p>
 * {@link #append} collects a transaction's entries and inserts them in one statement just before it commits. No
 * lock is shared between writers: the {@link LogSequencer} numbers committed entries afterwards and signs the tree.
 */
@ApplicationScoped
public class AuditLog {

    private static final Object PENDING = new Object();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final AuditRepository repository;
    private final ObjectMapper mapper;
    private final TransactionSynchronizationRegistry transactions;

    public AuditLog(AuditRepository repository, ObjectMapper mapper, TransactionSynchronizationRegistry transactions) {
        this.repository = repository;
        this.mapper = mapper;
        this.transactions = transactions;
    }

    /** Who did it: a role and, for parties, their public handle (never their ref). */
    public record Actor(String role, String handle) {
        public static final Actor SYSTEM = new Actor("system", null);
        public static final Actor OPERATOR = new Actor("admin", null);
        public static final Actor MARKETPLACE = new Actor("marketplace", null);
        public static final Actor PUBLIC = new Actor("public", null);
    }

    private record Entry(long tenantId, Actor actor, String action, String targetType, String targetId, String data, Instant at) {
    }

    /** Records a state change; it is written when the current transaction commits, and not at all if it rolls back. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(long tenantId, Actor actor, String action, String targetType, String targetId, Map<String, ?> data, Instant at) {
        String json;
        try {
            json = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit data must be JSON", e);
        }
        pending().add(new Entry(tenantId, actor, action, targetType, targetId, json, at.truncatedTo(ChronoUnit.MICROS)));
    }

    private List<Entry> pending() {
        return BeforeCommit.pending(transactions, PENDING, BeforeCommit.Stage.APPEND,
                (List<Entry> entries) -> repository.insert(entries.stream().map(AuditLog::row).toList()));
    }

    private static AuditRepository.NewEntry row(Entry e) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new AuditRepository.NewEntry(e.tenantId(), e.at(), e.actor().role(), e.actor().handle(), salt, e.action(), e.targetType(),
                e.targetId(), e.data());
    }
}
