package io.candor.transaction;

import io.candor.audit.AuditLog;
import io.candor.common.FieldError;
import io.candor.common.ProblemException;
import io.candor.common.Refs;
import io.candor.common.Sql;
import io.candor.party.PartyRef;
import io.candor.party.PartyService;
import io.candor.tenant.TenantContext;
import io.candor.tenant.TenantDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/** Registers completed transactions, idempotently by the marketplace's ref, and answers entitlement lookups. */
@ApplicationScoped
@Transactional
public class TransactionService {

    /** Marketplace clocks drift; a completion this far ahead of ours is still accepted. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final EntityManager em;
    private final TenantDirectory tenants;
    private final PartyService parties;
    private final AuditLog audit;
    private final Clock clock;

    public TransactionService(EntityManager em, TenantDirectory tenants, PartyService parties, AuditLog audit, Clock clock) {
        this.em = em;
        this.tenants = tenants;
        this.parties = parties;
        this.audit = audit;
        this.clock = clock;
    }

    public record Registration(TransactionView view, boolean created) {
    }

    public Registration register(long tenantId, RegisterTransactionRequest request) {
        TenantContext tenant = tenants.byId(tenantId);
        Instant now = clock.instant();
        List<FieldError> errors = new ArrayList<>();
        check(errors, "ref", () -> Refs.checkTransaction("ref", request.ref()));
        check(errors, "buyer", () -> Refs.checkParty("buyer", request.buyer()));
        check(errors, "seller", () -> Refs.checkParty("seller", request.seller()));
        List<String> products = request.products() == null ? List.of() : request.products();
        for (int i = 0; i < products.size(); i++) {
            if (!Refs.isSubjectRef(products.get(i))) {
                errors.add(new FieldError("products[" + i + "]", "must be 1..128 characters of A-Z a-z 0-9 . _ : -"));
            }
        }
        if (request.completedAt().isAfter(now.plus(CLOCK_SKEW))) {
            errors.add(new FieldError("completedAt", "must not be in the future"));
        }
        if (request.buyer().equals(request.seller())) {
            errors.add(new FieldError("seller", "buyer and seller must be different parties"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        Instant completedAt = request.completedAt().truncatedTo(ChronoUnit.MICROS);
        List<String> sortedProducts = List.copyOf(new TreeSet<>(products));
        byte[] fingerprint = fingerprint(request.ref(), request.buyer(), request.seller(), completedAt, sortedProducts);

        Optional<byte[]> existing = storedFingerprint(tenantId, request.ref());
        if (existing.isEmpty()) {
            PartyRef buyer = parties.findOrCreate(tenant, request.buyer(), PartyService.Kind.BUYER);
            PartyRef seller = parties.findOrCreate(tenant, request.seller(), PartyService.Kind.SELLER);
            int inserted = em.createNativeQuery("INSERT INTO completed_transaction (tenant_id, transaction_id, ref, buyer_party_id, "
                            + "seller_party_id, completed_at, products, fingerprint, created_at) "
                            + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, CAST(?7 AS text[]), ?8, ?9) ON CONFLICT (tenant_id, ref) DO NOTHING")
                    .setParameter(1, tenantId)
                    .setParameter(2, io.candor.common.Ids.newId(now))
                    .setParameter(3, request.ref())
                    .setParameter(4, buyer.id())
                    .setParameter(5, seller.id())
                    .setParameter(6, Timestamp.from(completedAt))
                    .setParameter(7, toArrayLiteral(sortedProducts))
                    .setParameter(8, fingerprint)
                    .setParameter(9, Timestamp.from(now))
                    .executeUpdate();
            if (inserted == 1) {
                for (String product : sortedProducts) {
                    em.createNativeQuery("INSERT INTO seller_product (tenant_id, seller_party_id, product_ref, first_sold_at) "
                                    + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING")
                            .setParameter(1, tenantId)
                            .setParameter(2, seller.id())
                            .setParameter(3, product)
                            .setParameter(4, Timestamp.from(completedAt))
                            .executeUpdate();
                }
                audit.append(tenantId, AuditLog.Actor.MARKETPLACE, "transaction.registered", "transaction", request.ref(),
                        Map.of("products", sortedProducts.size()), now);
                return new Registration(view(tenant, request.ref(), completedAt, sortedProducts), true);
            }
            existing = storedFingerprint(tenantId, request.ref());
        }
        if (!MessageDigest.isEqual(existing.orElseThrow(), fingerprint)) {
            throw ProblemException.conflict("Transaction '" + request.ref() + "' is already registered with different details.");
        }
        return new Registration(view(tenant, request.ref(), completedAt, sortedProducts), false);
    }

    /** The transaction with this ref in the tenant, for entitlement checks. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PurchaseRecord> find(long tenantId, String ref) {
        return purchase("t.ref = ?2", tenantId, ref);
    }

    /** The transaction with this id in the tenant. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PurchaseRecord> byId(long tenantId, UUID id) {
        return purchase("t.transaction_id = ?2", tenantId, id);
    }

    private Optional<PurchaseRecord> purchase(String where, long tenantId, Object key) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT t.transaction_id, t.ref, t.buyer_party_id, t.seller_party_id, s.ref, "
                        + "t.completed_at, array_to_string(t.products, chr(31)) FROM completed_transaction t "
                        + "LEFT JOIN party s ON s.tenant_id = t.tenant_id AND s.party_id = t.seller_party_id "
                        + "WHERE t.tenant_id = ?1 AND " + where)
                .setParameter(1, tenantId)
                .setParameter(2, key)
                .getResultList();
        return rows.stream().findFirst().map(r -> new PurchaseRecord((UUID) r[0], (String) r[1], (UUID) r[2], (UUID) r[3], (String) r[4],
                Sql.instant(r[5]), r[6] == null || ((String) r[6]).isEmpty() ? List.of() : Arrays.asList(((String) r[6]).split("\u001f"))));
    }

    /** Whether this seller has sold this product in the tenant (seller_product). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean sells(long tenantId, UUID sellerPartyId, String productRef) {
        return !em.createNativeQuery("SELECT 1 FROM seller_product WHERE tenant_id = ?1 AND seller_party_id = ?2 AND product_ref = ?3")
                .setParameter(1, tenantId).setParameter(2, sellerPartyId).setParameter(3, productRef).getResultList().isEmpty();
    }

    /** A transaction the party took part in, for an export. */
    public record Participation(String ref, String role, Instant completedAt, List<String> products) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Participation> of(long tenantId, UUID partyId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT ref, CASE WHEN buyer_party_id = ?2 THEN 'buyer' ELSE 'seller' END, completed_at, "
                        + "array_to_string(products, chr(31)) FROM completed_transaction WHERE tenant_id = ?1 AND (buyer_party_id = ?2 OR seller_party_id = ?2) "
                        + "ORDER BY completed_at DESC")
                .setParameter(1, tenantId)
                .setParameter(2, partyId)
                .getResultList();
        return rows.stream().map(r -> new Participation((String) r[0], (String) r[1], Sql.instant(r[2]),
                r[3] == null || ((String) r[3]).isEmpty() ? List.of() : Arrays.asList(((String) r[3]).split("\u001f")))).toList();
    }

    /**
     * Erasure: the party's purchases go (their reviews and feedback are gone already); their sales stay, without
     * the seller, because the buyers' reviews stand on them; the list of what they sold goes.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(long tenantId, UUID partyId) {
        em.createNativeQuery("DELETE FROM completed_transaction WHERE tenant_id = ?1 AND buyer_party_id = ?2")
                .setParameter(1, tenantId).setParameter(2, partyId).executeUpdate();
        em.createNativeQuery("UPDATE completed_transaction SET seller_party_id = NULL WHERE tenant_id = ?1 AND seller_party_id = ?2")
                .setParameter(1, tenantId).setParameter(2, partyId).executeUpdate();
        em.createNativeQuery("DELETE FROM seller_product WHERE tenant_id = ?1 AND seller_party_id = ?2")
                .setParameter(1, tenantId).setParameter(2, partyId).executeUpdate();
    }

    private Optional<byte[]> storedFingerprint(long tenantId, String ref) {
        @SuppressWarnings("unchecked")
        List<byte[]> rows = em.createNativeQuery("SELECT fingerprint FROM completed_transaction WHERE tenant_id = ?1 AND ref = ?2")
                .setParameter(1, tenantId)
                .setParameter(2, ref)
                .getResultList();
        return rows.stream().findFirst();
    }

    private static TransactionView view(TenantContext tenant, String ref, Instant completedAt, List<String> products) {
        return new TransactionView(ref, completedAt, products, completedAt.plus(Duration.ofDays(tenant.policy().reviewWindowDays())));
    }

    private static void check(List<FieldError> errors, String field, Runnable check) {
        try {
            check.run();
        } catch (ProblemException e) {
            errors.addAll(e.errors());
        }
    }

    private static byte[] fingerprint(String ref, String buyer, String seller, Instant completedAt, List<String> products) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String canonical = String.join("\n", ref, buyer, seller, completedAt.toString(), String.join(",", products));
            return digest.digest(canonical.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Product refs are restricted to {@code [A-Za-z0-9._:-]}, so they need no quoting inside an array literal. */
    private static String toArrayLiteral(List<String> values) {
        return "{" + String.join(",", values) + "}";
    }
}
