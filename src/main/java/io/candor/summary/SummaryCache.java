package io.candor.summary;

import io.candor.common.db.PgNotifications;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * This instance's copy of recently read summary rows, so that a storefront's summary reads cost no query.
 *
 * <p>Every change of a summary row, by any instance and any writer, makes PostgreSQL send a
 * {@code candor_summary} notification at commit (trigger {@code summary_notify}, V8); a listener thread
 * drops the named row here. Writes through this instance also drop it themselves after commit, so a
 * caller reads its own write without waiting for the round trip. While the listener is not connected
 * nothing is cached, and after it reconnects everything cached before is dropped: a notification
 * missed in between can never leave a stale summary behind.
 *
 * <p>On Citus a notification raised on the worker that holds a shard never reaches a listener on the coordinator,
 * so there the trigger is replaced (V16) by a {@code changed_at} column that every change of a row sets, and a poller
 * reads the rows changed since its last pass (with an overlap that covers transactions still committing when it
 * looked) every {@code candor.summary-cache.poll-interval}: another pod's write is seen within about that interval.
 * The same rules hold: nothing is cached while the poller cannot read, and everything is dropped when it can again.
 *
 * <p>A load that raced with a change is not kept: loads note the invalidation count before they query
 * and keep their rows only if no invalidation happened meanwhile.
 */
@ApplicationScoped
public class SummaryCache {

    static final String CHANNEL = "candor_summary";
    private static final Logger LOG = Logger.getLogger(SummaryCache.class);

    /** Tuning of the per-instance summary cache. */
    @ConfigMapping(prefix = "candor.summary-cache")
    public interface Config {
        /** Summaries kept per instance; a row is about 400 bytes. 0 switches the cache off. */
        @WithDefault("100000")
        long maxSize();

        /** A safety net only: notifications drop changed rows within milliseconds. */
        @WithDefault("10M")
        Duration ttl();

        /** On Citus: how often changed rows are polled for (the freshness across pods). */
        @WithDefault("500ms")
        Duration pollInterval();

        /**
         * On Citus: how far back each poll looks beyond the previous one, to cover a change whose transaction was still
         * committing at the previous poll (the summary row is the last thing a write changes) and clock skew between nodes.
         */
        @WithDefault("5s")
        Duration pollOverlap();

        /**
         * Batches kept per instance (by tenant and the exact {@code subjects} parameter): a storefront's listing page
         * asks for the same batch again and again, and a kept batch answers with no parsing and no lookups while none
         * of its rows changed. About 0.3 KB each plus the parameter; 0 keeps none.
         */
        @WithDefault("4096")
        long keptBatches();
    }

    /**
     * A cached subject. Not a record: a record's equals and hashCode go through method-handle combinators that the
     * JIT did not fold here (a quarter of a batch's CPU in one profile), and this key's hash is computed once.
     */
    static final class Key {
        private final long tenantId;
        private final String type;
        private final String ref;
        private final int hash;

        Key(long tenantId, String type, String ref) {
            this.tenantId = tenantId;
            this.type = type;
            this.ref = ref;
            this.hash = (Long.hashCode(tenantId) * 31 + type.hashCode()) * 31 + ref.hashCode();
        }

        long tenantId() {
            return tenantId;
        }

        String type() {
            return type;
        }

        String ref() {
            return ref;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && k.hash == hash && k.tenantId == tenantId && k.ref.equals(ref) && k.type.equals(type);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return "Key[" + tenantId + ", " + type + ", " + ref + "]";
        }
    }

    private final AgroalDataSource dataSource;
    private final Config config;
    private final Cache<Key, Entry> rows;
    private final Cache<BatchKey, Kept> batches;
    private final long ttlNanos;
    /** How many times everything was dropped (changed under {@code lock}); a kept batch from before a drop is not used. */
    private volatile long clears;
    private final Object lock = new Object();
    private long invalidations;
    private volatile boolean listening;
    private volatile boolean stopped;
    private Thread listener;

