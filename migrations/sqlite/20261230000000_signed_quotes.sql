-- Each quote's compact JWS, made when it is issued: what a lender verifies offline against the
-- published keys. Quotes stored before quotes were signed have none (NULL); rows are never
-- updated, so they are not backfilled.
ALTER TABLE quotes ADD COLUMN signed_quote TEXT;
