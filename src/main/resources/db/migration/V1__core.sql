-- Candor core schema.
-- Every table carries tenant_id and every primary and unique key starts with it: tenant isolation in
-- depth, and the distribution key if the tables are ever spread with Citus. No column holds identity
-- data: parties are the marketplace's opaque references, shown to others only as derived handles.

CREATE EXTENSION IF NOT EXISTS btree_gin;

-- Marketplaces ---------------------------------------------------------------------------------------
CREATE TABLE tenant (
    tenant_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug         text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,39}$'),
    display_name text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    issuer       text        NOT NULL UNIQUE CHECK (length(issuer) BETWEEN 1 AND 300),
    policy       jsonb       NOT NULL,
    -- HMAC key for handles and cursors; never leaves the database and the service.
    secret       bytea       NOT NULL CHECK (length(secret) = 32),
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    version      integer     NOT NULL DEFAULT 0
);

-- Public keys that sign the tenant's user tokens.
CREATE TABLE tenant_key (
    tenant_id      bigint      NOT NULL REFERENCES tenant (tenant_id) ON DELETE CASCADE,
    key_id         text        NOT NULL, -- RFC 7638 thumbprint
    algorithm      text        NOT NULL CHECK (algorithm IN ('RS256', 'ES256')),
    public_key_pem text        NOT NULL,
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, key_id)
);

-- Marketplace backend keys: only a SHA-256 of the key is kept; the key itself is shown once.
CREATE TABLE api_key (
    tenant_id  bigint      NOT NULL REFERENCES tenant (tenant_id) ON DELETE CASCADE,
    prefix     text        NOT NULL CHECK (prefix ~ '^[a-z2-7]{8}$'),
    key_hash   bytea       NOT NULL CHECK (length(key_hash) = 32),
    created_at timestamptz NOT NULL,
    revoked_at timestamptz,
    PRIMARY KEY (tenant_id, prefix)
);

-- Participants ---------------------------------------------------------------------------------------
CREATE TABLE party (
    tenant_id  bigint      NOT NULL REFERENCES tenant (tenant_id),
    party_id   uuid        NOT NULL,
    ref        text        NOT NULL CHECK (ref ~ '^[A-Za-z0-9._:-]{1,64}$' AND left(ref, 1) <> '+'),
    handle     text        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, party_id),
    UNIQUE (tenant_id, ref),
    UNIQUE (tenant_id, handle)
);

-- Completed transactions: the right to review --------------------------------------------------------
CREATE TABLE completed_transaction (
    tenant_id       bigint      NOT NULL,
    transaction_id  uuid        NOT NULL,
    ref             text        NOT NULL CHECK (ref ~ '^[A-Za-z0-9._:-]{1,64}$'),
    buyer_party_id  uuid        NOT NULL,
    seller_party_id uuid        NOT NULL,
    completed_at    timestamptz NOT NULL,
    products        text[]      NOT NULL,
    -- hash of the registration body: the same body again is a no-op, another body for the ref a conflict
    fingerprint     bytea       NOT NULL,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, transaction_id),
    UNIQUE (tenant_id, ref),
    FOREIGN KEY (tenant_id, buyer_party_id) REFERENCES party (tenant_id, party_id),
    FOREIGN KEY (tenant_id, seller_party_id) REFERENCES party (tenant_id, party_id),
    CHECK (buyer_party_id <> seller_party_id)
);
CREATE INDEX completed_transaction_buyer ON completed_transaction (tenant_id, buyer_party_id, completed_at DESC);
CREATE INDEX completed_transaction_seller ON completed_transaction (tenant_id, seller_party_id, completed_at DESC);

-- Which products a seller has sold: the seller portal's product list.
CREATE TABLE seller_product (
    tenant_id       bigint      NOT NULL,
    seller_party_id uuid        NOT NULL,
    product_ref     text        NOT NULL,
    first_sold_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, seller_party_id, product_ref),
    FOREIGN KEY (tenant_id, seller_party_id) REFERENCES party (tenant_id, party_id)
);

