-- Photos in reviews (issue #14). An upload is re-encoded at once (no metadata survives) into a display size and a
-- thumbnail, stored as objects named <tenant>/<photo>/<sha-256>.jpg in the configured object store. A photo waits
-- as 'uploaded' until its author attaches it to a review (or it expires); 'published' photos are served while their
-- review is; a moderator may remove one photo ('removed', kept until nobody can appeal, then deleted).
CREATE TABLE review_photo (
    tenant_id       bigint      NOT NULL,
    photo_id        uuid        NOT NULL,
    -- null once the author is erased while the review is kept for someone else's appeal
    author_party_id uuid,
    review_id       uuid,
    position        smallint,
    status          text        NOT NULL CHECK (status IN ('uploaded', 'published', 'held', 'removed')),
    -- the author's description for people who cannot see the photo
    alt             text        CHECK (length(alt) <= 500),
    width           integer     NOT NULL,
    height          integer     NOT NULL,
    display_sha256  text        NOT NULL,
    display_bytes   integer     NOT NULL,
    thumb_width     integer     NOT NULL,
    thumb_height    integer     NOT NULL,
    thumb_sha256    text        NOT NULL,
    created_at      timestamptz NOT NULL,
    attached_at     timestamptz,
    status_changed_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, photo_id),
    FOREIGN KEY (tenant_id, author_party_id) REFERENCES party (tenant_id, party_id) ON DELETE SET NULL (author_party_id),
    -- no cascade: whatever deletes a review deletes its photos first, and queues their objects for deletion
    FOREIGN KEY (tenant_id, review_id) REFERENCES review (tenant_id, review_id),
    CHECK ((status = 'uploaded') = (review_id IS NULL))
);
CREATE INDEX review_photo_review ON review_photo (tenant_id, review_id, position) WHERE review_id IS NOT NULL;
CREATE INDEX review_photo_author ON review_photo (tenant_id, author_party_id);
CREATE INDEX review_photo_expiry ON review_photo (created_at) WHERE status = 'uploaded';

-- The published photos of each review, as the public lists render them (kept by io.candor.review.PhotoRepository
-- whenever a photo is attached, removed or restored): a page of reviews stays one query.
ALTER TABLE review ADD COLUMN photos jsonb NOT NULL DEFAULT '[]';

-- Objects to delete from the object store: written in the same transaction that deletes the rows naming them,
-- worked through after commit by io.candor.media.ObjectDeletionJob, so no object outlives its row.
CREATE TABLE object_deletion (
    tenant_id  bigint      NOT NULL,
    object_key text        NOT NULL,
    queued_at  timestamptz NOT NULL,
    attempts   integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, object_key)
);

-- Photos are moderated content of their own: reported, decided on and appealed like reviews.
ALTER TABLE moderation_case DROP CONSTRAINT moderation_case_target_type_check;
ALTER TABLE moderation_case ADD CONSTRAINT moderation_case_target_type_check CHECK (target_type IN ('review', 'response', 'feedback', 'photo', 'subject'));
ALTER TABLE report DROP CONSTRAINT report_target_type_check;
ALTER TABLE report ADD CONSTRAINT report_target_type_check CHECK (target_type IN ('review', 'response', 'feedback', 'photo'));
ALTER TABLE moderation_signal DROP CONSTRAINT moderation_signal_item_type_check;
ALTER TABLE moderation_signal ADD CONSTRAINT moderation_signal_item_type_check CHECK (item_type IN ('review', 'response', 'feedback', 'photo'));
ALTER TABLE decision DROP CONSTRAINT decision_target_type_check;
ALTER TABLE decision ADD CONSTRAINT decision_target_type_check CHECK (target_type IN ('review', 'response', 'feedback', 'photo'));
