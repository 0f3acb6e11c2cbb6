package io.candor.common.db;

import io.candor.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;

/**
 * PostgreSQL advisory locks for work that one instance does at a time (recomputes, retention): held until the
 * transaction ends, so a crashed instance never leaves one behind.
 */
@ApplicationScoped
public class AdvisoryLocks {

    private final Jdbc jdbc;

    public AdvisoryLocks(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes the lock for the current transaction if no one holds it; answers whether this transaction has it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tryForTransaction(long key) {
        return jdbc.query("SELECT pg_try_advisory_xact_lock(?)", List.of(key), rs -> rs.getBoolean(1)).get(0);
    }

    /** The two-key form, for one lock per tenant within a kind of work ({@code space}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean tryForTransaction(int space, int key) {
        return jdbc.query("SELECT pg_try_advisory_xact_lock(?, ?)", List.of(space, key), rs -> rs.getBoolean(1)).get(0);
    }
}
