-- Webhooks to the endpoints accounts register (Standard Webhooks 1.0). Times are Unix
-- milliseconds (UTC), in both databases, so that both run the same statements.

-- A receiver an account registered. `events` lists the event types it takes, each between
-- spaces (` quote.created quote.expired `), so a type is matched with LIKE '% type %'.
-- `secret` is the signing secret as given to the account (whsec_…): the service needs it to
-- sign, so it is stored as it is; whoever reads this table can forge webhooks, and the operator
-- protects the database accordingly. `previous_secret` keeps signing beside it until
-- `previous_until` after a rotation. `every_account` is set for an endpoint registered with a
-- key that reads any quote (a financing partner): it receives every account's events.
CREATE TABLE webhook_endpoints (
    id              TEXT    NOT NULL PRIMARY KEY,
    account         TEXT    NOT NULL,
    every_account   INTEGER NOT NULL CHECK (every_account IN (0, 1)),
    url             TEXT    NOT NULL,
    events          TEXT    NOT NULL,
    enabled         INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    disabled_reason TEXT,
    secret          TEXT    NOT NULL,
    previous_secret TEXT,
    previous_until  INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;

CREATE INDEX webhook_endpoints_by_account ON webhook_endpoints (account, created_at);

-- The outbox: one row per event, written in the transaction of the change it reports. `id` is
-- the `webhook-id` every attempt sends; `payload` the exact body. One event of each type per
-- quote, so replicas scanning for expiring quotes cannot write one twice.
CREATE TABLE webhook_events (
    id         TEXT    NOT NULL PRIMARY KEY,
    account    TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    quote_id   TEXT    NOT NULL,
    payload    TEXT    NOT NULL CHECK (json_valid(payload)),
    created_at INTEGER NOT NULL,
    UNIQUE (quote_id, type)
) STRICT;

CREATE INDEX webhook_events_by_type ON webhook_events (type, created_at);

-- One event to one endpoint. status: pending (due at next_attempt_at), delivered, failed (the
-- schedule is spent or the endpoint was disabled). A worker claims a due row by setting
-- claimed_until; a claim older than that is free again (its worker died).
CREATE TABLE webhook_deliveries (
    endpoint_id     TEXT    NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id        TEXT    NOT NULL REFERENCES webhook_events (id),
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    claimed_until   INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, event_id)
) STRICT;

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_id);

-- Every attempt: its answer's status, or the kind of failure (timeout, connect, refused, …),
-- and how long it took. Never the receiver's body.
CREATE TABLE webhook_attempts (
    endpoint_id TEXT    NOT NULL,
    event_id    TEXT    NOT NULL,
    number      INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    status_code INTEGER,
    error       TEXT,
    duration_ms INTEGER NOT NULL,
    PRIMARY KEY (endpoint_id, event_id, number),
    FOREIGN KEY (endpoint_id, event_id)
        REFERENCES webhook_deliveries (endpoint_id, event_id) ON DELETE CASCADE
) STRICT;
