package io.candor.common.db;

import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failed write is read as "already exists" only when it broke the unique constraint that means it. */
class ConstraintsTest {

    static PersistenceException failure(String sqlState, String constraint) {
        return new PersistenceException(new org.hibernate.exception.ConstraintViolationException("insert failed",
                new SQLException("refused", sqlState), constraint));
    }

    @Test
    void onlyTheNamedUniqueViolationCounts() {
        assertTrue(Constraints.isUniqueViolation(failure("23505", "review_one_per_product"), "review_one_per_transaction", "review_one_per_product"));
        assertFalse(Constraints.isUniqueViolation(failure("23505", "review_pkey"), "review_one_per_product"), "another unique constraint");
        assertFalse(Constraints.isUniqueViolation(failure("23503", "review_one_per_product"), "review_one_per_product"), "not a unique violation");
        assertFalse(Constraints.isUniqueViolation(new PersistenceException(new SQLException("connection lost", "08006")), "review_one_per_product"));
        assertFalse(Constraints.isUniqueViolation(new PersistenceException("no cause"), "review_one_per_product"));
    }
}
