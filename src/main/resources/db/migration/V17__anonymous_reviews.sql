-- Anonymous reviews backed by blind-signed proof of purchase (docs/anonymous-reviews.md). What is stored is what the
-- protocol needs and no more: nothing here, or anywhere, relates an anonymous review to the buyer, the transaction or
-- the issuance of its token (AnonymousSchemaTest walks the live schema to show it).

-- Per marketplace, subject and month: the RSA key that signs the subject's tokens (RFC 9474, RSABSSA-SHA384-PSS-
-- Randomized). The public part is published; the private part is sealed under the operator's key. `issued` counts the
-- tokens issued, for the anonymity set: the subject's anonymous reviews of that month wait until it reaches the
-- marketplace's k. No time is kept: when a key was made would date the subject's first issuance.
CREATE TABLE anonymous_key (
    tenant_id      bigint  NOT NULL REFERENCES tenant (tenant_id),
    subject_type   text    NOT NULL CHECK (subject_type IN ('product', 'seller')),
    subject_ref    text    NOT NULL,
    epoch          text    NOT NULL CHECK (epoch ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    key_id         bytea   NOT NULL CHECK (length(key_id) = 32),
    public_key     bytea   NOT NULL,
    sealed_private bytea   NOT NULL,
    issued         integer NOT NULL DEFAULT 0 CHECK (issued >= 0),
    PRIMARY KEY (tenant_id, subject_type, subject_ref, epoch)
);

-- That a transaction's line has had its token: one per line, ever. Nothing about the blinded message or the token,
-- and no time. It goes with the transaction (erasure).
CREATE TABLE anonymous_issuance (
    tenant_id      bigint NOT NULL,
    transaction_id uuid   NOT NULL,
    subject_type   text   NOT NULL CHECK (subject_type IN ('product', 'seller')),
    subject_ref    text   NOT NULL,
    PRIMARY KEY (tenant_id, transaction_id, subject_type, subject_ref),
    FOREIGN KEY (tenant_id, transaction_id) REFERENCES completed_transaction (tenant_id, transaction_id) ON DELETE CASCADE
);

-- Spent tokens: SHA-256 of the signed message, so that a token is redeemed once. Nothing else.
CREATE TABLE anonymous_spent (
    tenant_id  bigint NOT NULL REFERENCES tenant (tenant_id),
    token_hash bytea  NOT NULL CHECK (length(token_hash) = 32),
    PRIMARY KEY (tenant_id, token_hash)
);

-- The author secret of an anonymous review, as SHA-256 only: presented as a bearer credential, it acts as the review's
-- pseudonymous author party (and that party exists for this one review).
CREATE TABLE author_credential (
    tenant_id   bigint NOT NULL,
    secret_hash bytea  NOT NULL CHECK (length(secret_hash) = 32),
    party_id    uuid   NOT NULL,
    PRIMARY KEY (tenant_id, secret_hash),
    UNIQUE (tenant_id, party_id),
    FOREIGN KEY (tenant_id, party_id) REFERENCES party (tenant_id, party_id) ON DELETE CASCADE
);

-- An anonymous review carries the month of its token (its anonymity set), and no transaction.
-- (the column and its check in two statements: Citus adds no column together with a constraint)
ALTER TABLE review ADD COLUMN anonymous_epoch text;
ALTER TABLE review ADD CONSTRAINT review_anonymous_epoch_format CHECK (anonymous_epoch ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');
ALTER TABLE review ADD CONSTRAINT review_anonymous_has_no_transaction CHECK (anonymous_epoch IS NULL OR transaction_id IS NULL);
CREATE INDEX review_anonymous_waiting ON review (tenant_id, subject_type, subject_ref, anonymous_epoch)
    WHERE anonymous_epoch IS NOT NULL AND status = 'sealed';

-- On Citus (docs/citus.md, rule 1): the new tables join the colocation group; on plain PostgreSQL nothing happens.
DO $citus$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus') THEN
        RETURN;
    END IF;
    -- (a database whose tables are still local gets everything distributed by candor_distribute() after the migrations)
    IF EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = 'review'::regclass) THEN
        SET LOCAL citus.multi_shard_modify_mode TO 'sequential';
        PERFORM create_distributed_table('anonymous_key', 'tenant_id', colocate_with => 'review');
        PERFORM create_distributed_table('anonymous_issuance', 'tenant_id', colocate_with => 'review');
        PERFORM create_distributed_table('anonymous_spent', 'tenant_id', colocate_with => 'review');
        PERFORM create_distributed_table('author_credential', 'tenant_id', colocate_with => 'review');
    END IF;
END
$citus$;
