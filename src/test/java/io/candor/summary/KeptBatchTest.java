package io.candor.summary;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Issue #13, the batch of 48: a batch asked again is answered from the entries it found last time, and never once any
 * of them left the cache — dropped by a change, evicted for size or age, or dropped with everything — so a kept batch
 * can never answer what the cache itself would no longer answer.
 */
class KeptBatchTest {

    private static final long TENANT = 7;
    private static final String RAW = "product:a,product:b,seller:s";
    private static final List<SummaryView.Subject> SUBJECTS = List.of(new SummaryView.Subject("product", "a"),
            new SummaryView.Subject("product", "b"), new SummaryView.Subject("seller", "s"));

    private SummaryCache cache;
    private final AtomicInteger loads = new AtomicInteger();

    @BeforeEach
    void listeningCache() throws Exception {
        cache = cache(100, Duration.ofMinutes(10), 10);
    }

    private SummaryCache cache(long maxSize, Duration ttl, long keptBatches) throws Exception {
        SummaryCache c = new SummaryCache(null, new SummaryCache.Config() {
            @Override
            public long maxSize() {
                return maxSize;
            }

            @Override
            public Duration ttl() {
                return ttl;
            }

            @Override
            public Duration pollInterval() {
                return Duration.ofMillis(500);
            }

            @Override
            public Duration pollOverlap() {
                return Duration.ofSeconds(5);
            }

            @Override
            public long keptBatches() {
                return keptBatches;
            }
        });
        // as when the listener is connected (the database's notifications are not what this test is about)
        var listening = SummaryCache.class.getDeclaredField("listening");
        listening.setAccessible(true);
        listening.set(c, true);
        return c;
    }

    /** Loads the subjects into the cache, then asks for them as the batch endpoint does, keeping them. */
    private List<SummaryCache.Entry> askAndKeep(SummaryCache c, String raw, List<SummaryView.Subject> subjects) {
        c.entries(TENANT, subjects, missing -> {
            loads.incrementAndGet();
            List<SummaryRow> rows = new ArrayList<>();
            missing.forEach(s -> rows.add(SummaryRow.empty(s.type(), s.ref())));
            return rows;
        });
        long clears = c.clears();
        List<SummaryCache.Entry> found = c.allPresent(TENANT, subjects);
        assertNotNull(found, "every subject was just loaded");
        c.keepBatch(TENANT, raw, found, clears);
        return found;
    }

    @Test
    void aKeptBatchIsTheEntriesTheCacheHoldsInOrder() {
        List<SummaryCache.Entry> found = askAndKeep(cache, RAW, SUBJECTS);
        List<SummaryCache.Entry> kept = cache.keptBatch(TENANT, RAW);
        assertNotNull(kept);
        assertEquals(3, kept.size());
        for (int i = 0; i < 3; i++) {
            assertSame(found.get(i), kept.get(i));
        }
        assertNull(cache.keptBatch(TENANT + 1, RAW), "another tenant's batch with the same parameter");
        assertNull(cache.keptBatch(TENANT, RAW + ",product:c"), "another parameter");
        assertNull(cache.keptBatch(TENANT, "product:b,product:a,seller:s"), "the same subjects in another order");
    }

    @Test
    void aChangeOfAnyOneRowEndsTheKeptBatch() {
        askAndKeep(cache, RAW, SUBJECTS);
        cache.evict(TENANT, "product", "z");
        assertNotNull(cache.keptBatch(TENANT, RAW), "a change of a subject not in the batch");
        cache.evict(TENANT + 1, "seller", "s");
        assertNotNull(cache.keptBatch(TENANT, RAW), "the same subject of another tenant");
        cache.evict(TENANT, "seller", "s");
        assertNull(cache.keptBatch(TENANT, RAW));
        // asked again: the changed row is loaded anew and the batch is kept with it
        List<SummaryCache.Entry> again = askAndKeep(cache, RAW, SUBJECTS);
        assertSame(again.get(2), cache.keptBatch(TENANT, RAW).get(2));
    }

    @Test
    void droppingEverythingEndsEveryKeptBatch() {
        askAndKeep(cache, RAW, SUBJECTS);
        cache.clear();
        assertNull(cache.keptBatch(TENANT, RAW));
    }

    @Test
    void aDropOfEverythingBetweenTheLookupsAndKeepingIsNotMissed() {
        cache.entries(TENANT, SUBJECTS, missing -> missing.stream().map(s -> SummaryRow.empty(s.type(), s.ref())).toList());
        long clears = cache.clears();
        List<SummaryCache.Entry> found = cache.allPresent(TENANT, SUBJECTS);
        cache.clear(); // after the lookups, before the batch is kept: its entries are no longer the cache's
        cache.keepBatch(TENANT, RAW, found, clears);
        assertNull(cache.keptBatch(TENANT, RAW));
    }

    @Test
    void anEntryEvictedForSizeEndsTheKeptBatch() throws Exception {
        SummaryCache small = cache(3, Duration.ofMinutes(10), 10);
        askAndKeep(small, RAW, SUBJECTS);
        assertNotNull(small.keptBatch(TENANT, RAW));
        List<SummaryView.Subject> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(new SummaryView.Subject("product", "other-" + i));
        }
        small.entries(TENANT, others, missing -> missing.stream().map(s -> SummaryRow.empty(s.type(), s.ref())).toList());
        small.size(); // runs the cache's pending maintenance, evictions included
        assertNull(small.allPresent(TENANT, SUBJECTS), "the batch's rows were evicted");
        assertNull(small.keptBatch(TENANT, RAW));
    }

    @Test
    void aKeptBatchIsNotUsedPastTheCachesTtl() throws Exception {
        SummaryCache shortLived = cache(100, Duration.ofMillis(300), 10);
        askAndKeep(shortLived, RAW, SUBJECTS);
        assertNotNull(shortLived.keptBatch(TENANT, RAW));
        Thread.sleep(400);
        assertNull(shortLived.keptBatch(TENANT, RAW));
    }

    @Test
    void noBatchIsKeptWhenTheCacheIsNotListeningOrKeepsNone() throws Exception {
        SummaryCache none = cache(100, Duration.ofMinutes(10), 0);
        askAndKeep(none, RAW, SUBJECTS);
        assertNull(none.keptBatch(TENANT, RAW));

        askAndKeep(cache, RAW, SUBJECTS);
        var listening = SummaryCache.class.getDeclaredField("listening");
        listening.setAccessible(true);
        listening.set(cache, false);
        assertNull(cache.keptBatch(TENANT, RAW), "not listening: nothing cached is used");
    }
}
