package io.candor.summary;

/** The statements {@link SummaryCache} sends on its own connection to learn of summary changes on Citus. */
final class SummaryChangeQueries {

    /** Whether the database is a Citus coordinator on which V16 stamped summary rows with {@code changed_at}. */
    static final String ON_CITUS = "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') "
            + "AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'summary'::regclass AND attname = 'changed_at')";

    /** The rows changed after a time (on the workers' clocks), across tenants: the one multi-shard read of the cache. */
    static final String CHANGED_SINCE = "SELECT tenant_id, subject_type, subject_ref, changed_at FROM summary WHERE changed_at > ?";

    /** The database's clock, where each poll starts from. */
    static final String CLOCK = "SELECT clock_timestamp()";

    private SummaryChangeQueries() {
    }
}
