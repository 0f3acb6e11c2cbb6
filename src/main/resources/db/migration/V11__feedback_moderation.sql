-- Buyer feedback becomes content under moderation like reviews and responses: a report can hold it, a moderator
-- can remove or redact it, an appeal can restore it; every version of its comment is kept while it exists.
ALTER TABLE buyer_feedback DROP CONSTRAINT buyer_feedback_status_check;
ALTER TABLE buyer_feedback ADD CONSTRAINT buyer_feedback_status_check CHECK (status IN ('sealed', 'published', 'held', 'removed'));
ALTER TABLE buyer_feedback ADD COLUMN version integer NOT NULL DEFAULT 1;

CREATE TABLE feedback_version (
    tenant_id   bigint      NOT NULL,
    feedback_id uuid        NOT NULL,
    version     integer     NOT NULL,
    rating      text        NOT NULL CHECK (rating IN ('positive', 'neutral', 'negative')),
    comment     text,
    cause       text        NOT NULL CHECK (cause IN ('created', 'edited', 'redacted', 'restored')),
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, feedback_id, version),
    FOREIGN KEY (tenant_id, feedback_id) REFERENCES buyer_feedback (tenant_id, feedback_id) ON DELETE CASCADE
);

INSERT INTO feedback_version (tenant_id, feedback_id, version, rating, comment, cause, created_at)
SELECT tenant_id, feedback_id, 1, rating, comment, 'created', coalesce(edited_at, created_at) FROM buyer_feedback;

-- Moderation's tables name the kinds of content they may point at; feedback joins reviews and responses.
ALTER TABLE moderation_case DROP CONSTRAINT moderation_case_target_type_check;
ALTER TABLE moderation_case ADD CONSTRAINT moderation_case_target_type_check CHECK (target_type IN ('review', 'response', 'feedback', 'subject'));
ALTER TABLE report DROP CONSTRAINT report_target_type_check;
ALTER TABLE report ADD CONSTRAINT report_target_type_check CHECK (target_type IN ('review', 'response', 'feedback'));
ALTER TABLE moderation_signal DROP CONSTRAINT moderation_signal_item_type_check;
ALTER TABLE moderation_signal ADD CONSTRAINT moderation_signal_item_type_check CHECK (item_type IN ('review', 'response', 'feedback'));
ALTER TABLE decision DROP CONSTRAINT decision_target_type_check;
ALTER TABLE decision ADD CONSTRAINT decision_target_type_check CHECK (target_type IN ('review', 'response', 'feedback'));
