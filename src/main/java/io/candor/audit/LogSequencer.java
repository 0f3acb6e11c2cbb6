package io.candor.audit;

import io.candor.common.db.AdvisoryLocks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Integrates committed log entries into each tenant's Merkle tree, the way a Certificate Transparency log or Trillian
 * does: every run, for each tenant with unsequenced entries, the instance that wins the tenant's advisory lock (so any
 * number of pods is safe) takes them in a stable order (their ids), gives them the next leaf indexes, stores the
 * complete subtrees they make and signs a tree head with the tenant's key. Writers never wait for it: they insert
 * and commit; the pass that follows includes them (four passes per {@code candor.log.sequence-interval}, 1 s by
 * default: one every 250 ms), so an entry is in a signed head well within a second of its commit under light load (the maximum merge delay is in docs/transparency-log.md).
 */
@ApplicationScoped
public class LogSequencer {

    private static final Logger LOG = Logger.getLogger(LogSequencer.class);
    /** Advisory-lock space of the sequencer: 'LOG'. */
    private static final int LOCK_SPACE = 0x4c4f47;
    static final int BATCH = 10_000;

    private final LogRepository log;
    private final LogKeys keys;
    private final AdvisoryLocks locks;
    private final Clock clock;
    private final Timer mergeDelay;

    private final Duration interval;
    /** Set when the application shuts down: a run then stops between passes instead of reaching a closed container. */
    private volatile boolean stopping;

    public LogSequencer(LogRepository log, LogKeys keys, AdvisoryLocks locks, Clock clock, MeterRegistry metrics,
                        @org.eclipse.microprofile.config.inject.ConfigProperty(name = "candor.log.sequence-interval", defaultValue = "1s") Duration interval) {
        this.interval = interval;
        this.log = log;
        this.keys = keys;
        this.locks = locks;
        this.clock = clock;
        this.mergeDelay = Timer.builder("candor.log.merge.delay")
                .description("From an entry's insertion to its inclusion in a signed tree head")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(metrics);
    }

    /** Passes within each scheduled run: the scheduler fires at most once a second, the log integrates four times as often. */
    static final int PASSES = 4;

    void stop(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        stopping = true;
    }

    @Scheduled(every = "{candor.log.sequence-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "log-sequencer")
    void run() {
        long passEvery = TimeUnit.NANOSECONDS.convert(interval) / PASSES;
        for (int pass = 0; pass < PASSES && !stopping; pass++) {
            long started = System.nanoTime();
            pass();
            long rest = passEvery - (System.nanoTime() - started);
            if (pass < PASSES - 1 && rest > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(rest);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // shutting down
                    return;
                }
            }
        }
    }

    /** One pass over every tenant with unsequenced entries. */
    private final io.candor.common.ScheduledWork outage = new io.candor.common.ScheduledWork("the log sequencer", LOG);

    void pass() {
        List<Long> tenants;
        try {
            tenants = log.tenantsWithUnsequenced();
        } catch (RuntimeException e) {
            // the database is away (a failover, a restart): one line when it starts and one when it ends, no stack trace,
            // and the next run retries; nothing at all while the application shuts down
            if (!stopping) {
                outage.failed(e);
            }
            return;
        }
        outage.succeeded();
        for (long tenantId : tenants) {
            if (stopping) {
                return;
            }
            try {
                for (int i = 0; i < 10; i++) {
                    Optional<Integrated> run = QuarkusTransaction.requiringNew().call(() -> integrate(tenantId));
                    if (run.isEmpty() || run.get().entries() < BATCH) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf("sequencing the log of tenant %d failed, retried next run: %s", tenantId, e.toString());
            }
        }
    }

    /** What one run integrated. */
    public record Integrated(TreeHead head, int entries) {
    }

    /**
     * Integrates the tenant's oldest unsequenced entries (up to a batch) and signs the new head; answers nothing if
     * another instance is sequencing this tenant right now or there was nothing to do.
     */
    @Transactional
    public Optional<Integrated> sequence(long tenantId) {
        return integrate(tenantId);
    }

    private Optional<Integrated> integrate(long tenantId) {
        if (!locks.tryForTransaction(LOCK_SPACE, Long.hashCode(tenantId))) {
            return Optional.empty();
        }
        Optional<TreeHead> latest = log.latestHead(tenantId);
        List<LogRepository.StoredEntry> batch = log.unsequenced(tenantId, BATCH);
        if (batch.isEmpty() && latest.isPresent()) {
            return Optional.empty();
        }
        long size = latest.map(TreeHead::treeSize).orElse(0L);
        List<long[]> edge = MerkleTree.frontier(size);
        Map<List<Long>, byte[]> stored = log.nodes(tenantId, new java.util.LinkedHashSet<>(edge.stream().map(n -> List.of(n[0], n[1])).toList()));
        List<MerkleTree.Node> frontier = new ArrayList<>(edge.size());
        for (long[] n : edge) {
            byte[] hash = stored.get(List.of(n[0], n[1]));
            if (hash == null) {
                throw new IllegalStateException("the log of tenant " + tenantId + " lacks its subtree " + n[0] + "/" + n[1] + " at size " + size);
            }
            frontier.add(new MerkleTree.Node((int) n[0], n[1], hash));
        }
        MerkleTree.Appender tree = new MerkleTree.Appender(size, frontier);
        List<Long> ids = new ArrayList<>(batch.size());
        for (LogRepository.StoredEntry entry : batch) {
            tree.append(entry.leaf().leafHash());
            ids.add(entry.entryId());
        }
        log.integrate(tenantId, tree.completed(), ids, size);
        long now = Math.max(clock.instant().toEpochMilli(), latest.map(TreeHead::timestamp).orElse(0L));
        TreeHead head = TreeHead.sign(keys.signingKey(tenantId).getPrivate(), tree.size(), tree.root(), now);
        log.insertHead(tenantId, head);
        for (LogRepository.StoredEntry entry : batch) {
            mergeDelay.record(Duration.ofMillis(Math.max(0, now - entry.loggedAt().toEpochMilli())));
        }
        return Optional.of(new Integrated(head, batch.size()));
    }
}
