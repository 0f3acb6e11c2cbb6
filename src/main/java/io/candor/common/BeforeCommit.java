package io.candor.common;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Work collected during a transaction and written just before it commits, in one batch per kind. Writes that take
 * a lock other transactions wait for ({@link Stage#CONTENDED}: a popular product's summary row) run last of all, so
 * that lock is held for the commit alone; writes that lock nothing shared ({@link Stage#APPEND}: log entries) run
 * first. Nothing runs if the transaction is already marked for rollback.
 */
public final class BeforeCommit {

    /** When a batch runs, relative to the others. */
    public enum Stage {
        /** Inserts that lock nothing another transaction could wait for. */
        APPEND,
        /**
         * Counters that many transactions increment (a subject's review arrivals in an hour): after the appends and
         * before {@link #CONTENDED}, so that every transaction takes these locks in the same order.
         */
        TALLY,
        /** Updates of rows that many transactions update: last, so their locks are held as briefly as possible. */
        CONTENDED
    }

    private BeforeCommit() {
    }

    private static final Object PLAN = new Object();

    private record Batch<T>(List<T> items, Consumer<List<T>> flush) {
        void run() {
            if (!items.isEmpty()) {
                List<T> taken = new ArrayList<>(items);
                items.clear();
                flush.accept(taken);
            }
        }
    }

    private static final class Plan {
        final Map<Stage, Map<Object, Batch<?>>> stages = new LinkedHashMap<>();

        Plan() {
            for (Stage stage : Stage.values()) {
                stages.put(stage, new LinkedHashMap<>());
            }
        }

        boolean pending() {
            return stages.values().stream().flatMap(m -> m.values().stream()).anyMatch(b -> !b.items().isEmpty());
        }
    }

    /**
     * The current transaction's pending items of this kind ({@code key}): add to the list; {@code flush} gets them
     * all just before commit, in its stage's turn.
     */
    @SuppressWarnings("unchecked")
    public static <T> List<T> pending(TransactionSynchronizationRegistry transactions, Object key, Stage stage, Consumer<List<T>> flush) {
        Plan plan = (Plan) transactions.getResource(PLAN);
        if (plan == null) {
            Plan created = new Plan();
            transactions.putResource(PLAN, created);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    // a flush may add work to an earlier stage (an event, a log entry): go round until nothing is left
                    for (int round = 0; created.pending() && round < 10; round++) {
                        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
                            return;
                        }
                        for (Map<Object, Batch<?>> batches : created.stages.values()) {
                            for (Batch<?> batch : List.copyOf(batches.values())) {
                                batch.run();
                            }
                        }
                    }
                }

                @Override
                public void afterCompletion(int status) {
                }
            });
            plan = created;
        }
        return ((Batch<T>) plan.stages.get(stage).computeIfAbsent(key, k -> new Batch<>(new ArrayList<T>(), flush))).items();
    }
}
