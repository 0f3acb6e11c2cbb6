-- Moderation, statements of reasons and appeals (issue #3).
--
-- A case is one target's file: the signals that raised it (automated checks and reports), its priority
-- (the sum of their weights), and, once decided, the decision. There is at most one open case per target.
-- Decisions cite a versioned policy code; each affected party gets a notice (DSA Art. 17) and may appeal
-- once (Art. 20) to a moderator other than the one who decided. Nothing here holds a party ref or a
-- person's data: parties are ids, shown to moderators as handles.

-- What the duplicate-text check compares: a fingerprint of the review's normalised body.
ALTER TABLE review ADD COLUMN text_fingerprint text;
CREATE INDEX review_fingerprint ON review (tenant_id, text_fingerprint, created_at) WHERE text_fingerprint IS NOT NULL;
-- What the burst check counts: every review a subject received recently, in any status.
CREATE INDEX review_subject_created ON review (tenant_id, subject_type, subject_ref, created_at);

-- A moderator's redaction and its reversal on appeal are versions too.
ALTER TABLE review_version DROP CONSTRAINT review_version_cause_check;
ALTER TABLE review_version ADD CONSTRAINT review_version_cause_check CHECK (cause IN ('created', 'edited', 'redacted', 'restored'));
ALTER TABLE response_version DROP CONSTRAINT response_version_cause_check;
ALTER TABLE response_version ADD CONSTRAINT response_version_cause_check CHECK (cause IN ('created', 'edited', 'redacted', 'restored'));

CREATE TABLE moderation_case (
    tenant_id         bigint           NOT NULL,
    case_id           uuid             NOT NULL,
    -- review or response: one piece of content; subject: a surge of reviews on one product or seller
    target_type       text             NOT NULL CHECK (target_type IN ('review', 'response', 'subject')),
    -- a content id, or 'product:<ref>' / 'seller:<ref>' for a surge
    target_id         text             NOT NULL CHECK (length(target_id) <= 140),
    status            text             NOT NULL CHECK (status IN ('open', 'closed')),
    priority          double precision NOT NULL DEFAULT 0 CHECK (priority >= 0),
    report_count      integer          NOT NULL DEFAULT 0 CHECK (report_count >= 0),
    -- reports of personal information or illegal content past the threshold hid the target before a decision
    hidden_by_reports boolean          NOT NULL DEFAULT false,
    assignee_party_id uuid,
    opened_at         timestamptz      NOT NULL,
    closed_at         timestamptz,
    PRIMARY KEY (tenant_id, case_id),
    FOREIGN KEY (tenant_id, assignee_party_id) REFERENCES party (tenant_id, party_id),
    CHECK ((status = 'closed') = (closed_at IS NOT NULL))
);
CREATE UNIQUE INDEX moderation_case_one_open ON moderation_case (tenant_id, target_type, target_id) WHERE status = 'open';
CREATE INDEX moderation_case_target ON moderation_case (tenant_id, target_type, target_id, opened_at);
-- The queue, by priority or by age.
CREATE INDEX moderation_case_by_priority ON moderation_case (tenant_id, status, priority DESC, case_id);
CREATE INDEX moderation_case_by_age ON moderation_case (tenant_id, status, opened_at, case_id);

CREATE TABLE report (
    tenant_id         bigint           NOT NULL,
    report_id         uuid             NOT NULL,
    case_id           uuid             NOT NULL,
    target_type       text             NOT NULL CHECK (target_type IN ('review', 'response')),
    target_id         uuid             NOT NULL,
    reason            text             NOT NULL CHECK (reason IN ('spam', 'offensive', 'hate', 'harassment', 'personal-information',
                                                                  'conflict-of-interest', 'off-topic', 'illegal', 'incentivized', 'other')),
    details           text             CHECK (length(details) <= 2000),
    -- the reporting party; null for reports through the public endpoint and once unlinked (erasure, retention)
    reporter_party_id uuid,
    via_public        boolean          NOT NULL,
    -- the reporter is the seller of the reviewed subject: counted, but never enough to hide anything
    by_subject_seller boolean          NOT NULL DEFAULT false,
    weight            double precision NOT NULL CHECK (weight >= 0),
    outcome           text             NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'agreed', 'disagreed')),
    created_at        timestamptz      NOT NULL,
    PRIMARY KEY (tenant_id, report_id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES moderation_case (tenant_id, case_id),
    FOREIGN KEY (tenant_id, reporter_party_id) REFERENCES party (tenant_id, party_id)
);
CREATE UNIQUE INDEX report_one_pending_per_reporter ON report (tenant_id, target_type, target_id, reporter_party_id)
    WHERE outcome = 'pending' AND reporter_party_id IS NOT NULL;
