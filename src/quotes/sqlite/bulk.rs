//! Creating many quotes in a few statements. Each statement is a round trip to the
//! connection's thread, so a run of creates looks up all its idempotency keys in one `SELECT`,
//! inserts all its quotes in one `INSERT` and records all its keys in another, whatever its
//! length (up to [`MAX_ROWS`] rows a statement).

use std::sync::OnceLock;

use sqlx::{Row, SqliteConnection};

use super::{millis, ops, time};
use crate::quotes::idempotency::{IdempotentCreate, decide};
use crate::quotes::row::IdempotencyRow;
use crate::quotes::store::{CREATED, Claim};
use crate::quotes::{JsonText, PreparedQuote, StoreError};

/// The most rows one statement carries; a longer run takes several statements. This bounds
/// the SQL variables of a statement (11 a quote) and how many statements the writer caches.
pub(super) const MAX_ROWS: usize = 64;

/// A quote to create, with the key to claim and the 201 to record when it is created under an
/// idempotency key.
pub(super) struct Insert {
    pub quote: PreparedQuote,
    pub once: Option<(Claim, JsonText)>,
}

/// Creates `inserts`, in order, inside the open transaction: each one whose key is new or
/// abandoned is stored (`Stored`); one whose key exists otherwise stores nothing and says
/// why. Keys must be distinct. An error means none of them was applied fully: the caller rolls
/// back to a savepoint taken before.
pub(super) async fn apply(
    conn: &mut SqliteConnection,
    inserts: &[&Insert],
) -> Result<Vec<IdempotentCreate>, StoreError> {
    let claims: Vec<&Claim> = inserts
        .iter()
        .filter_map(|i| i.once.as_ref().map(|(claim, _)| claim))
        .collect();
    let mut found = find_keys(conn, &claims).await?;
    let mut outcomes = Vec::with_capacity(inserts.len());
    let mut writes = Vec::with_capacity(inserts.len());
    for insert in inserts {
        let existing = insert.once.as_ref().and_then(|(claim, _)| {
            let at = found.iter().position(|(scope, key, _)| {
                *scope == claim.ticket.scope && key == claim.ticket.key.as_str()
            })?;
            Some((claim, found.swap_remove(at).2))
        });
        let taken = match existing {
            None => None,
            Some((claim, row)) => decide(
                row.into_key_row()?,
                &claim.fingerprint,
                claim.now,
                claim.lock_timeout,
            )
            .taken(),
        };
        let outcome = taken.map_or(IdempotentCreate::Stored, IdempotentCreate::Taken);
        if outcome == IdempotentCreate::Stored {
            writes.push(*insert);
        }
        outcomes.push(outcome);
    }
    for w in &writes {
        if let Some(old) = &w.quote.replaces {
            ops::check_supersedable(conn, "replaces", old).await?;
        }
    }
    insert_quotes(conn, writes.iter().map(|w| &w.quote)).await?;
    for w in &writes {
        if let Some(old) = &w.quote.replaces {
            ops::insert_supersession(conn, old, &w.quote.id, w.quote.created_at).await?;
        }
    }
    let keys: Vec<_> = writes
        .iter()
        .filter_map(|w| w.once.as_ref().map(|(claim, body)| (claim, body, &w.quote)))
        .collect();
    record_keys(conn, &keys).await?;
    Ok(outcomes)
}

/// `(scope, key, row)` of each claimed key that exists.
async fn find_keys(
    conn: &mut SqliteConnection,
    claims: &[&Claim],
) -> Result<Vec<(String, String, IdempotencyRow)>, StoreError> {
    let mut found = Vec::new();
    for chunk in claims.chunks(MAX_ROWS) {
        let mut query = sqlx::query(find_keys_sql(chunk.len()));
        for claim in chunk {
            query = query
                .bind(&claim.ticket.scope)
                .bind(claim.ticket.key.as_str());
        }
        for r in query.fetch_all(&mut *conn).await? {
            let row = IdempotencyRow {
                fingerprint: r.try_get("fingerprint")?,
                locked_at: time("locked_at", r.try_get("locked_at")?)?,
                response_status: r.try_get("response_status")?,
                response_body: r.try_get("response_body")?,
                quote_id: r.try_get("quote_id")?,
            };
            found.push((r.try_get("scope")?, r.try_get("idempotency_key")?, row));
        }
    }
    Ok(found)
}

