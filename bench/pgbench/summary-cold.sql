-- pgbench ceiling; run by bench/run.sh with -M prepared and -D tid= products= mult= pw= [limit=]. The statement is the one
-- Candor runs (captured from PostgreSQL's log, see bench/README.md); only the way its parameters are produced differs:
-- the product ref is built from a random popularity rank in SQL instead of arriving as a bound text array.
-- GET /api/v1/public/{tenant}/subjects/product/{ref}/summary, ref uniform over all products.
\set p random(1, :products)
SELECT subject_type, subject_ref, review_count, rating_sum, hist_1, hist_2, hist_3, hist_4, hist_5,
       recent_count, recent_sum, as_described_count, as_described_sum, communication_count, communication_sum,
       delivery_count, delivery_sum, recent_since, updated_at
FROM summary WHERE tenant_id = :tid
  AND (subject_type, subject_ref) IN (SELECT * FROM unnest(ARRAY['product']::text[], ARRAY['sku-' || lpad(:p::text, :pw, '0')]::text[]));