-- Reviews --------------------------------------------------------------------------------------------
-- status: published (public, counted), held (waiting for a moderator), sealed (double-blind, author
-- only), removed (by a decision; hidden, never deleted while appealable), withdrawn (by its author).
CREATE TABLE review (
    tenant_id            bigint           NOT NULL,
    review_id            uuid             NOT NULL,
    subject_type         text             NOT NULL CHECK (subject_type IN ('product', 'seller')),
    subject_ref          text             NOT NULL,
    transaction_id       uuid,
    author_party_id      uuid             NOT NULL,
    seller_party_id      uuid,
    rating               smallint         NOT NULL CHECK (rating BETWEEN 1 AND 5),
    title                text             CHECK (length(title) <= 120),
    body                 text             NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    aspect_as_described  smallint         CHECK (aspect_as_described BETWEEN 1 AND 5),
    aspect_communication smallint         CHECK (aspect_communication BETWEEN 1 AND 5),
    aspect_delivery      smallint         CHECK (aspect_delivery BETWEEN 1 AND 5),
    status               text             NOT NULL CHECK (status IN ('published', 'held', 'sealed', 'removed', 'withdrawn')),
    verified             boolean          NOT NULL,
    redacted             boolean          NOT NULL DEFAULT false,
    answered             boolean          NOT NULL DEFAULT false,
    created_at           timestamptz      NOT NULL,
    edited_at            timestamptz,
    status_changed_at    timestamptz      NOT NULL,
    version              integer          NOT NULL,
    helpful_up           integer          NOT NULL DEFAULT 0 CHECK (helpful_up >= 0),
    helpful_down         integer          NOT NULL DEFAULT 0 CHECK (helpful_down >= 0),
    -- Wilson score lower bound of up / (up + down) at 95 %, kept current on every vote
    helpful_rank         double precision NOT NULL DEFAULT 0,
    search               tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || body)) STORED,
    PRIMARY KEY (tenant_id, review_id),
    FOREIGN KEY (tenant_id, author_party_id) REFERENCES party (tenant_id, party_id),
    FOREIGN KEY (tenant_id, seller_party_id) REFERENCES party (tenant_id, party_id),
    FOREIGN KEY (tenant_id, transaction_id) REFERENCES completed_transaction (tenant_id, transaction_id),
    CHECK (subject_type = 'seller' OR (aspect_as_described IS NULL AND aspect_communication IS NULL AND aspect_delivery IS NULL))
);
-- One review per subject of a transaction, and one product review per buyer and product.
CREATE UNIQUE INDEX review_one_per_transaction ON review (tenant_id, transaction_id, subject_type, subject_ref);
CREATE UNIQUE INDEX review_one_per_product ON review (tenant_id, author_party_id, subject_ref) WHERE subject_type = 'product';
-- The public list's sort orders, each over published reviews of one subject.
CREATE INDEX review_public_newest ON review (tenant_id, subject_type, subject_ref, created_at DESC, review_id DESC) WHERE status = 'published';
CREATE INDEX review_public_helpful ON review (tenant_id, subject_type, subject_ref, helpful_rank DESC, review_id DESC) WHERE status = 'published';
CREATE INDEX review_public_highest ON review (tenant_id, subject_type, subject_ref, rating DESC, created_at DESC, review_id DESC) WHERE status = 'published';
CREATE INDEX review_public_lowest ON review (tenant_id, subject_type, subject_ref, rating ASC, created_at DESC, review_id DESC) WHERE status = 'published';
CREATE INDEX review_public_search ON review USING gin (tenant_id, subject_ref, search) WHERE status = 'published';
-- The author's own list and the seller's inbox.
CREATE INDEX review_author ON review (tenant_id, author_party_id, created_at DESC, review_id DESC);
CREATE INDEX review_seller ON review (tenant_id, seller_party_id, status, created_at DESC, review_id DESC);

-- Every version of every review, the first included: moderators see the whole history.
CREATE TABLE review_version (
    tenant_id            bigint      NOT NULL,
    review_id            uuid        NOT NULL,
    version              integer     NOT NULL,
    rating               smallint    NOT NULL,
    title                text,
    body                 text        NOT NULL,
    aspect_as_described  smallint,
    aspect_communication smallint,
    aspect_delivery      smallint,
    cause                text        NOT NULL CHECK (cause IN ('created', 'edited', 'redacted')),
    created_at           timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, review_id, version),
    FOREIGN KEY (tenant_id, review_id) REFERENCES review (tenant_id, review_id) ON DELETE CASCADE
);

