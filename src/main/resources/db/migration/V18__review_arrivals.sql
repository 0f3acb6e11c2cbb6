-- How many reviews of a subject arrived in each hour, for the burst check (docs/moderation.md, "Automated checks"): it
-- compares a subject's last 24 hours with its 30 days before, and reads at most 25 and 745 of these rows to do so,
-- however many reviews the subject has, where it used to count the subject's reviews one index entry at a time.
-- A review's arrival is counted in the transaction that writes it (the last statements before its commit,
-- review.ReviewArrivals); hours older than 32 days are deleted daily. Counts only: no review, author or time finer
-- than the hour.
CREATE TABLE review_arrival (
    tenant_id    bigint      NOT NULL REFERENCES tenant (tenant_id),
    subject_type text        NOT NULL CHECK (subject_type IN ('product', 'seller')),
    subject_ref  text        NOT NULL,
    hour         timestamptz NOT NULL CHECK (extract(minute FROM hour AT TIME ZONE 'UTC') = 0 AND extract(second FROM hour AT TIME ZONE 'UTC') = 0),
    arrivals     integer     NOT NULL CHECK (arrivals > 0),
    PRIMARY KEY (tenant_id, subject_type, subject_ref, hour)
);

-- On Citus (docs/citus.md, rule 1): the new table joins the colocation group; on plain PostgreSQL nothing happens.
DO $citus$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    -- (a database whose tables are still local gets everything distributed by candor_distribute() after the migrations)
    IF EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'review'::regclass) THEN
        SET LOCAL citus.multi_shard_modify_mode TO 'sequential';
        PERFORM create_distributed_table('review_arrival', 'tenant_id', colocate_with => 'review');
    END IF;
END
$citus$;

-- The reviews already written, for the 32 days the check can look back (every review counts, whatever its status).
INSERT INTO review_arrival (tenant_id, subject_type, subject_ref, hour, arrivals)
SELECT tenant_id, subject_type, subject_ref, date_trunc('hour', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', count(*)
FROM review
WHERE created_at > now() - interval '32 days'
GROUP BY 1, 2, 3, 4;

-- The index the burst check counted reviews through (V6) served nothing else: one index fewer for every review written.
DROP INDEX review_subject_created;
