package io.candor.demo;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/** The demo marketplace's private signing key (table {@code demo_signing_key}, owned here), for demo tokens only. */
@ApplicationScoped
public class DemoKeyRepository {

    private final Jdbc jdbc;

    public DemoKeyRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void store(long tenantId, String privateKeyBase64) {
        jdbc.update("INSERT INTO demo_signing_key (tenant_id, private_key_pem) VALUES (?, ?)", List.of(tenantId, privateKeyBase64));
    }

    Optional<String> privateKey(long tenantId) {
        return jdbc.query("SELECT private_key_pem FROM demo_signing_key WHERE tenant_id = ?", List.of(tenantId), rs -> rs.getString(1))
                .stream().findFirst();
    }
}