CREATE TABLE review_vote (
    tenant_id  bigint      NOT NULL,
    review_id  uuid        NOT NULL,
    party_id   uuid        NOT NULL,
    helpful    boolean     NOT NULL,
    voted_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, review_id, party_id),
    FOREIGN KEY (tenant_id, review_id) REFERENCES review (tenant_id, review_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, party_id) REFERENCES party (tenant_id, party_id)
);
CREATE INDEX review_vote_party ON review_vote (tenant_id, party_id);

-- The seller's public answer: one per review, editable, every version kept.
CREATE TABLE review_response (
    tenant_id       bigint      NOT NULL,
    response_id     uuid        NOT NULL,
    review_id       uuid        NOT NULL,
    seller_party_id uuid        NOT NULL,
    body            text        NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
    status          text        NOT NULL CHECK (status IN ('published', 'held', 'removed', 'withdrawn')),
    redacted        boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    edited_at       timestamptz,
    version         integer     NOT NULL,
    PRIMARY KEY (tenant_id, response_id),
    UNIQUE (tenant_id, review_id),
    FOREIGN KEY (tenant_id, review_id) REFERENCES review (tenant_id, review_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, seller_party_id) REFERENCES party (tenant_id, party_id)
);
CREATE INDEX review_response_seller ON review_response (tenant_id, seller_party_id);

CREATE TABLE response_version (
    tenant_id   bigint      NOT NULL,
    response_id uuid        NOT NULL,
    version     integer     NOT NULL,
    body        text        NOT NULL,
    cause       text        NOT NULL CHECK (cause IN ('created', 'edited', 'redacted')),
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, response_id, version),
    FOREIGN KEY (tenant_id, response_id) REFERENCES review_response (tenant_id, response_id) ON DELETE CASCADE
);

-- Rating summaries, maintained in the same transaction as every change that moves them ---------------
CREATE TABLE summary (
    tenant_id            bigint      NOT NULL,
    subject_type         text        NOT NULL CHECK (subject_type IN ('product', 'seller')),
    subject_ref          text        NOT NULL,
    review_count         integer     NOT NULL CHECK (review_count >= 0),
    rating_sum           bigint      NOT NULL CHECK (rating_sum >= 0),
    hist_1               integer     NOT NULL CHECK (hist_1 >= 0),
    hist_2               integer     NOT NULL CHECK (hist_2 >= 0),
    hist_3               integer     NOT NULL CHECK (hist_3 >= 0),
    hist_4               integer     NOT NULL CHECK (hist_4 >= 0),
    hist_5               integer     NOT NULL CHECK (hist_5 >= 0),
    recent_count         integer     NOT NULL CHECK (recent_count >= 0),
    recent_sum           bigint      NOT NULL CHECK (recent_sum >= 0),
    as_described_count   integer     NOT NULL DEFAULT 0,
    as_described_sum     bigint      NOT NULL DEFAULT 0,
    communication_count  integer     NOT NULL DEFAULT 0,
    communication_sum    bigint      NOT NULL DEFAULT 0,
    delivery_count       integer     NOT NULL DEFAULT 0,
    delivery_sum         bigint      NOT NULL DEFAULT 0,
    -- reviews created before this instant have left the recent window at the last recompute
    recent_since         timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, subject_type, subject_ref),
    CHECK (review_count = hist_1 + hist_2 + hist_3 + hist_4 + hist_5)
);

-- Per seller and month: the seller portal's 12-month trend, kept like the summaries.
CREATE TABLE seller_month (
    tenant_id       bigint  NOT NULL,
    seller_party_id uuid    NOT NULL,
    month           date    NOT NULL,
    review_count    integer NOT NULL CHECK (review_count >= 0),
    rating_sum      bigint  NOT NULL CHECK (rating_sum >= 0),
    PRIMARY KEY (tenant_id, seller_party_id, month)
);

