-- pgbench ceiling; run by bench/run.sh with -M prepared and -D tid= products= mult= pw= [limit=]. The statement is the one
-- Candor runs (captured from PostgreSQL's log, see bench/README.md); only the way its parameters are produced differs:
-- the product ref is built from a random popularity rank (top 100) in SQL.
-- GET /api/v1/public/{tenant}/subjects/product/{ref}/reviews?sort=helpful&limit=L (LIMIT L+1: one more row tells if there is a next page)
\set k random(0, 99)
\set p (:k * :mult) % :products + 1
-- select
SELECT r.review_id, r.subject_type, r.subject_ref, r.status, r.rating, r.title, r.body,
       r.aspect_as_described, r.aspect_communication, r.aspect_delivery, p.handle, r.verified, r.redacted, r.answered,
       r.created_at, r.edited_at, r.helpful_up, r.helpful_down, r.helpful_rank, r.version,
       rr.response_id, rr.body AS response_body, rr.created_at AS response_created_at, rr.edited_at AS response_edited_at
-- from
FROM review r
JOIN party p ON p.tenant_id = r.tenant_id AND p.party_id = r.author_party_id
LEFT JOIN review_response rr ON rr.tenant_id = r.tenant_id AND rr.review_id = r.review_id AND rr.status = 'published'
-- where
WHERE r.tenant_id = :tid AND r.subject_type = 'product' AND r.subject_ref = 'sku-' || lpad(:p::text, :pw, '0') AND r.status = 'published'
ORDER BY r.helpful_rank DESC, r.review_id DESC LIMIT :limit;
