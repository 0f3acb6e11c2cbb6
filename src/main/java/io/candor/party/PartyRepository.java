package io.candor.party;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The party table: the marketplace's opaque refs and the handles Candor shows for them. */
@ApplicationScoped
public class PartyRepository {

    private final Jdbc jdbc;

    public PartyRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    Optional<PartyRef> byRef(long tenantId, String ref) {
        return jdbc.query("SELECT party_id, ref, handle FROM party WHERE tenant_id = ? AND ref = ?", List.of(tenantId, ref),
                rs -> new PartyRef(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).stream().findFirst();
    }

    Optional<PartyRef> byId(long tenantId, UUID partyId) {
        return jdbc.query("SELECT party_id, ref, handle FROM party WHERE tenant_id = ? AND party_id = ?", List.of(tenantId, partyId),
                rs -> new PartyRef(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3))).stream().findFirst();
    }

    /** Inserts the party unless its ref or handle is taken; answers whether it did. */
    boolean insert(long tenantId, UUID id, String ref, String handle, Instant now) {
        return jdbc.update("INSERT INTO party (tenant_id, party_id, ref, handle, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                List.of(tenantId, id, ref, handle, now)) == 1;
    }

    Instant createdAt(long tenantId, UUID partyId) {
        return jdbc.query("SELECT created_at FROM party WHERE tenant_id = ? AND party_id = ?", List.of(tenantId, partyId), rs -> Jdbc.instant(rs, 1)).get(0);
    }

    void delete(long tenantId, UUID partyId) {
        jdbc.update("DELETE FROM party WHERE tenant_id = ? AND party_id = ?", List.of(tenantId, partyId));
    }
}