    public SummaryCache(AgroalDataSource dataSource, Config config) {
        this.dataSource = dataSource;
        this.config = config;
        // an entry leaves the map only through evict() and clear(), which mark it, and through eviction (size, age),
        // whose listener runs synchronously: a kept batch that holds an entry no longer in the map sees the mark
        this.rows = Caffeine.newBuilder().maximumSize(Math.max(config.maxSize(), 1)).expireAfterWrite(config.ttl())
                .<Key, Entry>evictionListener((key, entry, cause) -> {
                    if (entry != null) {
                        entry.removed = true;
                    }
                })
                .build();
        this.batches = Caffeine.newBuilder().maximumSize(Math.max(config.keptBatches(), 1)).build();
        this.ttlNanos = config.ttl().toNanos();
    }

    void start(@Observes StartupEvent event) {
        if (config.maxSize() <= 0) {
            return;
        }
        listener = new Thread(this::watch, "candor-summary-listener");
        listener.setDaemon(true);
        listener.start();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (listener != null) {
            listener.interrupt();
            try {
                // it sees the flag within one wait for notifications (500 ms) and gives its connection back before the
                // pool closes
                listener.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether rows are being cached: the listener is connected. */
    public boolean active() {
        return listening;
    }

    /**
     * A cached row with its public JSON, rendered once per set of policy inputs: a storefront's listing page asks for
     * the same summaries many times between two changes, and the rendering (rounding, maps, dates) costs more than
     * the lookup.
     */
    static final class Entry {
        final SummaryRow row;
        /** When the row was read: a kept batch holds it no longer than the cache itself would ({@code ttl}). */
        final long loadedAt = System.nanoTime();
        /** Set when the entry leaves the cache, for whatever reason: kept batches that hold it are not used again. */
        volatile boolean removed;
        private volatile Rendering rendering;

        Entry(SummaryRow row) {
            this.row = row;
        }

        /** The row's public view as JSON, under these inputs; rendered on first use and kept while they stay. */
        byte[] json(SummaryRow.ViewInputs inputs, Function<SummaryRow, byte[]> render) {
            Rendering r = rendering;
            if (r != null && (r.inputs() == inputs || r.inputs().equals(inputs))) {
                return r.json();
            }
            byte[] json = render.apply(row);
            rendering = new Rendering(inputs, json);
            return json;
        }
    }

    private record Rendering(SummaryRow.ViewInputs inputs, byte[] json) {
    }

    /**
     * The entries for these subjects of one tenant, from the cache where present; the rest come from
     * {@code load} in one call (which answers only the rows that exist) and are cached.
     */
    List<Entry> entries(long tenantId, List<SummaryView.Subject> subjects, Function<List<SummaryView.Subject>, List<SummaryRow>> load) {
        if (!listening) {
            return wrap(inOrder(subjects, load.apply(subjects)));
        }
        Map<Key, Entry> found = new HashMap<>();
        List<SummaryView.Subject> missing = new ArrayList<>();
        for (SummaryView.Subject s : subjects) {
            Key key = new Key(tenantId, s.type(), s.ref());
            Entry entry = rows.getIfPresent(key);
            if (entry == null) {
                missing.add(s);
            } else {
                found.put(key, entry);
            }
        }
        if (!missing.isEmpty()) {
            long before;
            synchronized (lock) {
                before = invalidations;
            }
            Map<Key, Entry> loaded = new HashMap<>();
            for (SummaryRow row : load.apply(missing)) {
                loaded.put(new Key(tenantId, row.subjectType(), row.subjectRef()), new Entry(row));
            }
            for (SummaryView.Subject s : missing) {
                Key key = new Key(tenantId, s.type(), s.ref());
                loaded.computeIfAbsent(key, k -> new Entry(SummaryRow.empty(s.type(), s.ref())));
            }
            synchronized (lock) {
                if (invalidations == before && listening) {
                    // never replace an entry another load put meanwhile (it may be held by a kept batch, and only
                    // entries in the map are ever marked); answer with the one the map holds
                    for (Map.Entry<Key, Entry> e : loaded.entrySet()) {
                        Entry held = rows.asMap().putIfAbsent(e.getKey(), e.getValue());
                        if (held != null) {
                            e.setValue(held);
                        }
                    }
                }
            }
            found.putAll(loaded);
        }
        List<Entry> ordered = new ArrayList<>(subjects.size());
        for (SummaryView.Subject s : subjects) {
            ordered.add(found.get(new Key(tenantId, s.type(), s.ref())));
        }
        return ordered;
    }

    /** The entries of these subjects if every one is cached (one lookup each), else null. */
    List<Entry> allPresent(long tenantId, List<SummaryView.Subject> subjects) {
        if (!listening) {
            return null;
        }
        List<Entry> found = new ArrayList<>(subjects.size());
        for (SummaryView.Subject s : subjects) {
            Entry entry = rows.getIfPresent(new Key(tenantId, s.type(), s.ref()));
            if (entry == null) {
                return null;
            }
            found.add(entry);
        }
        return found;
    }

    static List<Entry> wrap(List<SummaryRow> rows) {
        List<Entry> entries = new ArrayList<>(rows.size());
        for (SummaryRow row : rows) {
            entries.add(new Entry(row));
        }
        return entries;
    }

    /** The rows in the order of the subjects asked for; a subject without a row gets an empty one. */
    static List<SummaryRow> inOrder(List<SummaryView.Subject> subjects, Collection<SummaryRow> loaded) {
        Map<String, SummaryRow> byKey = new HashMap<>();
        for (SummaryRow row : loaded) {
            byKey.put(row.subjectType() + ":" + row.subjectRef(), row);
        }
        List<SummaryRow> ordered = new ArrayList<>(subjects.size());
        for (SummaryView.Subject s : subjects) {
            SummaryRow row = byKey.get(s.type() + ":" + s.ref());
            ordered.add(row != null ? row : SummaryRow.empty(s.type(), s.ref()));
        }
        return ordered;
    }

    /** Drops one subject's row (after a local commit, or on a notification). */
    public void evict(long tenantId, String type, String ref) {
        synchronized (lock) {
            invalidations++;
            Entry gone = rows.asMap().remove(new Key(tenantId, type, ref));
            if (gone != null) {
                gone.removed = true;
            }
        }
    }

    /** Drops everything. */
    public void clear() {
        synchronized (lock) {
            invalidations++;
            clears++;
            rows.invalidateAll();
            batches.invalidateAll();
        }
    }

    /**
     * The entries of a batch asked for before with exactly this {@code subjects} parameter, if every one is still the
     * entry the cache holds (none changed, was dropped or grew older than the cache keeps rows); else null. Only
     * parameters that were parsed and checked are ever kept.
     */
    List<Entry> keptBatch(long tenantId, String subjects) {
        if (!listening || subjects == null) {
            return null;
        }
        Kept kept = batches.getIfPresent(new BatchKey(tenantId, subjects));
        if (kept == null || kept.clears != clears) {
            return null;
        }
        long now = System.nanoTime();
        for (Entry e : kept.entries) {
            if (e.removed || now - e.loadedAt >= ttlNanos) {
                return null;
            }
        }
        return java.util.Arrays.asList(kept.entries);
    }

    /** The count of drops of everything so far: read it before the lookups whose entries {@link #keepBatch} keeps. */
    long clears() {
        return clears;
    }

    /**
     * Keeps a batch's entries for {@link #keptBatch}: all of them found in the cache by lookups made after
     * {@code clearsBefore} was read. An entry removed since is marked; a drop of everything since changed the count, and
     * the batch is never used.
     */
    void keepBatch(long tenantId, String subjects, List<Entry> entries, long clearsBefore) {
        if (!listening || config.keptBatches() <= 0) {
            return;
        }
        batches.put(new BatchKey(tenantId, subjects), new Kept(entries.toArray(new Entry[0]), clearsBefore));
    }

    /** A kept batch: its entries in the order asked, and the count of drops of everything when it was kept. */
    private record Kept(Entry[] entries, long clears) {
    }

    /** Tenant and the batch's exact parameter; equality written out (a record's runs through method handles). */
    static final class BatchKey {
        private final long tenantId;
        private final String subjects;
        private final int hash;

        BatchKey(long tenantId, String subjects) {
            this.tenantId = tenantId;
            this.subjects = subjects;
            this.hash = Long.hashCode(tenantId) * 31 + subjects.hashCode();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BatchKey k && k.hash == hash && k.tenantId == tenantId && k.subjects.equals(subjects);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    long size() {
        rows.cleanUp();
        return rows.estimatedSize();
    }

    /** Handles one notification payload: {@code tenantId:type:ref}, or {@code *} for everything. */
    void onNotification(String payload) {
        if ("*".equals(payload)) {
            clear();
            return;
        }
        String[] parts = payload.split(":", 3);
        if (parts.length != 3) {
            LOG.warnf("ignoring summary notification %s", payload);
            return;
        }
        try {
            evict(Long.parseLong(parts[0]), parts[1], parts[2]);
        } catch (NumberFormatException e) {
            LOG.warnf("ignoring summary notification %s", payload);
        }
    }

    /** Listens for notifications on PostgreSQL; polls {@code changed_at} on Citus, where notifications cannot work. */
    private void watch() {
        long backoffMillis = 100;
        Boolean citus = null;
        while (!stopped) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                if (citus == null) {
                    citus = onCitus(connection);
                }
                if (citus) {
                    poll(connection);
                    continue;
                }
                PgNotifications.listen(connection, CHANNEL);
                PGConnection pg = connection.unwrap(PGConnection.class);
                // Anything cached before this LISTEN may have changed unseen.
                clear();
                listening = true;
                backoffMillis = 100;
                LOG.debug("listening for summary changes");
                while (!stopped) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            onNotification(n.getParameter());
                        }
                    }
                    if (connection.isClosed()) {
                        throw new SQLException("listener connection closed");
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (listening && !stopped) {
                    LOG.warnf("summary change %s lost its connection (%s); serving summaries uncached until it is back",
                            Boolean.TRUE.equals(citus) ? "poller" : "listener", e.getMessage());
                }
            } finally {
                stopCaching();
            }
            if (stopped) {
                return;
            }
            try {
                Thread.sleep(backoffMillis);
            } catch (InterruptedException e) {
                return;
            }
            backoffMillis = Math.min(backoffMillis * 2, 5_000);
        }
    }

    static boolean onCitus(Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
             var rs = statement.executeQuery(SummaryChangeQueries.ON_CITUS)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /**
     * Polls for changed rows until the connection fails or the cache stops. Each pass reads the rows whose
     * {@code changed_at} is later than the previous pass's start less the overlap (the database's clock on both sides),
     * and drops each changed row once per change.
     */
    private void poll(Connection connection) throws SQLException {
        java.sql.Timestamp since = null;
        Map<Key, java.sql.Timestamp> seen = new HashMap<>();
        long overlapMillis = config.pollOverlap().toMillis();
        try (var changed = connection.prepareStatement(SummaryChangeQueries.CHANGED_SINCE);
             var clock = connection.prepareStatement(SummaryChangeQueries.CLOCK)) {
            while (!stopped) {
                java.sql.Timestamp start;
                try (var rs = clock.executeQuery()) {
                    rs.next();
                    start = rs.getTimestamp(1);
                }
                if (since == null) {
                    // everything cached before the first pass may have changed unseen
                    clear();
                    since = start;
                    listening = true;
                    LOG.debug("polling for summary changes");
                } else {
                    changed.setTimestamp(1, new java.sql.Timestamp(since.getTime() - overlapMillis));
                    try (var rs = changed.executeQuery()) {
                        while (rs.next()) {
                            Key key = new Key(rs.getLong(1), rs.getString(2), rs.getString(3));
                            java.sql.Timestamp at = rs.getTimestamp(4);
                            if (!at.equals(seen.put(key, at))) {
                                evict(key.tenantId(), key.type(), key.ref());
                            }
                        }
                    }
                    java.sql.Timestamp horizon = new java.sql.Timestamp(since.getTime() - overlapMillis);
                    seen.values().removeIf(at -> at.before(horizon));
                    since = start;
                }
                try {
                    Thread.sleep(config.pollInterval().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void stopCaching() {
        synchronized (lock) {
            listening = false;
            invalidations++;
            clears++;
            rows.invalidateAll();
            batches.invalidateAll();
        }
    }
}
