-- pgbench ceiling of PUT /api/v1/reviews/{id}/vote: the transaction Candor runs (captured from PostgreSQL's log, see
-- bench/README.md), on votes picked by bench/sql/prepare_run.sql (kind 'pg'). The first statement only fetches this
-- transaction's inputs (one primary-key lookup in a bench-only table; round the picked votes when a small data set has
-- fewer than a step sends). The voter's party lookup is kept: Candor runs it
-- the first time it meets a voter (its party cache then answers), and most of the 5,000 voters are new to it in a run.
SELECT voter_ref, voter_party_id AS voter, review_id AS rid, helpful, CASE WHEN helpful THEN 1 ELSE 0 END AS up, CASE WHEN helpful THEN 0 ELSE 1 END AS down
FROM bench.vote_input WHERE kind = 'pg' AND n = (SELECT (nextval('bench.vote_seq') - 1) % :pgvotes + 1) \gset
BEGIN;
SELECT party_id, ref, handle FROM party WHERE tenant_id = :tid AND ref = :voter_ref;
SELECT author_party_id, status FROM review WHERE tenant_id = :tid AND review_id = :rid FOR NO KEY UPDATE;
SELECT helpful FROM review_vote WHERE tenant_id = :tid AND review_id = :rid AND party_id = :voter;
INSERT INTO review_vote (tenant_id, review_id, party_id, helpful, voted_at) VALUES (:tid, :rid, :voter, :helpful, now())
    ON CONFLICT (tenant_id, review_id, party_id) DO UPDATE SET helpful = EXCLUDED.helpful, voted_at = EXCLUDED.voted_at;
UPDATE review SET helpful_up = helpful_up + :up, helpful_down = helpful_down + :down,
    helpful_rank = wilson_lower_bound(helpful_up + :up, helpful_down + :down) WHERE tenant_id = :tid AND review_id = :rid;
COMMIT;
