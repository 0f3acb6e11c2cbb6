-- Pages: the key that signs and encrypts browser sessions when candor.session-key is not set.
--
-- The one table without tenant_id: the key belongs to the deployment, not to a marketplace, because a
-- session cookie has to be opened before Candor knows whose it is. Every pod reads the same row, so a
-- session started on one pod is valid on all of them. Under Citus this is a reference table.
CREATE TABLE server_secret (
    name       text        PRIMARY KEY,
    secret     bytea       NOT NULL CHECK (octet_length(secret) >= 32),
    created_at timestamptz NOT NULL DEFAULT now()
);
