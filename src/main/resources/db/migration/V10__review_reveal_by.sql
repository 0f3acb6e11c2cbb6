-- A sealed review knows when it is revealed at the latest, so review/ finds the due ones in its own table
-- (the reveal job no longer joins review from feedback/). Set when a review is sealed; kept afterwards.
ALTER TABLE review ADD COLUMN reveal_by timestamptz;

UPDATE review r
   SET reveal_by = t.completed_at + make_interval(days => coalesce((tn.policy ->> 'mutualRevealDays')::int, 14))
  FROM completed_transaction t, tenant tn
 WHERE r.status = 'sealed'
   AND t.tenant_id = r.tenant_id AND t.transaction_id = r.transaction_id
   AND tn.tenant_id = r.tenant_id;

-- sealed reviews without a transaction (none are written so, but be safe) are due at once
UPDATE review SET reveal_by = status_changed_at WHERE status = 'sealed' AND reveal_by IS NULL;

CREATE INDEX review_sealed_due ON review (reveal_by) WHERE status = 'sealed';
