-- Centers an account manages, and the price lists they publish.
--
-- owned_centers: a center created by an account (POST /v1/centers), or an operator's directory
-- center once its account has edited or retired it (the row then hides the directory's copy).
-- center is the center as the service answers it (JSON); retired_at is set when it is retired:
-- the row is kept for the quotes that name it. Times are milliseconds since the Unix epoch.
CREATE TABLE owned_centers (
    id             TEXT    NOT NULL PRIMARY KEY,
    account        TEXT    NOT NULL,
    center         TEXT    NOT NULL CHECK (json_valid(center)),
    created_by_key TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    retired_at     INTEGER
) STRICT;

-- Every version of every center's price list. A row is never updated or deleted: a new price
-- list is a new version. content is the list as published (JSON).
CREATE TABLE price_list_versions (
    center_id      TEXT    NOT NULL,
    version        INTEGER NOT NULL CHECK (version >= 1),
    effective_from INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    created_by_key TEXT    NOT NULL,
    account        TEXT    NOT NULL,
    content        TEXT    NOT NULL CHECK (json_valid(content)),
    PRIMARY KEY (center_id, version)
) STRICT;

CREATE TRIGGER price_list_versions_are_immutable BEFORE UPDATE ON price_list_versions
BEGIN
    SELECT RAISE(ABORT, 'price list versions are immutable');
END;

CREATE TRIGGER price_list_versions_are_kept BEFORE DELETE ON price_list_versions
BEGIN
    SELECT RAISE(ABORT, 'price list versions are kept');
END;

-- One row per center write, in commit order: every replica polls the highest seq and reloads
-- its view of owned centers and price lists when it moves.
CREATE TABLE center_changes (
    seq        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    center_id  TEXT    NOT NULL,
    changed_at INTEGER NOT NULL
);
