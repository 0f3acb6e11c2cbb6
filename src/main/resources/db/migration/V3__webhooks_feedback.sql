-- Webhooks and seller feedback on buyers (issue #4).

-- Where a marketplace receives its events. The signing secret is stored encrypted (AES-GCM);
-- key_source says which key encrypted it, so a change of the operator's key is detected, not guessed.
CREATE TABLE webhook_endpoint (
    tenant_id        bigint      NOT NULL PRIMARY KEY REFERENCES tenant (tenant_id),
    url              text        NOT NULL CHECK (length(url) <= 2000),
    secret_encrypted bytea       NOT NULL,
    key_source       text        NOT NULL CHECK (key_source IN ('operator', 'tenant')),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

-- An event the operator sent back for delivery gets a new retry period from this instant.
ALTER TABLE outbox_event ADD COLUMN retry_since timestamptz;

-- Events of one target are delivered in order: an event waits while an earlier one of the same target is pending.
CREATE INDEX outbox_event_target ON outbox_event (tenant_id, target_key, seq) WHERE status = 'pending';
CREATE INDEX outbox_event_status ON outbox_event (tenant_id, status, seq);

-- A seller's feedback on the buyer of one transaction. Sealed (double-blind) until the buyer's review of
-- the seller exists too or the reveal window ends; then both are revealed together.
CREATE TABLE buyer_feedback (
    tenant_id       bigint      NOT NULL,
    feedback_id     uuid        NOT NULL,
    transaction_id  uuid        NOT NULL,
    seller_party_id uuid        NOT NULL,
    buyer_party_id  uuid        NOT NULL,
    rating          text        NOT NULL CHECK (rating IN ('positive', 'neutral', 'negative')),
    comment         text        CHECK (length(comment) BETWEEN 1 AND 1000),
    status          text        NOT NULL CHECK (status IN ('sealed', 'published', 'removed')),
    redacted        boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    edited_at       timestamptz,
    revealed_at     timestamptz,
    PRIMARY KEY (tenant_id, feedback_id),
    UNIQUE (tenant_id, transaction_id),
    FOREIGN KEY (tenant_id, transaction_id) REFERENCES completed_transaction (tenant_id, transaction_id),
    FOREIGN KEY (tenant_id, seller_party_id) REFERENCES party (tenant_id, party_id),
    FOREIGN KEY (tenant_id, buyer_party_id) REFERENCES party (tenant_id, party_id)
);
-- What a buyer received, newest first; what a seller gave.
CREATE INDEX buyer_feedback_buyer ON buyer_feedback (tenant_id, buyer_party_id, status, created_at DESC, feedback_id DESC);
CREATE INDEX buyer_feedback_seller ON buyer_feedback (tenant_id, seller_party_id, created_at DESC, feedback_id DESC);
-- The reveal job's work list.
CREATE INDEX buyer_feedback_sealed ON buyer_feedback (tenant_id, created_at) WHERE status = 'sealed';
CREATE INDEX review_sealed ON review (tenant_id, created_at) WHERE status = 'sealed';
