package io.candor.summary;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The last answers to batches of summaries, by tenant and the {@code subjects} parameter exactly as sent: a storefront's
 * listing page asks for the same batch again and again between two changes, and the answer is the same bytes each
 * time. An answer is kept only when every row in it came from the summary cache, and used only while the cache's
 * generation (any change of a row, or the listener's loss, moves it) and the tenant's view inputs are those it was
 * made under, so it is always what the rows would give now. A kept answer also skips the parsing of a parameter
 * that was valid when it was kept (the same string parses the same way).
 *
 * <p>Bounded: at most {@link #MAX_ANSWERS} answers and {@link #MAX_BYTES} of bodies; when either is reached, all are
 * dropped and the set fills again with the batches asked for since.
 */
@ApplicationScoped
public class BatchAnswers {

    static final int MAX_ANSWERS = 1024;
    static final long MAX_BYTES = 8L << 20;
    /** Longer parameters (far beyond 100 subjects of ordinary length) are answered but not kept. */
    static final int MAX_KEY_LENGTH = 8192;

    record Answer(long generation, SummaryRow.ViewInputs inputs, byte[] json, String etag) {
    }

    private final ConcurrentHashMap<Long, ConcurrentHashMap<String, Answer>> byTenant = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong count = new AtomicLong();

    /** The kept answer to this batch, if it was made under this generation and these inputs; else null. */
    Answer get(long tenantId, String subjects, long generation, SummaryRow.ViewInputs inputs) {
        ConcurrentHashMap<String, Answer> answers = byTenant.get(tenantId);
        if (answers == null) {
            return null;
        }
        Answer answer = answers.get(subjects);
        return answer != null && answer.generation() == generation && answer.inputs().equals(inputs) ? answer : null;
    }

    /** Keeps an answer made from cached rows read after the cache answered {@code generation}. */
    void keep(long tenantId, String subjects, long generation, SummaryRow.ViewInputs inputs, byte[] json, String etag) {
        if (subjects.length() > MAX_KEY_LENGTH) {
            return;
        }
        long size = json.length + 2L * subjects.length() + 128;
        if (count.incrementAndGet() > MAX_ANSWERS || bytes.addAndGet(size) > MAX_BYTES) {
            clear();
            count.incrementAndGet();
            bytes.addAndGet(size);
        }
        Answer previous = byTenant.computeIfAbsent(tenantId, t -> new ConcurrentHashMap<>())
                .put(subjects, new Answer(generation, inputs, json, etag));
        if (previous != null) {
            // replaced, not added: the counts follow what is held (approximately, under races; the bound holds)
            count.decrementAndGet();
            bytes.addAndGet(-(previous.json().length + 2L * subjects.length() + 128));
        }
    }

    private synchronized void clear() {
        byTenant.clear();
        count.set(0);
        bytes.set(0);
    }

    int size() {
        return byTenant.values().stream().mapToInt(ConcurrentHashMap::size).sum();
    }
}
