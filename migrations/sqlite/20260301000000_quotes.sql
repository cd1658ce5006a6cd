-- Quotes, their supersessions and idempotency keys. Times are Unix milliseconds (UTC);
-- JSON is stored as the exact text the service wrote.

-- One row per acknowledged quote. Rows are never updated (the trigger below refuses it):
-- what a lender was shown stays what is stored.
CREATE TABLE quotes (
    id                  TEXT    NOT NULL PRIMARY KEY,
    created_at          INTEGER NOT NULL,
    expires_at          INTEGER NOT NULL,
    replaces            TEXT    REFERENCES quotes (id),
    owner_key_id        TEXT,
    price_book_version  TEXT    NOT NULL,
    therapy             TEXT    NOT NULL,
    total_low_cents     INTEGER NOT NULL CHECK (total_low_cents >= 0),
    total_typical_cents INTEGER NOT NULL CHECK (total_typical_cents >= total_low_cents),
    total_high_cents    INTEGER NOT NULL CHECK (total_high_cents >= total_typical_cents),
    snapshot            TEXT    NOT NULL CHECK (json_valid(snapshot)),
    CHECK (expires_at > created_at)
) STRICT;

CREATE INDEX quotes_by_owner ON quotes (owner_key_id, created_at);

CREATE TRIGGER quotes_are_immutable BEFORE UPDATE ON quotes
BEGIN
    SELECT RAISE(ABORT, 'quotes are immutable');
END;

-- A quote replaced by a later one. Kept apart so the quote row itself never changes.
CREATE TABLE quote_supersessions (
    quote_id      TEXT    NOT NULL PRIMARY KEY REFERENCES quotes (id),
    superseded_by TEXT    NOT NULL REFERENCES quotes (id),
    superseded_at INTEGER NOT NULL,
    CHECK (superseded_by <> quote_id)
) STRICT;

-- Idempotency-Key rows, scoped to the caller. response_status is NULL while the first
-- request holds the key (lease names the holder); set once it completed.
CREATE TABLE idempotency_keys (
    scope           TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    fingerprint     TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    locked_at       INTEGER NOT NULL,
    lease           TEXT    NOT NULL,
    response_status INTEGER,
    response_body   TEXT    CHECK (response_body IS NULL OR json_valid(response_body)),
    quote_id        TEXT    REFERENCES quotes (id),
    PRIMARY KEY (scope, idempotency_key)
) STRICT;

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
