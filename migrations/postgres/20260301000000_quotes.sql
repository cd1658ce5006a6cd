-- Quotes, their supersessions and idempotency keys. JSON columns use the json type, which
-- keeps the exact text the service wrote.

-- One row per acknowledged quote. Rows are never updated (the trigger below refuses it):
-- what a lender was shown stays what is stored.
CREATE TABLE quotes (
    id                  TEXT        NOT NULL PRIMARY KEY,
    created_at          TIMESTAMPTZ NOT NULL,
    expires_at          TIMESTAMPTZ NOT NULL,
    replaces            TEXT        REFERENCES quotes (id),
    owner_key_id        TEXT,
    price_book_version  TEXT        NOT NULL,
    therapy             TEXT        NOT NULL,
    total_low_cents     BIGINT      NOT NULL CHECK (total_low_cents >= 0),
    total_typical_cents BIGINT      NOT NULL CHECK (total_typical_cents >= total_low_cents),
    total_high_cents    BIGINT      NOT NULL CHECK (total_high_cents >= total_typical_cents),
    snapshot            JSON        NOT NULL,
    CHECK (expires_at > created_at)
);

CREATE INDEX quotes_by_owner ON quotes (owner_key_id, created_at);

CREATE FUNCTION refuse_quote_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'quotes are immutable';
END;
$$;

CREATE TRIGGER quotes_are_immutable BEFORE UPDATE ON quotes
    FOR EACH ROW EXECUTE FUNCTION refuse_quote_update();

-- A quote replaced by a later one. Kept apart so the quote row itself never changes.
CREATE TABLE quote_supersessions (
    quote_id      TEXT        NOT NULL PRIMARY KEY REFERENCES quotes (id),
    superseded_by TEXT        NOT NULL REFERENCES quotes (id),
    superseded_at TIMESTAMPTZ NOT NULL,
    CHECK (superseded_by <> quote_id)
);

-- Idempotency-Key rows, scoped to the caller. response_status is NULL while the first
-- request holds the key (lease names the holder); set once it completed.
CREATE TABLE idempotency_keys (
    scope           TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    fingerprint     TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    locked_at       TIMESTAMPTZ NOT NULL,
    lease           TEXT        NOT NULL,
    response_status INTEGER,
    response_body   JSON,
    quote_id        TEXT        REFERENCES quotes (id),
    PRIMARY KEY (scope, idempotency_key)
);

CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
