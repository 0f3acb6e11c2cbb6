-- Candor benchmark data generator: loads one tenant through Candor's own schema with server-side SQL.
-- psql variables: tid (tenant_id), reviews, products, sellers, pw (digits of product refs), bw (buyer refs),
-- sw (seller refs), mult (a multiplier coprime with products: popularity rank r is product (r*mult % products)+1).
--
-- Shape: one buyer and one completed transaction per review; 10 % seller reviews (with aspects), 90 % product
-- reviews; product popularity Zipf-like (P(rank k) ~ 1/(k+1)); ratings J-shaped (60/15/6/5/14 % for 5..1 stars);
-- texts 20..1500 characters from English and German phrase arrays; created over the last two years; 20 % of the
-- reviews have helpful votes (one review_vote row per vote, counters and Wilson rank consistent); seller responses
-- on ~30 % of 1-2 star and ~6 % of the other reviews. Generated history has no audit entries and no outbox events
-- (see bench/README.md). Triggers and foreign-key checks are off during the load (session_replication_role).
\set ON_ERROR_STOP on
\timing off
SET session_replication_role = replica;
SET maintenance_work_mem = '512MB';
SET work_mem = '256MB';
SET synchronous_commit = off;

CREATE SCHEMA IF NOT EXISTS bench;
CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA bench;

