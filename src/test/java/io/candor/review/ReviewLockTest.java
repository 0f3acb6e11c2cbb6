package io.candor.review;

import io.candor.common.ProblemException;
import io.candor.testing.TestMarketplace;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Locking a review for a change looks it up by tenant and id: another tenant's review is neither found nor locked. */
@QuarkusTest
class ReviewLockTest {

    @Inject
    ReviewTransitions transitions;

    @Inject
    DataSource db;

    long tenantId(String slug) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT tenant_id FROM tenant WHERE slug = ?")) {
            ps.setString(1, slug);
            var rs = ps.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Whether another transaction (on another thread, outside this one's) can lock the review row right now. */
    boolean lockableElsewhere(UUID review) throws Exception {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return tryLock(review);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    boolean tryLock(UUID review) throws Exception {
        long tenant;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT tenant_id FROM review WHERE review_id = ?")) {
            ps.setObject(1, review);
            try (var rs = ps.executeQuery()) {
                rs.next();
                tenant = rs.getLong(1);
            }
        }
        // with the tenant named, as every lock Candor takes (on Citus a lock must name the shard)
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM review WHERE tenant_id = ? AND review_id = ? FOR UPDATE NOWAIT")) {
            c.setAutoCommit(false);
            ps.setLong(1, tenant);
            ps.setObject(2, review);
            try {
                ps.executeQuery().close();
                return true;
            } catch (java.sql.SQLException e) {
                assertEquals("55P03", e.getSQLState(), e.getMessage());
                return false;
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    @Test
    void anotherTenantsReviewIsNeitherFoundNorLocked() throws Exception {
        TestMarketplace a = TestMarketplace.create();
        TestMarketplace b = TestMarketplace.create();
        a.purchase("o-1", "b-1", "s-1", 1, "sku-1");
        UUID review = UUID.fromString(a.review("b-1", "o-1", "sku-1", 4, "Warm light."));
        long tenantA = tenantId(a.slug);
        long tenantB = tenantId(b.slug);

        boolean[] lockable = new boolean[1];
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                assertThrows(ProblemException.class, () -> transitions.lock(tenantB, review));
                try {
                    lockable[0] = lockableElsewhere(review);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (io.quarkus.narayana.jta.QuarkusTransactionException refusedCommit) {
            // the not-found marked the transaction for rollback; what counts was observed inside it
        }
        assertEquals(true, lockable[0], "a lookup from another tenant left the row unlocked");

        QuarkusTransaction.requiringNew().run(() -> {
            assertEquals(review, transitions.lock(tenantA, review).id());
            try {
                lockable[0] = lockableElsewhere(review);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(false, lockable[0], "the tenant's own lookup holds the row lock");
    }
}
