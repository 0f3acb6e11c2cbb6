-- pgbench ceiling of POST /api/v1/reviews (with an Idempotency-Key): the three transactions Candor runs (captured from
-- PostgreSQL's log, see bench/README.md): the idempotency claim; entitlement, duplicate, conflict-of-interest,
-- duplicate-text and burst checks (the burst check from the hourly arrival counts: a day, below the floor), review + first
-- version, the review's outbox event, the log entry (no lock), then last (as Candor writes it since #13) the subject's
-- arrival count for the hour, the summary row, seller month and the summary's event; then the stored answer. Each pgbench transaction takes its own pre-registered transaction (kind 'pg'
-- of bench/sql/prepare_run.sql); the first statement only fetches those inputs (one primary-key lookup in a bench-only
-- table). Payloads are of the size Candor writes. summary and seller_month are written with the upsert Candor uses when
-- the row does not exist yet (one statement where Candor runs an UPDATE, or an UPDATE and then the upsert).
-- JSON in format() strings has a space after each colon: pgbench would read ":name" as a variable.
SELECT tref, buyer_ref, buyer_party_id AS buyer, buyer_handle AS handle, seller_party_id AS seller, product_ref AS product, transaction_id AS txid,
       bench.v7(now(), 'pg-review:' || tref) AS rid, bench.v7(now(), 'pg-event1:' || tref) AS ev1, bench.v7(now(), 'pg-event2:' || tref) AS ev2,
       encode(sha256(convert_to(tref, 'UTF8')), 'hex') AS fp, 'party:' || left(md5(buyer_ref), 32) AS caller
FROM bench.post_input WHERE kind = 'pg' AND n = (SELECT nextval('bench.post_seq')) \gset
BEGIN;
INSERT INTO idempotency_record (tenant_id, caller, key, request_hash, created_at)
    VALUES (:tid::bigint, :caller::text, 'bench-' || :tref::text, sha256(convert_to(:tref::text, 'UTF8')), now()) ON CONFLICT DO NOTHING;
COMMIT;
BEGIN;
SELECT party_id, ref, handle FROM party WHERE tenant_id = :tid::bigint AND ref = :buyer_ref::text;
SELECT t.transaction_id, t.ref, t.buyer_party_id, t.seller_party_id, s.ref, t.completed_at, array_to_string(t.products, chr(31))
    FROM completed_transaction t LEFT JOIN party s ON s.tenant_id = t.tenant_id AND s.party_id = t.seller_party_id
    WHERE t.tenant_id = :tid::bigint AND t.ref = :tref::text;
SELECT party_id, ref, handle FROM party WHERE tenant_id = :tid::bigint AND ref = :buyer_ref::text;
SELECT count(*) FROM review WHERE tenant_id = :tid::bigint AND author_party_id = :buyer::uuid AND subject_type = 'product' AND subject_ref = :product::text;
SELECT 1 FROM seller_product WHERE tenant_id = :tid::bigint AND seller_party_id = :buyer::uuid AND product_ref = :product::text;
SELECT count(*) FROM review WHERE tenant_id = :tid::bigint AND text_fingerprint = :fp::text AND created_at > now() - interval '30 days' AND review_id <> :rid::uuid;
SELECT coalesce(sum(arrivals * extract(epoch FROM hour + interval '1 hour' - greatest(hour, now() - interval '1 day')) / 3600), 0)::float8
    FROM review_arrival WHERE tenant_id = :tid::bigint AND subject_type = 'product' AND subject_ref = :product::text
    AND hour > now() - interval '1 day' - interval '1 hour';
insert into review (answered,aspect_as_described,author_party_id,body,aspect_communication,created_at,aspect_delivery,edited_at,erase_after,
    rating,redacted,seller_party_id,status,status_changed_at,subject_ref,subject_type,tenant_id,text_fingerprint,title,transaction_id,verified,version,review_id)
    values (false, NULL, :buyer::uuid, 'Compared with the older model it does exactly what the description says. Would buy again. Nickname ' || :tref::text, NULL, now(), NULL,
    NULL, NULL, 5, false, :seller::uuid, 'published', now(), :product::text, 'product', :tid::bigint, :fp::text, 'Review ' || :tref::text,
    :txid::uuid, true, 1, :rid::uuid);
INSERT INTO review_version (tenant_id, review_id, version, rating, title, body, aspect_as_described, aspect_communication, aspect_delivery, cause, created_at)
    VALUES (:tid::bigint, :rid::uuid, 1, 5, 'Review ' || :tref::text, 'Compared with the older model it does exactly what the description says. Would buy again. Nickname ' || :tref::text,
    NULL, NULL, NULL, 'created', now());
