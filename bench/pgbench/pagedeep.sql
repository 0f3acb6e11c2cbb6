-- pgbench ceiling; run by bench/run.sh with -M prepared and -D tid= products= mult= pw= [limit=]. The statement is the one
-- Candor runs (captured from PostgreSQL's log, see bench/README.md); only the way its parameters are produced differs:
-- bench/run.sh writes one copy per deep product with :ref, :rank and :rid (the keyset of the cursor) as literals.
-- GET /api/v1/public/{tenant}/subjects/product/{ref}/reviews?sort=helpful&limit=L&cursor=<page N>
SELECT r.review_id, r.subject_type, r.subject_ref, r.status, r.rating, r.title, r.body,
       r.aspect_as_described, r.aspect_communication, r.aspect_delivery, p.handle, r.verified, r.redacted, r.answered,
       r.created_at, r.edited_at, r.helpful_up, r.helpful_down, r.helpful_rank, r.version,
       rr.response_id, rr.body AS response_body, rr.created_at AS response_created_at, rr.edited_at AS response_edited_at
FROM review r
JOIN party p ON p.tenant_id = r.tenant_id AND p.party_id = r.author_party_id
LEFT JOIN review_response rr ON rr.tenant_id = r.tenant_id AND rr.review_id = r.review_id AND rr.status = 'published'
WHERE r.tenant_id = :tid AND r.subject_type = 'product' AND r.subject_ref = :ref AND r.status = 'published'
  AND (r.helpful_rank, r.review_id) < (:rank, :rid)
ORDER BY r.helpful_rank DESC, r.review_id DESC LIMIT :limit;