-- Audit log: append-only and hash-chained per tenant --------------------------------------------------
CREATE TABLE audit_entry (
    tenant_id    bigint      NOT NULL,
    seq          bigint      NOT NULL,
    at           timestamptz NOT NULL,
    actor_role   text        NOT NULL,
    actor_handle text,
    action       text        NOT NULL,
    target_type  text        NOT NULL,
    target_id    text        NOT NULL,
    data         text        NOT NULL,
    prev_hash    bytea       NOT NULL,
    hash         bytea       NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);

-- The head of each tenant's chain; appending locks it, so entries chain in commit order.
CREATE TABLE audit_head (
    tenant_id bigint NOT NULL PRIMARY KEY,
    seq       bigint NOT NULL,
    hash      bytea  NOT NULL
);

CREATE FUNCTION audit_entry_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_is_append_only();

-- Transactional outbox: events written with the change that causes them, delivered afterwards ---------
CREATE TABLE outbox_event (
    tenant_id       bigint      NOT NULL,
    event_id        uuid        NOT NULL,
    seq             bigint      GENERATED ALWAYS AS IDENTITY,
    type            text        NOT NULL,
    target_key      text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    payload         text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'dead', 'skipped')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    delivered_at    timestamptz,
    PRIMARY KEY (tenant_id, event_id)
);
CREATE INDEX outbox_event_due ON outbox_event (next_attempt_at, tenant_id, seq) WHERE status = 'pending';

-- Idempotency-Key: the first answer to a POST, replayed for 24 hours ---------------------------------
CREATE TABLE idempotency_record (
    tenant_id    bigint      NOT NULL, -- 0 for the operator
    caller       text        NOT NULL,
    key          text        NOT NULL,
    request_hash bytea       NOT NULL,
    status       integer,
    content_type text,
    headers      text,
    body         bytea,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, caller, key)
);
CREATE INDEX idempotency_record_created ON idempotency_record (created_at);

-- Demo mode only: the demo marketplace's private signing key, so demo tokens survive restarts.
CREATE TABLE demo_signing_key (
    tenant_id       bigint NOT NULL PRIMARY KEY REFERENCES tenant (tenant_id),
    private_key_pem text   NOT NULL
);

-- Appends one entry to a tenant's audit chain and answers its sequence number. The hash covers the
-- previous hash and every field, so editing or deleting any entry breaks every later link.
CREATE FUNCTION audit_append(p_tenant bigint, p_at timestamptz, p_role text, p_handle text, p_action text,
                             p_target_type text, p_target_id text, p_data text) RETURNS bigint
    LANGUAGE plpgsql AS $$
DECLARE
    v_seq  bigint;
    v_prev bytea;
    v_hash bytea;
BEGIN
    INSERT INTO audit_head (tenant_id, seq, hash) VALUES (p_tenant, 0, '\x0000000000000000000000000000000000000000000000000000000000000000')
    ON CONFLICT (tenant_id) DO NOTHING;
    SELECT seq + 1, hash INTO v_seq, v_prev FROM audit_head WHERE tenant_id = p_tenant FOR UPDATE;
    v_hash := sha256(v_prev || convert_to(concat_ws(E'\n', v_seq::text,
                  (extract(epoch FROM p_at) * 1000000)::bigint::text, p_role, coalesce(p_handle, ''), p_action,
                  p_target_type, p_target_id, p_data), 'UTF8'));
    INSERT INTO audit_entry (tenant_id, seq, at, actor_role, actor_handle, action, target_type, target_id, data, prev_hash, hash)
    VALUES (p_tenant, v_seq, p_at, p_role, p_handle, p_action, p_target_type, p_target_id, p_data, v_prev, v_hash);
    UPDATE audit_head SET seq = v_seq, hash = v_hash WHERE tenant_id = p_tenant;
    RETURN v_seq;
END;
$$;

-- Lower bound of the 95 % Wilson score interval for up / (up + down): ranks a review with 40 of 50
-- helpful votes above one with 2 of 2, and any voted review above none.
CREATE FUNCTION wilson_lower_bound(up integer, down integer) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN up + down = 0 THEN 0::double precision ELSE
        ((up::double precision / (up + down)) + 1.9208 / (up + down)
         - 1.96 * sqrt(up::double precision * down / (up + down) + 0.9604) / (up + down))
        / (1 + 3.8416 / (up + down)) END
$$;
