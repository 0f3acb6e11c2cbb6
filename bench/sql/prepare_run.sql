-- Per run: pre-registers the transactions the POST-review load writes on (kind 'svc' for the service, 'pg' for
-- the pgbench ceiling), picks the votes' voters and reviews, and the pgbench helpers. Runs on every bench run,
-- also when the generated data is reused, because a run consumes its transactions.
-- psql variables: tid, run (a run id, letters and digits), posts (transactions per kind), votes (votes per kind),
-- products, pw, sellers, sw, reviews, bw, mult.
\set ON_ERROR_STOP on
SET session_replication_role = replica;

CREATE TABLE IF NOT EXISTS bench.post_input (
    kind text, n bigint, tref text, transaction_id uuid, buyer_ref text, buyer_party_id uuid, buyer_handle text,
    seller_party_id uuid, product_ref text, PRIMARY KEY (kind, n));
CREATE TABLE IF NOT EXISTS bench.vote_input (
    kind text, n bigint, voter_ref text, voter_party_id uuid, review_id uuid, helpful boolean, PRIMARY KEY (kind, n));
TRUNCATE bench.post_input, bench.vote_input;
DROP SEQUENCE IF EXISTS bench.post_seq;
DROP SEQUENCE IF EXISTS bench.vote_seq;
CREATE SEQUENCE bench.post_seq;
CREATE SEQUENCE bench.vote_seq;

-- Transactions: a new buyer each, one product (uniform over all products, so no subject sees a burst), completed
-- two days ago (inside the 90-day review window; product reviews are never sealed). Kind 'hot' (issue #13): every
-- fifth transaction is of one product (the first), the rest uniform: 20 % of the writes go to one product.
INSERT INTO bench.post_input (kind, n, tref, transaction_id, buyer_ref, buyer_party_id, buyer_handle, seller_party_id, product_ref)
SELECT kind, n, 'bt-' || :'run' || '-' || kind || '-' || n, bench.v7(now(), 'tx:' || :'run' || kind || n),
       'bp-' || :'run' || '-' || kind || '-' || n, bench.v7(now(), 'party:' || :'run' || kind || n), NULL,
       sp.party_id, 'sku-' || lpad(p::text, :pw, '0')
FROM (SELECT kind, n, CASE WHEN kind = 'hot' AND n % 5 = 0 THEN 1 ELSE floor(random() * :products)::int + 1 END AS p
      FROM unnest(ARRAY['svc', 'pg', 'hot']) kind, generate_series(1, :posts) n) x
JOIN party sp ON sp.tenant_id = :tid AND sp.ref = 's-' || lpad(((x.p * 31) % :sellers + 1)::text, :sw, '0');
UPDATE bench.post_input SET buyer_handle = 'buyer-' || left(encode(bench.hmac(convert_to('handle:' || buyer_ref, 'UTF8'),
    (SELECT secret FROM tenant WHERE tenant_id = :tid), 'sha256'), 'hex'), 12);

INSERT INTO party (tenant_id, party_id, ref, handle, created_at)
SELECT :tid, buyer_party_id, buyer_ref, buyer_handle, now() - interval '2 days' FROM bench.post_input;
INSERT INTO completed_transaction (tenant_id, transaction_id, ref, buyer_party_id, seller_party_id, completed_at, products, fingerprint, created_at)
SELECT :tid, i.transaction_id, i.tref, i.buyer_party_id, i.seller_party_id, c.at, ARRAY[i.product_ref],
       sha256(convert_to(concat_ws(E'\n', i.tref, i.buyer_ref, s.ref, to_char(c.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                   i.product_ref), 'UTF8')), c.at
FROM bench.post_input i JOIN party s ON s.tenant_id = :tid AND s.party_id = i.seller_party_id,
     (SELECT date_trunc('second', now() - interval '2 days') AS at) c;
INSERT INTO seller_product (tenant_id, seller_party_id, product_ref, first_sold_at)
SELECT DISTINCT :tid, seller_party_id, product_ref, date_trunc('second', now() - interval '2 days') FROM bench.post_input
ON CONFLICT DO NOTHING;

-- Votes: 5,000 existing buyers (so that tokens can be reused) vote on reviews of the 100 most popular products (80 % helpful).
INSERT INTO bench.vote_input (kind, n, voter_ref, voter_party_id, review_id, helpful)
SELECT kind, row_number() OVER (PARTITION BY kind ORDER BY random()), v.ref, v.party_id, r.review_id, random() < 0.8
FROM (SELECT kind, r.review_id, r.author_party_id, floor(random() * least(:reviews, 5000))::int + 1 AS voter
      FROM unnest(ARRAY['svc', 'pg']) kind,
           LATERAL (SELECT review_id, author_party_id FROM review
                    WHERE tenant_id = :tid AND subject_type = 'product' AND status = 'published'
                      AND subject_ref IN (SELECT 'sku-' || lpad(((k * :mult) % :products + 1)::text, :pw, '0') FROM generate_series(0, 99) k)
                    ORDER BY random() LIMIT :votes) r) x
JOIN review r ON r.tenant_id = :tid AND r.review_id = x.review_id
JOIN party v ON v.tenant_id = :tid AND v.ref = 'b-' || lpad(x.voter::text, :bw, '0')
WHERE v.party_id <> x.author_party_id
ON CONFLICT DO NOTHING;
SET session_replication_role = origin;
ANALYZE bench.post_input;
ANALYZE bench.vote_input;
