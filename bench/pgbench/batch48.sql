-- pgbench ceiling; run by bench/run.sh with -M prepared and -D tid= products= mult= pw= [limit=]. The statement is the one
-- Candor runs (captured from PostgreSQL's log, see bench/README.md); only the way its parameters are produced differs:
-- the 48 product refs are built in SQL (48 products spread over the catalogue) instead of arriving as a bound array.
-- GET /api/v1/public/{tenant}/summaries?subjects=product:a,...(48)
\set b random(1, :products)
SELECT subject_type, subject_ref, review_count, rating_sum, hist_1, hist_2, hist_3, hist_4, hist_5,
       recent_count, recent_sum, as_described_count, as_described_sum, communication_count, communication_sum,
       delivery_count, delivery_sum, recent_since, updated_at
FROM summary WHERE tenant_id = :tid
  AND (subject_type, subject_ref) IN (SELECT * FROM unnest(array_fill('product'::text, ARRAY[48]),
      ARRAY(SELECT 'sku-' || lpad(((:b + g * 7919) % :products + 1)::text, :pw, '0') FROM generate_series(1, 48) g)));
