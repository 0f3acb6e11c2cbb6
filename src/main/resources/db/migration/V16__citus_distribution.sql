-- On a Citus coordinator (the `citus` extension exists, created by the operator with the workers added, as Citus
-- documents), Candor's tables are distributed by tenant_id and colocated, so that every request of a marketplace runs
-- on one shard group; on plain PostgreSQL, including the embedded default, nothing changes.
-- Which table is what, and why, is in docs/citus.md; CitusLayout (Java) holds the same lists and a test compares
-- them with the live catalogue, so a new table must be placed in them or the build fails.
--
-- The work is a function, called here and again after every migration run (afterMigrate.sql): a database that ran
-- this migration on plain PostgreSQL and was later moved onto a Citus coordinator (pg_dump and restore, or the
-- extension created afterwards) gets its tables distributed, with their rows, the next time the migrations run.
-- It does nothing when there is no citus extension or when the tables are distributed already.
CREATE FUNCTION candor_distribute() RETURNS void LANGUAGE plpgsql AS $distribute$
DECLARE
    reference_tables constant text[] := ARRAY['tenant', 'server_secret'];
    fk record;
    t text;
    first boolean := true;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'tenant'::regclass) THEN
        RETURN;
    END IF;
    -- one connection per worker for everything below, so that later statements of this transaction see earlier ones
    SET LOCAL citus.multi_shard_modify_mode TO 'sequential';
    -- the transparency log's append-only guards stay on every shard
    SET LOCAL citus.enable_unsafe_triggers TO on;

    -- Citus distributes no table that has a foreign key to a table it has not distributed yet: take them off, put
    -- every table in place, and put them back (Citus enforces them shard by shard: each includes tenant_id).
    CREATE TEMPORARY TABLE candor_foreign_keys ON COMMIT DROP AS
        SELECT conrelid::regclass::text AS on_table, conname AS name, pg_get_constraintdef(oid) AS definition
        FROM pg_constraint
        WHERE contype = 'f' AND connamespace = 'public'::regnamespace;
    FOR fk IN SELECT * FROM candor_foreign_keys LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.on_table, fk.name);
    END LOOP;

    -- Summary changes reach other instances by polling, not NOTIFY: a notification raised on a worker never reaches a
    -- listener on the coordinator, and NOTIFY forbids two-phase commit. Every change of a row stamps it; the pods'
    -- caches read the rows stamped since they last looked (summary.SummaryCache).
    DROP TRIGGER IF EXISTS summary_notify ON summary;
    DROP TRIGGER IF EXISTS summary_notify_truncate ON summary;
    ALTER TABLE summary ADD COLUMN IF NOT EXISTS changed_at timestamptz NOT NULL DEFAULT '-infinity';
    CREATE OR REPLACE FUNCTION summary_stamp() RETURNS trigger LANGUAGE plpgsql AS $stamp$
    BEGIN
        NEW.changed_at := clock_timestamp();
        RETURN NEW;
    END;
    $stamp$;
    DROP TRIGGER IF EXISTS summary_stamp ON summary;
    CREATE TRIGGER summary_stamp BEFORE INSERT OR UPDATE ON summary FOR EACH ROW EXECUTE FUNCTION summary_stamp();
    CREATE INDEX IF NOT EXISTS summary_changed ON summary (changed_at);

    -- Existing rows are copied into the shards; the coordinator's own copies are then emptied (Citus leaves them in
    -- place, unread, until told). The log's guards refuse a TRUNCATE, so they are set aside for that alone.
    FOREACH t IN ARRAY reference_tables LOOP
        PERFORM create_reference_table(t);
    END LOOP;
    -- every other table of the schema, in name order: the first defines the colocation group, the rest join it
    FOR t IN
        SELECT c.relname FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND c.relname <> ALL (reference_tables) AND c.relname <> 'flyway_schema_history'
        ORDER BY c.relname
    LOOP
        IF first THEN
            PERFORM create_distributed_table(t, 'tenant_id', colocate_with => 'none');
            first := false;
            PERFORM set_config('candor.colocate_with', t, true);
        ELSE
            PERFORM create_distributed_table(t, 'tenant_id', colocate_with => current_setting('candor.colocate_with'));
        END IF;
    END LOOP;
    FOR t IN
        SELECT c.relname FROM pg_dist_partition p JOIN pg_class c ON c.oid = p.logicalrelid
        WHERE c.relnamespace = 'public'::regnamespace AND pg_relation_size(c.oid) > 0
        ORDER BY c.relname
    LOOP
        EXECUTE format('ALTER TABLE %I DISABLE TRIGGER USER', t);
        PERFORM truncate_local_data_after_distributing_table(t::regclass);
        EXECUTE format('ALTER TABLE %I ENABLE TRIGGER USER', t);
    END LOOP;

    -- Citus runs no SET NULL action on a key that includes the distribution column: erasure clears those columns itself
    -- (review_invitation.seller_party_id, review_photo.author_party_id) before the party goes, on both engines.
    FOR fk IN SELECT * FROM candor_foreign_keys LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %I %s', fk.on_table, fk.name,
                       regexp_replace(fk.definition, ' ON DELETE SET NULL( \([^)]*\))?', ''));
    END LOOP;

    -- functions the routed queries call, created on every worker too
    PERFORM create_distributed_function('wilson_lower_bound(integer,integer)');
END
$distribute$;

SELECT candor_distribute();
