-- Incentive disclosure (issue #14): whether the author of a review received something for it.
-- The author declares it; a marketplace that gave something declares it on the transaction, and then the
-- author cannot take it back. none | free_product | discount | payment.

-- What the marketplace gave the buyer of this transaction for reviewing it; NULL = it declared nothing.
ALTER TABLE completed_transaction
    ADD COLUMN incentive text CHECK (incentive IN ('none', 'free_product', 'discount', 'payment'));

-- What the review discloses, and who declared it (the author, or the marketplace on the transaction).
ALTER TABLE review
    ADD COLUMN incentive text NOT NULL DEFAULT 'none' CHECK (incentive IN ('none', 'free_product', 'discount', 'payment')),
    ADD COLUMN incentive_declared_by text NOT NULL DEFAULT 'author' CHECK (incentive_declared_by IN ('author', 'marketplace'));

-- Published, verified, incentivised reviews of the subject, whether the tenant's policy counts them in the
-- averages or not (the summary says which).
ALTER TABLE summary
    ADD COLUMN incentivized_count integer NOT NULL DEFAULT 0 CHECK (incentivized_count >= 0);
