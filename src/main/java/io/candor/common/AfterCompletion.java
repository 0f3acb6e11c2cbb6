package io.candor.common;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Work for the end of the current transaction: caches follow only what was committed. */
public final class AfterCompletion {

    private AfterCompletion() {
    }

    /** Runs the action once the current transaction has committed; never after a rollback. */
    public static void onCommit(TransactionSynchronizationRegistry transactions, Runnable action) {
        register(transactions, status -> {
            if (status == Status.STATUS_COMMITTED) {
                action.run();
            }
        });
    }

    /** Runs the action once the current transaction has rolled back; never after a commit. */
    public static void onRollback(TransactionSynchronizationRegistry transactions, Runnable action) {
        register(transactions, status -> {
            if (status != Status.STATUS_COMMITTED) {
                action.run();
            }
        });
    }

    /** Runs the action when the current transaction ends, committed or not. */
    public static void always(TransactionSynchronizationRegistry transactions, Runnable action) {
        register(transactions, status -> action.run());
    }

    private static void register(TransactionSynchronizationRegistry transactions, java.util.function.IntConsumer afterCompletion) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                afterCompletion.accept(status);
            }
        });
    }
}
