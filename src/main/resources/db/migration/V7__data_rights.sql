-- Data rights (issue #4): erasure of a party and retention of the links between parties and moderation records.
--
-- Erasure deletes what a party wrote at once, with one exception: content a decision was taken on while that
-- decision can still be appealed (or an appeal on it is pending). Such content is unlinked from the party,
-- withdrawn from view and deleted by the retention job once nobody can appeal any more: the moderator who
-- decides a reporter's appeal must still be able to read what was reported.
ALTER TABLE review ALTER COLUMN author_party_id DROP NOT NULL;
ALTER TABLE review ADD COLUMN erase_after timestamptz;
ALTER TABLE review ADD CONSTRAINT review_unlinked_only_for_erasure CHECK (author_party_id IS NOT NULL OR (erase_after IS NOT NULL AND status = 'withdrawn'));
CREATE INDEX review_erase_after ON review (erase_after) WHERE erase_after IS NOT NULL;

ALTER TABLE review_response ALTER COLUMN seller_party_id DROP NOT NULL;
ALTER TABLE review_response ADD COLUMN erase_after timestamptz;
ALTER TABLE review_response ADD CONSTRAINT review_response_unlinked_only_for_erasure
    CHECK (seller_party_id IS NOT NULL OR (erase_after IS NOT NULL AND status = 'withdrawn'));
CREATE INDEX review_response_erase_after ON review_response (erase_after) WHERE erase_after IS NOT NULL;

-- A seller's transactions outlive the seller's erasure: the buyers' reviews stand on them.
ALTER TABLE completed_transaction ALTER COLUMN seller_party_id DROP NOT NULL;

-- The retention job's work lists.
CREATE INDEX moderation_case_closed_at ON moderation_case (closed_at) WHERE status = 'closed';
CREATE INDEX notice_linked ON notice (created_at) WHERE recipient_party_id IS NOT NULL;
CREATE INDEX appeal_decided_linked ON appeal (decided_at) WHERE appellant_party_id IS NOT NULL AND status = 'decided';
