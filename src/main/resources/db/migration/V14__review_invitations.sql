-- Review invitations (issue #14): for every line of a completed transaction (each product; the seller when the
-- transaction has none) an invitation is due a policy-set number of days after completion, with at most one
-- reminder. Candor holds no contact data: it emits a review.invitation webhook and the marketplace delivers it.
CREATE TABLE review_invitation (
    tenant_id       bigint      NOT NULL,
    transaction_id  uuid        NOT NULL,
    subject_type    text        NOT NULL CHECK (subject_type IN ('product', 'seller')),
    subject_ref     text        NOT NULL,
    buyer_party_id  uuid        NOT NULL,
    -- the seller, for the seller portal's share of invitations that became reviews; null once the seller is erased
    seller_party_id uuid,
    due_at          timestamptz NOT NULL,
    -- the review window's end: no invitation or reminder after it, and the link expires with it
    expires_at      timestamptz NOT NULL,
    -- pending -> invited -> reminded; or reviewed, opted_out, expired (no message sent)
    status          text        NOT NULL CHECK (status IN ('pending', 'invited', 'reminded', 'reviewed', 'opted_out', 'expired')),
    invited_at      timestamptz,
    reminder_due_at timestamptz,
    reminded_at     timestamptz,
    reviewed_at     timestamptz,
    PRIMARY KEY (tenant_id, transaction_id, subject_type, subject_ref),
    FOREIGN KEY (tenant_id, transaction_id) REFERENCES completed_transaction (tenant_id, transaction_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, buyer_party_id) REFERENCES party (tenant_id, party_id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, seller_party_id) REFERENCES party (tenant_id, party_id) ON DELETE SET NULL (seller_party_id)
);
CREATE INDEX review_invitation_due ON review_invitation (due_at) WHERE status = 'pending';
CREATE INDEX review_invitation_reminder ON review_invitation (reminder_due_at) WHERE status = 'invited' AND reminder_due_at IS NOT NULL;
CREATE INDEX review_invitation_seller ON review_invitation (tenant_id, seller_party_id) WHERE invited_at IS NOT NULL;
CREATE INDEX review_invitation_buyer ON review_invitation (tenant_id, buyer_party_id);

-- Buyers who asked not to be invited (themselves, or through the marketplace).
CREATE TABLE invitation_opt_out (
    tenant_id  bigint      NOT NULL,
    party_id   uuid        NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, party_id),
    FOREIGN KEY (tenant_id, party_id) REFERENCES party (tenant_id, party_id) ON DELETE CASCADE
);
