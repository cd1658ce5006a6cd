-- An idempotency key is answered by the quote it stored: a retry reads that quote again, so
-- the key no longer keeps a copy of the response. quote_id is NULL while the first request
-- holds the key (lease names the holder).
ALTER TABLE idempotency_keys DROP COLUMN response_status;
ALTER TABLE idempotency_keys DROP COLUMN response_body;