/// Inserts the quotes' rows.
pub(super) async fn insert_quotes<'q>(
    conn: &mut SqliteConnection,
    quotes: impl ExactSizeIterator<Item = &'q PreparedQuote>,
) -> Result<(), StoreError> {
    let quotes: Vec<_> = quotes.collect();
    for chunk in quotes.chunks(MAX_ROWS) {
        let mut query = sqlx::query(insert_quotes_sql(chunk.len()));
        for q in chunk {
            let [low, typical, high] = q.total.as_stored();
            query = query
                .bind(q.id.as_str())
                .bind(millis(q.created_at))
                .bind(millis(q.expires_at))
                .bind(q.replaces.as_ref().map(|r| r.as_str()))
                .bind(q.owner_key_id.as_ref().map(|k| k.as_str()))
                .bind(&q.price_book_version)
                .bind(q.therapy.as_str())
                .bind(low)
                .bind(typical)
                .bind(high)
                .bind(q.snapshot.as_str());
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Writes each claimed key, completed with its quote's 201; a key row already there (one
/// abandoned by its holder) is overwritten.
async fn record_keys(
    conn: &mut SqliteConnection,
    keys: &[(&Claim, &JsonText, &PreparedQuote)],
) -> Result<(), StoreError> {
    for chunk in keys.chunks(MAX_ROWS) {
        let mut query = sqlx::query(record_keys_sql(chunk.len()));
        for (claim, body, quote) in chunk {
            query = query
                .bind(&claim.ticket.scope)
                .bind(claim.ticket.key.as_str())
                .bind(claim.fingerprint.as_str())
                .bind(millis(claim.now))
                .bind(millis(quote.created_at))
                .bind(&claim.ticket.lease)
                .bind(i64::from(CREATED))
                .bind(body.as_str())
                .bind(quote.id.as_str());
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The SQL for `rows` rows (1 to [`MAX_ROWS`]): `head`, then `rows` groups of `width` `?`.
/// Each length is built once and kept, so the statement text is the same every time and the
/// connection's prepared statement is reused.
fn rows_sql(
    cache: &'static OnceLock<Vec<String>>,
    head: &str,
    width: usize,
    tail: &str,
    rows: usize,
) -> &'static str {
    let all = cache.get_or_init(|| {
        (1..=MAX_ROWS)
            .map(|n| {
                let group = format!("({})", vec!["?"; width].join(", "));
                format!("{head}{}{tail}", vec![group; n].join(", "))
            })
            .collect()
    });
    &all[rows - 1]
}

fn find_keys_sql(rows: usize) -> &'static str {
    static SQL: OnceLock<Vec<String>> = OnceLock::new();
    // The wanted keys drive the loop (CROSS JOIN keeps that order), each found through the
    // primary key.
    rows_sql(
        &SQL,
        "SELECT k.scope AS scope, k.idempotency_key AS idempotency_key, \
                k.fingerprint AS fingerprint, k.locked_at AS locked_at, \
                k.response_status AS response_status, k.response_body AS response_body, \
                k.quote_id AS quote_id \
         FROM (VALUES ",
        2,
        ") AS wanted CROSS JOIN idempotency_keys AS k \
         ON k.scope = wanted.column1 AND k.idempotency_key = wanted.column2",
        rows,
    )
}

fn insert_quotes_sql(rows: usize) -> &'static str {
    static SQL: OnceLock<Vec<String>> = OnceLock::new();
    rows_sql(
        &SQL,
        "INSERT INTO quotes (id, created_at, expires_at, replaces, owner_key_id, \
             price_book_version, therapy, total_low_cents, total_typical_cents, \
             total_high_cents, snapshot) VALUES ",
        11,
        "",
        rows,
    )
}

fn record_keys_sql(rows: usize) -> &'static str {
    static SQL: OnceLock<Vec<String>> = OnceLock::new();
    rows_sql(
        &SQL,
        "INSERT INTO idempotency_keys (scope, idempotency_key, fingerprint, created_at, \
             locked_at, lease, response_status, response_body, quote_id) VALUES ",
        9,
        " ON CONFLICT (scope, idempotency_key) DO UPDATE SET \
             fingerprint = excluded.fingerprint, created_at = excluded.created_at, \
             locked_at = excluded.locked_at, lease = excluded.lease, \
             response_status = excluded.response_status, \
             response_body = excluded.response_body, quote_id = excluded.quote_id",
        rows,
    )
}

#[cfg(test)]
mod tests;