CREATE INDEX report_case ON report (tenant_id, case_id, created_at);
-- A reporter's track record (agreed vs. decided reports) and their own reports.
CREATE INDEX report_reporter ON report (tenant_id, reporter_party_id, created_at DESC) WHERE reporter_party_id IS NOT NULL;
CREATE INDEX report_created ON report (tenant_id, created_at);

CREATE TABLE moderation_signal (
    tenant_id  bigint           NOT NULL,
    signal_id  uuid             NOT NULL,
    case_id    uuid             NOT NULL,
    -- the content the signal is about (for a surge case, each review of the surge)
    item_type  text             NOT NULL CHECK (item_type IN ('review', 'response')),
    item_id    uuid             NOT NULL,
    -- 'check:<check code>' or 'report:<reason>'
    source     text             NOT NULL CHECK (source ~ '^(check|report):[a-z-]+$'),
    weight     double precision NOT NULL CHECK (weight >= 0),
    -- what was found, in the check's words (kinds of personal data, link hosts, matched list entries); never the user's text
    detail     text             CHECK (length(detail) <= 500),
    report_id  uuid,
    created_at timestamptz      NOT NULL,
    PRIMARY KEY (tenant_id, signal_id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES moderation_case (tenant_id, case_id),
    FOREIGN KEY (tenant_id, report_id) REFERENCES report (tenant_id, report_id)
);
CREATE INDEX moderation_signal_case ON moderation_signal (tenant_id, case_id, created_at);
CREATE INDEX moderation_signal_created ON moderation_signal (tenant_id, created_at);

CREATE TABLE decision (
    tenant_id           bigint      NOT NULL,
    decision_id         uuid        NOT NULL,
    case_id             uuid        NOT NULL,
    target_type         text        NOT NULL CHECK (target_type IN ('review', 'response')),
    target_id           uuid        NOT NULL,
    action              text        NOT NULL CHECK (action IN ('keep', 'remove', 'redact')),
    policy_code         text        NOT NULL,
    policy_version      integer     NOT NULL CHECK (policy_version >= 1),
    statement           text        NOT NULL CHECK (length(statement) BETWEEN 1 AND 5000),
    source              text        NOT NULL CHECK (source IN ('report', 'own-initiative', 'automated-check')),
    automated_detection boolean     NOT NULL,
    automated_decision  boolean     NOT NULL,
    -- the deciding moderator; null for an automated decision, and once the moderator was erased
    decided_by          uuid,
    -- what the decision found: the target's status before, and the version a redaction replaced (to restore it)
    previous_status     text        NOT NULL,
    previous_version    integer,
    -- the review's stars when decided: removal rates by rating for the transparency report
    target_rating       smallint    CHECK (target_rating BETWEEN 1 AND 5),
    decided_at          timestamptz NOT NULL,
    -- the end of the appeal window; equal to decided_at when no appeal is possible
    appeal_until        timestamptz NOT NULL,
    -- set when an appeal overturned it
    overturned_at       timestamptz,
    PRIMARY KEY (tenant_id, decision_id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES moderation_case (tenant_id, case_id),
    FOREIGN KEY (tenant_id, decided_by) REFERENCES party (tenant_id, party_id)
);
CREATE INDEX decision_case ON decision (tenant_id, case_id);
CREATE INDEX decision_target ON decision (tenant_id, target_type, target_id, decided_at);
CREATE INDEX decision_decided ON decision (tenant_id, decided_at);

CREATE TABLE appeal (
    tenant_id           bigint      NOT NULL,
    appeal_id           uuid        NOT NULL,
    decision_id         uuid        NOT NULL,
    -- null once unlinked (erasure, retention)
    appellant_party_id  uuid,
    appellant_role      text        NOT NULL CHECK (appellant_role IN ('author', 'reporter')),
    grounds             text        NOT NULL CHECK (length(grounds) BETWEEN 1 AND 5000),
    status              text        NOT NULL CHECK (status IN ('pending', 'decided')),
    outcome             text        CHECK (outcome IN ('upheld', 'overturned')),
    statement           text        CHECK (length(statement) BETWEEN 1 AND 5000),
    -- null once the deciding moderator was erased
    decided_by          uuid,
    created_at          timestamptz NOT NULL,
    decided_at          timestamptz,
    PRIMARY KEY (tenant_id, appeal_id),
    FOREIGN KEY (tenant_id, decision_id) REFERENCES decision (tenant_id, decision_id),
    FOREIGN KEY (tenant_id, appellant_party_id) REFERENCES party (tenant_id, party_id),
    FOREIGN KEY (tenant_id, decided_by) REFERENCES party (tenant_id, party_id),
    CHECK ((status = 'decided') = (outcome IS NOT NULL AND decided_at IS NOT NULL AND statement IS NOT NULL))
);
CREATE UNIQUE INDEX appeal_once_per_party ON appeal (tenant_id, decision_id, appellant_party_id);
CREATE INDEX appeal_queue ON appeal (tenant_id, status, created_at, appeal_id);
CREATE INDEX appeal_appellant ON appeal (tenant_id, appellant_party_id, created_at DESC, appeal_id DESC) WHERE appellant_party_id IS NOT NULL;
CREATE INDEX appeal_decision ON appeal (tenant_id, decision_id);

-- A statement of reasons as its recipient received it: the notice document is kept as sent.
CREATE TABLE notice (
    tenant_id          bigint      NOT NULL,
    notice_id          uuid        NOT NULL,
    decision_id        uuid        NOT NULL,
    appeal_id          uuid,
    -- null once unlinked (erasure, retention)
    recipient_party_id uuid,
    recipient_role     text        NOT NULL CHECK (recipient_role IN ('author', 'reporter')),
    -- the notice as API.md defines it; it names parties by role only
    content            jsonb       NOT NULL,
    created_at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, notice_id),
    FOREIGN KEY (tenant_id, decision_id) REFERENCES decision (tenant_id, decision_id),
    FOREIGN KEY (tenant_id, appeal_id) REFERENCES appeal (tenant_id, appeal_id),
    FOREIGN KEY (tenant_id, recipient_party_id) REFERENCES party (tenant_id, party_id)
);
CREATE INDEX notice_recipient ON notice (tenant_id, recipient_party_id, created_at DESC, notice_id DESC) WHERE recipient_party_id IS NOT NULL;
CREATE INDEX notice_decision ON notice (tenant_id, decision_id);

-- Audit: one hash function for appending and verifying, so the two can never disagree ------------------
CREATE FUNCTION audit_entry_hash(p_prev bytea, p_seq bigint, p_at timestamptz, p_role text, p_handle text, p_action text,
                                 p_target_type text, p_target_id text, p_data text) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sha256(p_prev || convert_to(concat_ws(E'\n', p_seq::text, (extract(epoch FROM p_at) * 1000000)::bigint::text, p_role,
                  coalesce(p_handle, ''), p_action, p_target_type, p_target_id, p_data), 'UTF8'))
$$;

CREATE OR REPLACE FUNCTION audit_append(p_tenant bigint, p_at timestamptz, p_role text, p_handle text, p_action text,
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
    v_hash := audit_entry_hash(v_prev, v_seq, p_at, p_role, p_handle, p_action, p_target_type, p_target_id, p_data);
    INSERT INTO audit_entry (tenant_id, seq, at, actor_role, actor_handle, action, target_type, target_id, data, prev_hash, hash)
    VALUES (p_tenant, v_seq, p_at, p_role, p_handle, p_action, p_target_type, p_target_id, p_data, v_prev, v_hash);
    UPDATE audit_head SET seq = v_seq, hash = v_hash WHERE tenant_id = p_tenant;
    RETURN v_seq;
END;
$$;

-- The transparency report counts reviews as they were submitted, from the log that nothing rewrites.
CREATE INDEX audit_entry_action ON audit_entry (tenant_id, action, at);
