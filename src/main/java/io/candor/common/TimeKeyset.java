package io.candor.common;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Keyset pages over {@code (time, id)}: the lists of notices, appeals and feedback, newest or oldest first.
 * The cursor is the last row's key, signed with the tenant's secret for the list's scope ({@link CursorCodec}).
 */
public final class TimeKeyset {

    private TimeKeyset() {
    }

    /** Where a page continues: after the row with this time and id. */
    public record Key(Instant at, UUID id) {
    }

    /** The key a cursor carries, or empty for the first page; a bad cursor is a 400. */
    public static Optional<Key> after(byte[] secret, String scope, String cursor) {
        if (cursor == null) {
            return Optional.empty();
        }
        List<String> values = CursorCodec.decode(secret, scope, cursor, 2);
        try {
            return Optional.of(new Key(Instant.parse(values.get(0)), UUID.fromString(values.get(1))));
        } catch (RuntimeException e) {
            throw CursorCodec.invalid();
        }
    }

    /**
     * The page of {@code rows}, which were read with {@code LIMIT limit + 1}: the first {@code limit} of them, and a
     * cursor after the last when there was one more.
     */
    public static <T> Page<T> page(List<T> rows, int limit, byte[] secret, String scope, Function<T, Instant> at, Function<T, UUID> id) {
        boolean more = rows.size() > limit;
        List<T> items = more ? rows.subList(0, limit) : rows;
        String next = null;
        if (more) {
            T last = items.get(items.size() - 1);
            next = CursorCodec.encode(secret, scope, List.of(at.apply(last).toString(), id.apply(last).toString()));
        }
        return new Page<>(List.copyOf(items), next);
    }
}