-- A UUID version 7 (RFC 9562) for an instant, random bits from a seed: what io.candor.common.Ids makes.
CREATE OR REPLACE FUNCTION bench.v7(ts timestamptz, seed text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
    SELECT (lpad(to_hex((extract(epoch FROM ts) * 1000)::bigint), 12, '0') || '7' || substr(h, 1, 3)
            || substr('89ab', 1 + (get_byte(decode(substr(h, 4, 2), 'hex'), 0) % 4), 1) || substr(h, 6, 15))::uuid
    FROM (SELECT md5(seed) AS h) x
$$;

-- Candor's handle: prefix-<first 8 hex of HMAC-SHA256(tenant secret, "handle:" || ref)> (12 when 8 collide).
CREATE OR REPLACE FUNCTION bench.handle_hex(secret bytea, ref text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(bench.hmac(convert_to('handle:' || ref, 'UTF8'), secret, 'sha256'), 'hex')
$$;

-- The secondary indexes of the loaded tables are dropped and rebuilt after the load (same definitions).
CREATE TABLE IF NOT EXISTS bench.saved_index (name text PRIMARY KEY, def text NOT NULL);
INSERT INTO bench.saved_index
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.schemaname = 'public'
  AND i.tablename IN ('review', 'review_version', 'review_vote', 'review_response', 'response_version', 'party',
                      'completed_transaction', 'seller_product')
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
ON CONFLICT DO NOTHING;
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT name FROM bench.saved_index LOOP
        EXECUTE format('DROP INDEX IF EXISTS public.%I', r.name);
    END LOOP;
END $$;

-- Phrase arrays -------------------------------------------------------------------------------------------
CREATE TEMP TABLE phrase (lang text, i int, t text);
INSERT INTO phrase
SELECT 'en', row_number() OVER (), t FROM unnest(ARRAY[
    'The quality is excellent for the price and it feels solid.',
    'Delivery was fast and the packaging was careful.',
    'Battery life is shorter than the description promised.',
    'Works exactly as described, no surprises at all.',
    'The colour looks a little different from the photos.',
    'Setup took five minutes and the manual is clear.',
    'After two months of daily use it still works perfectly.',
    'The material feels cheap and the seams came loose.',
    'Great value, I bought a second one for my brother.',
    'Customer service answered quickly and replaced the broken part.',
    'It is lighter and smaller than I expected.',
    'The noise is noticeable at night, otherwise fine.',
    'Comfortable, sturdy and easy to clean.',
    'Stopped working after a week, very disappointed.',
    'Good product, but the charger is not included.',
    'The size chart is accurate, it fits well.',
    'Would recommend to anyone looking for a reliable option.',
    'The screen is bright and sharp even outdoors.',
    'Assembly instructions were confusing and two screws were missing.',
    'Exactly what I needed for the garden.'
]) t;
INSERT INTO phrase
SELECT 'de', row_number() OVER (), t FROM unnest(ARRAY[
    'Die Qualität ist für den Preis ausgezeichnet und wirkt robust.',
    'Die Lieferung war schnell und die Verpackung sorgfältig.',
    'Der Akku hält kürzer als in der Beschreibung versprochen.',
    'Funktioniert genau wie beschrieben, keine Überraschungen.',
    'Die Farbe sieht etwas anders aus als auf den Fotos.',
    'Die Einrichtung dauerte fünf Minuten, die Anleitung ist klar.',
    'Nach zwei Monaten täglicher Nutzung funktioniert es noch perfekt.',
    'Das Material fühlt sich billig an und die Nähte lösten sich.',
    'Sehr gutes Preis-Leistungs-Verhältnis, ich habe ein zweites gekauft.',
    'Der Kundendienst hat schnell geantwortet und das Teil ersetzt.',
    'Es ist leichter und kleiner als erwartet.',
    'Das Geräusch ist nachts deutlich hörbar, sonst in Ordnung.',
    'Bequem, stabil und leicht zu reinigen.',
    'Nach einer Woche kaputt, sehr enttäuscht.',
    'Gutes Produkt, aber das Ladegerät fehlt.',
    'Die Größentabelle stimmt, es passt gut.',
    'Kann ich jedem empfehlen, der etwas Zuverlässiges sucht.',
    'Der Bildschirm ist hell und scharf, auch draußen.',
    'Die Aufbauanleitung war verwirrend und zwei Schrauben fehlten.',
    'Genau das, was ich für den Garten gebraucht habe.'
]) t;
CREATE TEMP TABLE title (lang text, i int, t text);
INSERT INTO title SELECT 'en', row_number() OVER (), t FROM unnest(ARRAY['Great value', 'Does the job', 'Not as described',
    'Excellent quality', 'Disappointed', 'Would buy again', 'Solid product', 'Okay for the price', 'Fast delivery', 'Broke quickly']) t;
INSERT INTO title SELECT 'de', row_number() OVER (), t FROM unnest(ARRAY['Sehr gut', 'Erfüllt seinen Zweck', 'Nicht wie beschrieben',
    'Ausgezeichnete Qualität', 'Enttäuscht', 'Gerne wieder', 'Solides Produkt', 'Okay für den Preis', 'Schnelle Lieferung', 'Schnell kaputt']) t;
CREATE TEMP TABLE reply (i int, t text);
INSERT INTO reply SELECT row_number() OVER (), t FROM unnest(ARRAY[
    'Thank you for your feedback, we have passed it on to our quality team.',
    'We are sorry to hear that. Please contact us through the marketplace so we can replace it.',
    'Vielen Dank für Ihre Bewertung! Wir freuen uns, dass Sie zufrieden sind.',
    'Das tut uns leid. Bitte melden Sie sich über den Marktplatz, wir finden eine Lösung.',
    'Glad you like it, enjoy!']) t;

-- Staging: one row per review with every random choice made once --------------------------------------------
DROP TABLE IF EXISTS bench.gen;
CREATE UNLOGGED TABLE bench.gen AS
SELECT n,
       p,
       (p * 31) % :sellers + 1 AS s,
       seller_review,
       rating,
       created_at,
       date_trunc('second', created_at - (interval '1 hour' + random() * interval '10 days')) AS completed_at,
       lang,
       k,
       CASE WHEN random() < 0.75 THEN 1 + floor(random() * 10)::int END AS title_i,
       CASE WHEN random() < 0.2 THEN floor(exp(random() * ln(25)))::int ELSE 0 END AS votes,
       random() AS up_share,
       random() < CASE WHEN rating <= 2 THEN 0.30 ELSE 0.06 END AS responded
FROM (
    SELECT n,
           ((floor(exp(random() * ln(:products + 1)))::bigint - 1) * :mult) % :products + 1 AS p,
           random() < 0.10 AS seller_review,
           CASE WHEN u < 0.14 THEN 1 WHEN u < 0.19 THEN 2 WHEN u < 0.25 THEN 3 WHEN u < 0.40 THEN 4 ELSE 5 END::smallint AS rating,
           date_trunc('milliseconds', now() - random() * interval '730 days') AS created_at,
           CASE WHEN random() < 0.7 THEN 'en' ELSE 'de' END AS lang,
           -- phrases per body: 1..28, skewed short; bodies are 20..1500 characters
           floor(exp(random() * ln(29)))::int AS k
    FROM (SELECT n, random() AS u FROM generate_series(1, :reviews) n) x
) y;
ALTER TABLE bench.gen ADD PRIMARY KEY (n);

-- Parties -----------------------------------------------------------------------------------------------------
INSERT INTO party (tenant_id, party_id, ref, handle, created_at)
SELECT :tid, bench.v7(ts, 'party:' || ref), ref,
       'seller-' || CASE WHEN count(*) OVER (PARTITION BY left(hx, 8)) > 1 AND row_number() OVER (PARTITION BY left(hx, 8) ORDER BY ref) > 1
                         THEN left(hx, 12) ELSE left(hx, 8) END,
       ts
FROM (SELECT 's-' || lpad(s::text, :sw, '0') AS ref, now() - interval '800 days' AS ts FROM generate_series(1, :sellers) s) x,
     LATERAL (SELECT bench.handle_hex((SELECT secret FROM tenant WHERE tenant_id = :tid), x.ref) AS hx) h;

INSERT INTO party (tenant_id, party_id, ref, handle, created_at)
SELECT :tid, bench.v7(completed_at, 'party:' || ref), ref,
       'buyer-' || CASE WHEN count(*) OVER (PARTITION BY left(hx, 8)) > 1 AND row_number() OVER (PARTITION BY left(hx, 8) ORDER BY ref) > 1
                        THEN left(hx, 12) ELSE left(hx, 8) END,
       completed_at
FROM (SELECT 'b-' || lpad(n::text, :bw, '0') AS ref, completed_at FROM bench.gen) x,
     LATERAL (SELECT bench.handle_hex((SELECT secret FROM tenant WHERE tenant_id = :tid), x.ref) AS hx) h;

-- Transactions ------------------------------------------------------------------------------------------------
INSERT INTO completed_transaction (tenant_id, transaction_id, ref, buyer_party_id, seller_party_id, completed_at, products, fingerprint, created_at)
SELECT :tid, bench.v7(g.completed_at, 'tx:' || g.n), 'ord-' || g.n, b.party_id, sp.party_id, g.completed_at,
       ARRAY['sku-' || lpad(g.p::text, :pw, '0')],
       sha256(convert_to(concat_ws(E'\n', 'ord-' || g.n, b.ref, sp.ref,
                                   to_char(g.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                                   'sku-' || lpad(g.p::text, :pw, '0')), 'UTF8')),
       g.completed_at
FROM bench.gen g
JOIN party b ON b.tenant_id = :tid AND b.ref = 'b-' || lpad(g.n::text, :bw, '0')
JOIN party sp ON sp.tenant_id = :tid AND sp.ref = 's-' || lpad(g.s::text, :sw, '0');

INSERT INTO seller_product (tenant_id, seller_party_id, product_ref, first_sold_at)
SELECT :tid, t.seller_party_id, t.products[1], min(t.completed_at)
FROM completed_transaction t WHERE t.tenant_id = :tid GROUP BY 1, 2, 3;

-- Reviews and their first versions ----------------------------------------------------------------------------
CREATE TEMP TABLE phrases AS SELECT lang, array_agg(t ORDER BY i) AS a, count(*)::int AS len FROM phrase GROUP BY lang;
CREATE TEMP TABLE body AS
SELECT g.n,
       left(array_to_string(ARRAY(SELECT ph.a[1 + floor(random() * ph.len)::int] FROM generate_series(1, g.k) j), ' '), 1500) AS body
FROM bench.gen g JOIN phrases ph ON ph.lang = g.lang;
ALTER TABLE body ADD PRIMARY KEY (n);

INSERT INTO review (tenant_id, review_id, subject_type, subject_ref, transaction_id, author_party_id, seller_party_id, rating, title, body,
                    aspect_as_described, aspect_communication, aspect_delivery, status, verified, redacted, answered, created_at, edited_at,
                    status_changed_at, version, helpful_up, helpful_down, helpful_rank)
SELECT :tid, bench.v7(g.created_at, 'review:' || g.n),
       CASE WHEN g.seller_review THEN 'seller' ELSE 'product' END,
       CASE WHEN g.seller_review THEN sp.ref ELSE 'sku-' || lpad(g.p::text, :pw, '0') END,
       t.transaction_id, t.buyer_party_id, t.seller_party_id, g.rating,
       ti.t, bo.body,
       CASE WHEN g.seller_review THEN least(5, greatest(1, g.rating + (floor(random() * 3) - 1)::int)) END,
       CASE WHEN g.seller_review THEN least(5, greatest(1, g.rating + (floor(random() * 3) - 1)::int)) END,
       CASE WHEN g.seller_review THEN least(5, greatest(1, g.rating + (floor(random() * 3) - 1)::int)) END,
       'published', true, false, g.responded, g.created_at, NULL, g.created_at, 1,
       round(g.votes * (0.4 + 0.6 * g.up_share))::int, g.votes - round(g.votes * (0.4 + 0.6 * g.up_share))::int,
       wilson_lower_bound(round(g.votes * (0.4 + 0.6 * g.up_share))::int, g.votes - round(g.votes * (0.4 + 0.6 * g.up_share))::int)
FROM bench.gen g
JOIN body bo ON bo.n = g.n
JOIN completed_transaction t ON t.tenant_id = :tid AND t.ref = 'ord-' || g.n
JOIN party sp ON sp.tenant_id = :tid AND sp.party_id = t.seller_party_id
LEFT JOIN title ti ON ti.lang = g.lang AND ti.i = g.title_i;

INSERT INTO review_version (tenant_id, review_id, version, rating, title, body, aspect_as_described, aspect_communication, aspect_delivery,
                            cause, created_at)
SELECT tenant_id, review_id, 1, rating, title, body, aspect_as_described, aspect_communication, aspect_delivery, 'created', created_at
FROM review WHERE tenant_id = :tid;

-- The burst check's hourly arrival counts (review_arrival), as Candor keeps them for the reviews it writes: the hours
-- of the last 32 days
INSERT INTO review_arrival (tenant_id, subject_type, subject_ref, hour, arrivals)
SELECT tenant_id, subject_type, subject_ref, date_trunc('hour', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', count(*)
FROM review WHERE tenant_id = :tid AND created_at > now() - interval '32 days'
GROUP BY 1, 2, 3, 4;

-- Votes: voters are the review's neighbours b-(n+1) .. b-(n+votes), never its author ----------------------------
INSERT INTO review_vote (tenant_id, review_id, party_id, helpful, voted_at)
SELECT :tid, r.review_id, v.party_id, j <= r.helpful_up, r.created_at + j * interval '1 hour'
FROM review r
JOIN completed_transaction t ON t.tenant_id = r.tenant_id AND t.transaction_id = r.transaction_id
CROSS JOIN LATERAL generate_series(1, r.helpful_up + r.helpful_down) j
JOIN party v ON v.tenant_id = :tid AND v.ref = 'b-' || lpad(((substr(t.ref, 5)::bigint - 1 + j) % :reviews + 1)::text, :bw, '0')
WHERE r.tenant_id = :tid AND r.helpful_up + r.helpful_down > 0;

-- Seller responses ----------------------------------------------------------------------------------------------
INSERT INTO review_response (tenant_id, response_id, review_id, seller_party_id, body, status, redacted, created_at, edited_at, version)
SELECT :tid, bench.v7(r.created_at + interval '1 day', 'response:' || r.review_id), r.review_id, r.seller_party_id,
       (SELECT t FROM reply WHERE i = 1 + (abs(hashtext(r.review_id::text)) % 5)), 'published', false, r.created_at + interval '1 day', NULL, 1
FROM review r WHERE r.tenant_id = :tid AND r.answered;

INSERT INTO response_version (tenant_id, response_id, version, body, cause, created_at)
SELECT tenant_id, response_id, 1, body, 'created', created_at FROM review_response WHERE tenant_id = :tid;

-- Summaries and seller months: the aggregate SummaryRecompute computes (published and verified reviews) ---------
INSERT INTO summary (tenant_id, subject_type, subject_ref, review_count, rating_sum, hist_1, hist_2, hist_3, hist_4, hist_5,
                     recent_count, recent_sum, as_described_count, as_described_sum, communication_count, communication_sum,
                     delivery_count, delivery_sum, recent_since, updated_at)
SELECT :tid, subject_type, subject_ref, count(*), coalesce(sum(rating), 0),
       count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2), count(*) FILTER (WHERE rating = 3),
       count(*) FILTER (WHERE rating = 4), count(*) FILTER (WHERE rating = 5),
       count(*) FILTER (WHERE created_at >= w.since), coalesce(sum(rating) FILTER (WHERE created_at >= w.since), 0),
       count(aspect_as_described), coalesce(sum(aspect_as_described), 0),
       count(aspect_communication), coalesce(sum(aspect_communication), 0),
       count(aspect_delivery), coalesce(sum(aspect_delivery), 0),
       w.since, now()
FROM review,
     (SELECT now() - make_interval(days => (policy ->> 'recentWindowDays')::int) AS since FROM tenant WHERE tenant_id = :tid) w
WHERE tenant_id = :tid AND status = 'published' AND verified
GROUP BY subject_type, subject_ref, w.since;

INSERT INTO seller_month (tenant_id, seller_party_id, month, review_count, rating_sum)
SELECT :tid, seller_party_id, date_trunc('month', created_at AT TIME ZONE 'UTC')::date, count(*), sum(rating)
FROM review WHERE tenant_id = :tid AND seller_party_id IS NOT NULL AND status = 'published' AND verified
GROUP BY 2, 3;

-- Rebuild the dropped indexes, drop the helpers, analyze -------------------------------------------------------
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT def FROM bench.saved_index LOOP
        EXECUTE replace(r.def, 'CREATE INDEX ', 'CREATE INDEX IF NOT EXISTS ');
    END LOOP;
END $$;
DROP TABLE bench.gen;
SET session_replication_role = origin;
ANALYZE;