INSERT INTO outbox_event (tenant_id, event_id, type, target_key, occurred_at, payload, next_attempt_at)
    VALUES (:tid::bigint, :ev2::uuid, 'review.published', :rid::text, now(),
    format('{"id": "%s","type": "review.published","occurredAt": "%s","data": {"id": "%s","subject": {"type": "product","ref": "%s"},"rating": 5,"status": "published","title": "Review %s","body": "Compared with the older model it does exactly what the description says. Would buy again. Nickname %s","author": {"handle": "%s"},"verifiedPurchase": true,"createdAt": "%s"}}', :ev2::text, now()::text, :rid::text, :product::text, :tref::text, :tref::text, :handle::text, now()::text),
    now());
INSERT INTO log_entry (tenant_id, at, actor_role, actor_handle, actor_salt, action, target_type, target_id, data)
    VALUES (:tid::bigint, now(), 'buyer', CAST(:handle::text AS text), sha256(convert_to(:rid::text, 'UTF8')), 'review.created', 'review', :rid::text,
    format('{"status": "published","rating": 5,"version": 1,"subject": "product:%s"}', :product::text));
INSERT INTO review_arrival (tenant_id, subject_type, subject_ref, hour, arrivals)
    VALUES (:tid::bigint, 'product', :product::text, date_trunc('hour', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', 1)
    ON CONFLICT (tenant_id, subject_type, subject_ref, hour) DO UPDATE SET arrivals = review_arrival.arrivals + EXCLUDED.arrivals;
SELECT recent_since FROM summary WHERE tenant_id = :tid::bigint AND subject_type = 'product' AND subject_ref = :product::text FOR UPDATE;
INSERT INTO summary AS s (tenant_id, subject_type, subject_ref, review_count, rating_sum, hist_1, hist_2, hist_3, hist_4, hist_5, recent_count, recent_sum,
    as_described_count, as_described_sum, communication_count, communication_sum, delivery_count, delivery_sum, recent_since, updated_at)
    VALUES (:tid::bigint, 'product', :product::text, 1, 5, 0, 0, 0, 0, 1, 1, 5, 0, 0, 0, 0, 0, 0, now() - interval '365 days', now())
    ON CONFLICT (tenant_id, subject_type, subject_ref) DO UPDATE SET
    review_count = s.review_count + EXCLUDED.review_count, rating_sum = s.rating_sum + EXCLUDED.rating_sum,
    hist_1 = s.hist_1 + EXCLUDED.hist_1, hist_2 = s.hist_2 + EXCLUDED.hist_2, hist_3 = s.hist_3 + EXCLUDED.hist_3,
    hist_4 = s.hist_4 + EXCLUDED.hist_4, hist_5 = s.hist_5 + EXCLUDED.hist_5,
    recent_count = s.recent_count + EXCLUDED.recent_count, recent_sum = s.recent_sum + EXCLUDED.recent_sum,
    as_described_count = s.as_described_count + EXCLUDED.as_described_count, as_described_sum = s.as_described_sum + EXCLUDED.as_described_sum,
    communication_count = s.communication_count + EXCLUDED.communication_count, communication_sum = s.communication_sum + EXCLUDED.communication_sum,
    delivery_count = s.delivery_count + EXCLUDED.delivery_count, delivery_sum = s.delivery_sum + EXCLUDED.delivery_sum, updated_at = EXCLUDED.updated_at
    RETURNING subject_type, subject_ref, review_count, rating_sum, hist_1, hist_2, hist_3, hist_4, hist_5, recent_count, recent_sum,
    as_described_count, as_described_sum, communication_count, communication_sum, delivery_count, delivery_sum, recent_since, updated_at;
INSERT INTO seller_month AS m (tenant_id, seller_party_id, month, review_count, rating_sum)
    VALUES (:tid::bigint, :seller::uuid, date_trunc('month', now() AT TIME ZONE 'UTC')::date, 1, 5)
    ON CONFLICT (tenant_id, seller_party_id, month) DO UPDATE SET review_count = m.review_count + EXCLUDED.review_count, rating_sum = m.rating_sum + EXCLUDED.rating_sum;
INSERT INTO outbox_event (tenant_id, event_id, type, target_key, occurred_at, payload, next_attempt_at)
    VALUES (:tid::bigint, :ev1::uuid, 'summary.changed', 'product:' || :product::text, now(),
    format('{"id": "%s","type": "summary.changed","occurredAt": "%s","data": {"subject": {"type": "product","ref": "%s"},"count": 3,"average": 3.67,"weightedAverage": 3.55,"histogram": {"1": 1,"2": 0,"3": 0,"4": 0,"5": 2},"recent": {"days": 365,"count": 1,"average": null},"aspects": null,"inputs": {"priorWeight": 7.0,"priorMean": 3.5,"minReviewsForAverage": 3},"updatedAt": "%s"}}', :ev1::text, now()::text, :product::text, now()::text),
    now());
COMMIT;
BEGIN;
UPDATE idempotency_record SET status = 201, content_type = 'application/json',
    headers = format('{"Location": "http://127.0.0.1:8099/api/v1/me/reviews/%s","ETag": "\"1\""}', :rid::text),
    body = convert_to(repeat('x', 700), 'UTF8')
    WHERE tenant_id = :tid::bigint AND caller = :caller::text AND key = 'bench-' || :tref::text;
COMMIT;
