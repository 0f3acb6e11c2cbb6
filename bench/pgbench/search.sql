-- pgbench ceiling; run by bench/run.sh with -M prepared and -D tid= products= mult= pw= [limit=]. The statements are the
-- ones Candor runs (captured from PostgreSQL's log, see bench/README.md); only the way their parameters are produced
-- differs: the product ref comes from a random popularity rank (top 100), the words from an array of the generator's
-- phrase words. GET /api/v1/public/{tenant}/subjects/product/{ref}/reviews?sort=helpful&limit=L&q=words runs the
-- first step (the window of 1000 reviews in list order, CANDOR_SEARCH_WINDOW) and, when it does not fill the page,
-- the second (the full-text index). pgbench needs the first step's row count to decide, so it is counted here
-- (count(*) over the same query) where Candor reads its rows.
\set k random(0, 99)
\set p (:k * :mult) % :products + 1
\set w random(1, 23)
SELECT count(*) AS found FROM (
SELECT r.review_id, r.subject_type, r.subject_ref, r.status, r.rating, r.title, r.body,
       r.aspect_as_described, r.aspect_communication, r.aspect_delivery, p.handle, r.verified, r.redacted, r.answered,
       r.created_at, r.edited_at, r.helpful_up, r.helpful_down, r.helpful_rank, r.version,
       rr.response_id, rr.body AS response_body, rr.created_at AS response_created_at, rr.edited_at AS response_edited_at
FROM (SELECT * FROM review r
      WHERE r.tenant_id = :tid AND r.subject_type = 'product' AND r.subject_ref = 'sku-' || lpad(:p::text, :pw, '0') AND r.status = 'published'
      ORDER BY r.helpful_rank DESC, r.review_id DESC LIMIT 1000) r
JOIN party p ON p.tenant_id = r.tenant_id AND p.party_id = r.author_party_id
LEFT JOIN review_response rr ON rr.tenant_id = r.tenant_id AND rr.review_id = r.review_id AND rr.status = 'published'
WHERE r.search @@ websearch_to_tsquery('simple', (ARRAY['quality', 'delivery', 'battery', 'described', 'colour', 'manual', 'broken', 'value',
      'charger', 'screen', 'garden', 'packaging', 'Qualität', 'Lieferung', 'Akku', 'Farbe', 'Anleitung', 'Verpackung', 'Ladegerät',
      'Bildschirm', 'quality delivery', 'battery charger', 'Qualität Lieferung'])[:w])
ORDER BY r.helpful_rank DESC, r.review_id DESC LIMIT :limit) first_step \gset
\if :found < :limit
WITH matches AS MATERIALIZED (SELECT r.review_id, r.helpful_rank, r.created_at, r.rating FROM review r
      WHERE r.tenant_id = :tid AND r.subject_type = 'product' AND r.subject_ref = 'sku-' || lpad(:p::text, :pw, '0') AND r.status = 'published'
        AND r.search @@ websearch_to_tsquery('simple', (ARRAY['quality', 'delivery', 'battery', 'described', 'colour', 'manual', 'broken', 'value',
      'charger', 'screen', 'garden', 'packaging', 'Qualität', 'Lieferung', 'Akku', 'Farbe', 'Anleitung', 'Verpackung', 'Ladegerät',
      'Bildschirm', 'quality delivery', 'battery charger', 'Qualität Lieferung'])[:w])),
page AS MATERIALIZED (SELECT r.review_id FROM matches r ORDER BY r.helpful_rank DESC, r.review_id DESC LIMIT :limit)
SELECT r.review_id, r.subject_type, r.subject_ref, r.status, r.rating, r.title, r.body,
       r.aspect_as_described, r.aspect_communication, r.aspect_delivery, p.handle, r.verified, r.redacted, r.answered,
       r.created_at, r.edited_at, r.helpful_up, r.helpful_down, r.helpful_rank, r.version,
       rr.response_id, rr.body AS response_body, rr.created_at AS response_created_at, rr.edited_at AS response_edited_at
FROM review r
JOIN party p ON p.tenant_id = r.tenant_id AND p.party_id = r.author_party_id
LEFT JOIN review_response rr ON rr.tenant_id = r.tenant_id AND rr.review_id = r.review_id AND rr.status = 'published'
JOIN page m ON m.review_id = r.review_id WHERE r.tenant_id = :tid
ORDER BY r.helpful_rank DESC, r.review_id DESC LIMIT :limit;
\endif
