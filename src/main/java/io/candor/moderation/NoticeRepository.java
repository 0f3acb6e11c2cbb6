package io.candor.moderation;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The notice table: statements of reasons as issued, stored as the JSON their recipients read. */
@ApplicationScoped
public class NoticeRepository {

    private final Jdbc jdbc;

    public NoticeRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored notice: its id, when it was issued, and its JSON. */
    record Stored(UUID id, Instant at, String json) {
    }

    void insert(long tenantId, UUID id, UUID decisionId, UUID appealId, UUID recipient, String role, String json, Instant now) {
        jdbc.update("INSERT INTO notice (tenant_id, notice_id, decision_id, appeal_id, recipient_party_id, recipient_role, content, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)", Arrays.asList(tenantId, id, decisionId, appealId, recipient, role, json, now));
    }

    /**
     * A page of a party's notices, newest first (index notice_recipient).
     *
     * @param params tenant, recipient, then (with {@code after}) the keyset's time and id, then the limit
     */
    List<Stored> page(List<Object> params, boolean after) {
        return jdbc.query("SELECT notice_id, created_at, content FROM notice WHERE tenant_id = ? AND recipient_party_id = ? "
                        + (after ? "AND (created_at, notice_id) < (?, ?) " : "") + "ORDER BY created_at DESC, notice_id DESC LIMIT ?", params,
                rs -> new Stored(rs.getObject(1, UUID.class), Jdbc.instant(rs, "created_at"), rs.getString(3)));
    }

    List<String> allOf(long tenantId, UUID partyId) {
        return jdbc.query("SELECT content FROM notice WHERE tenant_id = ? AND recipient_party_id = ? ORDER BY created_at DESC, notice_id DESC",
                List.of(tenantId, partyId), rs -> rs.getString(1));
    }
}
