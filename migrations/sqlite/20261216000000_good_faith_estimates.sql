-- Good Faith Estimates as issued: what a bill is checked against. A row holds the estimate's
-- id, its quote, when it was issued and each provider's expected charges (record, the JSON the
-- service wrote); never the patient's name, date of birth or diagnoses. Rows are never updated.
CREATE TABLE good_faith_estimates (
    id        TEXT    NOT NULL PRIMARY KEY,
    quote_id  TEXT    NOT NULL REFERENCES quotes (id),
    issued_at INTEGER NOT NULL,
    record    TEXT    NOT NULL CHECK (json_valid(record))
) STRICT;

CREATE INDEX good_faith_estimates_by_quote ON good_faith_estimates (quote_id);

CREATE TRIGGER good_faith_estimates_are_immutable BEFORE UPDATE ON good_faith_estimates
BEGIN
    SELECT RAISE(ABORT, 'good faith estimates are immutable');
END;
