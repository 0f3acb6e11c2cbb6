package io.candor.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candor.common.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The transactional outbox: an event is written in the same transaction as the change that causes it,
 * so it exists exactly when the change does. A background sender delivers it later.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager em;
    private final ObjectMapper mapper;

    public Outbox(EntityManager em, ObjectMapper mapper) {
        this.em = em;
        this.mapper = mapper;
    }

    /** Erasure: notices waiting for (or kept after) delivery no longer name the erased party. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forgetRecipient(long tenantId, String ref) {
        em.createNativeQuery("UPDATE outbox_event SET payload = jsonb_set(payload::jsonb, '{data,recipient}', 'null'::jsonb)::text "
                        + "WHERE tenant_id = ?1 AND type = 'notice.issued' AND payload::jsonb #>> '{data,recipient}' = ?2")
                .setParameter(1, tenantId).setParameter(2, ref).executeUpdate();
    }

    /**
     * @param targetKey events with the same key are delivered in the order they were written (e.g. a review id)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID enqueue(long tenantId, String type, String targetKey, Object data, Instant at) {
        UUID id = Ids.newId(at);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id.toString());
        event.put("type", type);
        event.put("occurredAt", at.toString());
        event.put("data", data);
        String payload;
        try {
            payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data must be JSON", e);
        }
        em.createNativeQuery("INSERT INTO outbox_event (tenant_id, event_id, type, target_key, occurred_at, payload, next_attempt_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)")
                .setParameter(1, tenantId)
                .setParameter(2, id)
                .setParameter(3, type)
                .setParameter(4, targetKey)
                .setParameter(5, Timestamp.from(at))
                .setParameter(6, payload)
                .executeUpdate();
        return id;
    }
}
