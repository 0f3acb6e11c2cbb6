package io.candor.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.candor.common.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

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

    private final OutboxRepository repository;
    private final ObjectMapper mapper;

    public Outbox(OutboxRepository repository, ObjectMapper mapper) {
        this.repository = repository;
        this.mapper = mapper;
    }

    /** Erasure: notices waiting for (or kept after) delivery no longer name the erased party. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forgetRecipient(long tenantId, String ref) {
        repository.forgetRecipient(tenantId, ref);
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
        repository.insert(tenantId, id, type, targetKey, at, payload);
        return id;
    }
}
