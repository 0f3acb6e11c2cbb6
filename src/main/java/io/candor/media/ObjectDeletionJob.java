package io.candor.media;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Deletes queued objects from the store ({@link ObjectDeletionRepository}). Any number of instances may run it: keys are taken
 * with {@code FOR UPDATE SKIP LOCKED}, and deleting an object twice is harmless. A store that is down leaves the keys
 * queued for the next run, logged once per run.
 */
@ApplicationScoped
public class ObjectDeletionJob {

    private static final Logger LOG = Logger.getLogger(ObjectDeletionJob.class);
    static final int BATCH = 200;

    private final ObjectDeletionRepository deletions;
    private final ObjectStore store;

    public ObjectDeletionJob(ObjectDeletionRepository deletions, ObjectStore store) {
        this.deletions = deletions;
        this.store = store;
    }

    @Scheduled(every = "{candor.photos.cleanup-interval:1m}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "object-deletions")
    void run() {
        runs.run(this::drain);
    }

    private final io.candor.common.ScheduledWork runs = new io.candor.common.ScheduledWork("deleting stored photos", LOG);

    /** Deletes everything queued, tenant by tenant (a transaction per batch); answers how many objects were deleted. */
    public int drain() {
        int deleted = 0;
        for (long tenantId : deletions.tenantsWithQueued()) {
            for (int i = 0; i < 1000; i++) {
                int[] batch = QuarkusTransaction.requiringNew().call(() -> batch(tenantId));
                deleted += batch[0];
                if (batch[1] < BATCH || batch[0] == 0) {
                    break;
                }
            }
        }
        return deleted;
    }

    /** {deleted, taken} */
    private int[] batch(long tenantId) {
        List<String> keys = deletions.lockBatch(tenantId, BATCH);
        int deleted = 0;
        RuntimeException firstFailure = null;
        for (String key : keys) {
            try {
                store.delete(key);
                deletions.done(key);
                deleted++;
            } catch (RuntimeException e) {
                deletions.failed(key);
                firstFailure = firstFailure == null ? e : firstFailure;
            }
        }
        if (firstFailure != null) {
            LOG.warnf("%d stored photos could not be deleted from the %s store, retried on the next run: %s", keys.size() - deleted, store.kind(),
                    firstFailure.toString());
        }
        return new int[] {deleted, keys.size()};
    }
}
