package io.candor.transaction;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The completed_transaction and seller_product tables: the right to review, and what each seller has sold. */
@ApplicationScoped
public class TransactionRepository {

    private static final String PURCHASE = "SELECT t.transaction_id, t.ref, t.buyer_party_id, t.seller_party_id, s.ref AS seller_ref, "
            + "t.completed_at, t.products, t.incentive FROM completed_transaction t "
            + "LEFT JOIN party s ON s.tenant_id = t.tenant_id AND s.party_id = t.seller_party_id ";

    private final Jdbc jdbc;

    public TransactionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Registers a transaction unless its ref is taken; answers whether it did. */
    boolean insert(long tenantId, UUID id, String ref, UUID buyer, UUID seller, Instant completedAt, List<String> products, Incentive incentive,
                   byte[] fingerprint, Instant now) {
        return jdbc.update("INSERT INTO completed_transaction (tenant_id, transaction_id, ref, buyer_party_id, seller_party_id, completed_at, products, "
                        + "incentive, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, ref) DO NOTHING",
                java.util.Arrays.asList(tenantId, id, ref, buyer, seller, completedAt, products.toArray(String[]::new),
                        incentive == null ? null : incentive.code(), fingerprint, now)) == 1;
    }

    void sold(long tenantId, UUID seller, String productRef, Instant at) {
        jdbc.update("INSERT INTO seller_product (tenant_id, seller_party_id, product_ref, first_sold_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                List.of(tenantId, seller, productRef, at));
    }

    Optional<byte[]> fingerprint(long tenantId, String ref) {
        return jdbc.query("SELECT fingerprint FROM completed_transaction WHERE tenant_id = ? AND ref = ?", List.of(tenantId, ref), rs -> rs.getBytes(1))
                .stream().findFirst();
    }

    Optional<PurchaseRecord> byRef(long tenantId, String ref) {
        return jdbc.query(PURCHASE + "WHERE t.tenant_id = ? AND t.ref = ?", List.of(tenantId, ref), TransactionRepository::purchase).stream().findFirst();
    }

    Optional<PurchaseRecord> byId(long tenantId, UUID id) {
        return jdbc.query(PURCHASE + "WHERE t.tenant_id = ? AND t.transaction_id = ?", List.of(tenantId, id), TransactionRepository::purchase)
                .stream().findFirst();
    }

    boolean sells(long tenantId, UUID seller, String productRef) {
        return !jdbc.query("SELECT 1 FROM seller_product WHERE tenant_id = ? AND seller_party_id = ? AND product_ref = ?",
                List.of(tenantId, seller, productRef), rs -> 1).isEmpty();
    }

    List<TransactionService.Participation> of(long tenantId, UUID partyId) {
        return jdbc.query("SELECT ref, CASE WHEN buyer_party_id = ? THEN 'buyer' ELSE 'seller' END, completed_at, products FROM completed_transaction "
                        + "WHERE tenant_id = ? AND (buyer_party_id = ? OR seller_party_id = ?) ORDER BY completed_at DESC",
                List.of(partyId, tenantId, partyId, partyId),
                rs -> new TransactionService.Participation(rs.getString(1), rs.getString(2), Jdbc.instant(rs, 3), products(rs, 4)));
    }

    /** Erasure: the party's purchases go; their sales stay without the seller; the list of what they sold goes. */
    void erase(long tenantId, UUID partyId) {
        jdbc.update("DELETE FROM completed_transaction WHERE tenant_id = ? AND buyer_party_id = ?", List.of(tenantId, partyId));
        jdbc.update("UPDATE completed_transaction SET seller_party_id = NULL WHERE tenant_id = ? AND seller_party_id = ?", List.of(tenantId, partyId));
        jdbc.update("DELETE FROM seller_product WHERE tenant_id = ? AND seller_party_id = ?", List.of(tenantId, partyId));
    }

    private static PurchaseRecord purchase(ResultSet rs) throws SQLException {
        return new PurchaseRecord(rs.getObject("transaction_id", UUID.class), rs.getString("ref"), rs.getObject("buyer_party_id", UUID.class),
                rs.getObject("seller_party_id", UUID.class), rs.getString("seller_ref"), Jdbc.instant(rs, "completed_at"), products(rs, 7),
                Incentive.parse(rs.getString("incentive")).orElse(null));
    }

    private static List<String> products(ResultSet rs, int column) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
