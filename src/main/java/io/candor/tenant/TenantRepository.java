package io.candor.tenant;

import io.candor.common.Sql;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Tenants, their token keys and their API keys. */
@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<Tenant, Long> {

    public Optional<Tenant> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }

    public Optional<Tenant> findByIssuer(String issuer) {
        return find("issuer", issuer).firstResultOptional();
    }

    public boolean slugOrIssuerTaken(String slug, String issuer) {
        return count("slug = ?1 or issuer = ?2", slug, issuer) > 0;
    }

    /** Every tenant's id, in order, for jobs that go through them all. */
    public List<Long> allIds() {
        return getEntityManager().createQuery("SELECT t.id FROM Tenant t ORDER BY t.id", Long.class).getResultList();
    }

    public List<String> keyPems(long tenantId) {
        @SuppressWarnings("unchecked")
        List<String> pems = getEntityManager()
                .createNativeQuery("SELECT public_key_pem FROM tenant_key WHERE tenant_id = ?1 ORDER BY created_at, key_id")
                .setParameter(1, tenantId)
                .getResultList();
        return pems;
    }

    public void replaceKeys(long tenantId, List<PublicKeyPem> keys, Instant now) {
        getEntityManager().createNativeQuery("DELETE FROM tenant_key WHERE tenant_id = ?1").setParameter(1, tenantId).executeUpdate();
        for (PublicKeyPem key : keys) {
            getEntityManager().createNativeQuery(
                            "INSERT INTO tenant_key (tenant_id, key_id, algorithm, public_key_pem, created_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING")
                    .setParameter(1, tenantId)
                    .setParameter(2, key.keyId())
                    .setParameter(3, key.algorithm())
                    .setParameter(4, key.pem())
                    .setParameter(5, Timestamp.from(now))
                    .executeUpdate();
        }
    }

    public void insertApiKey(long tenantId, String prefix, byte[] hash, Instant now) {
        getEntityManager().createNativeQuery("INSERT INTO api_key (tenant_id, prefix, key_hash, created_at) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, tenantId)
                .setParameter(2, prefix)
                .setParameter(3, hash)
                .setParameter(4, Timestamp.from(now))
                .executeUpdate();
    }

    /** Revokes a live key; answers whether one was revoked. */
    public boolean revokeApiKey(long tenantId, String prefix, Instant now) {
        return getEntityManager().createNativeQuery("UPDATE api_key SET revoked_at = ?3 WHERE tenant_id = ?1 AND prefix = ?2 AND revoked_at IS NULL")
                .setParameter(1, tenantId)
                .setParameter(2, prefix)
                .setParameter(3, Timestamp.from(now))
                .executeUpdate() == 1;
    }

    public boolean apiKeyExists(long tenantId, String prefix) {
        return ((Number) getEntityManager().createNativeQuery("SELECT count(*) FROM api_key WHERE tenant_id = ?1 AND prefix = ?2")
                .setParameter(1, tenantId)
                .setParameter(2, prefix)
                .getSingleResult()).intValue() > 0;
    }

    /** The hash of a live (not revoked) key, if there is one under that prefix. */
    public Optional<byte[]> liveApiKeyHash(long tenantId, String prefix) {
        @SuppressWarnings("unchecked")
        List<byte[]> rows = getEntityManager()
                .createNativeQuery("SELECT key_hash FROM api_key WHERE tenant_id = ?1 AND prefix = ?2 AND revoked_at IS NULL")
                .setParameter(1, tenantId)
                .setParameter(2, prefix)
                .getResultList();
        return rows.stream().findFirst();
    }

    public List<TenantView.ApiKeyView> apiKeys(long tenantId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager()
                .createNativeQuery("SELECT prefix, created_at, revoked_at FROM api_key WHERE tenant_id = ?1 ORDER BY created_at, prefix")
                .setParameter(1, tenantId)
                .getResultList();
        return rows.stream().map(r -> new TenantView.ApiKeyView((String) r[0], Sql.instant(r[1]), Sql.instant(r[2]))).toList();
    }
}
