package io.candor.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tenant's append-only, hash-chained record of every state change. Entries name actors by role
 * and handle and targets by id; they never hold party refs or user text, so they can outlive erasure.
 * <p>
 * {@link #append} collects a transaction's entries and chains them just before it commits: chaining locks
 * the tenant's chain head, and taking that lock last means it is held only for the commit and can never
 * be waited for while another lock is held.
 */
@ApplicationScoped
public class AuditLog {

    private static final Object PENDING = new Object();

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

    /** Records a state change; it joins the chain when the current transaction commits, and not at all if it rolls back. */
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

    @SuppressWarnings("unchecked")
    private List<Entry> pending() {
        List<Entry> entries = (List<Entry>) transactions.getResource(PENDING);
        if (entries == null) {
            List<Entry> created = new ArrayList<>();
            transactions.putResource(PENDING, created);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
                        created.forEach(AuditLog.this::chain);
                    }
                }

                @Override
                public void afterCompletion(int status) {
                }
            });
            entries = created;
        }
        return entries;
    }

    private void chain(Entry e) {
        repository.append(e.tenantId(), e.at(), e.actor().role(), e.actor().handle(), e.action(), e.targetType(), e.targetId(), e.data());
    }
}
