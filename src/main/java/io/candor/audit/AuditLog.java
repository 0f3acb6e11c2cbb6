package io.candor.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The tenant's append-only, hash-chained record of every state change. Entries name actors by role
 * and handle and targets by id; they never hold party refs or user text, so they can outlive erasure.
 * Call {@link #append} last in a transaction: it locks the chain's head until commit.
 */
@ApplicationScoped
public class AuditLog {

    private final EntityManager em;
    private final ObjectMapper mapper;

    public AuditLog(EntityManager em, ObjectMapper mapper) {
        this.em = em;
        this.mapper = mapper;
    }

    /** Who did it: a role and, for parties, their public handle (never their ref). */
    public record Actor(String role, String handle) {
        public static final Actor SYSTEM = new Actor("system", null);
        public static final Actor OPERATOR = new Actor("admin", null);
        public static final Actor MARKETPLACE = new Actor("marketplace", null);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public long append(long tenantId, Actor actor, String action, String targetType, String targetId, Map<String, ?> data, Instant at) {
        String json;
        try {
            json = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit data must be JSON", e);
        }
        Object seq = em.createNativeQuery("SELECT audit_append(?1, ?2, ?3, CAST(?4 AS text), ?5, ?6, ?7, ?8)")
                .setParameter(1, tenantId)
                .setParameter(2, Timestamp.from(at.truncatedTo(ChronoUnit.MICROS)))
                .setParameter(3, actor.role())
                .setParameter(4, actor.handle())
                .setParameter(5, action)
                .setParameter(6, targetType)
                .setParameter(7, targetId)
                .setParameter(8, json)
                .getSingleResult();
        return ((Number) seq).longValue();
    }
}
