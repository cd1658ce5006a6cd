//! The SQL the SQLite writer runs inside its open `BEGIN IMMEDIATE` transaction, which holds
//! SQLite's write lock, so a read followed by a write here cannot race. Each statement is a
//! round trip to the connection's thread, so a run of inserts looks up all its idempotency
//! keys in one `SELECT`, inserts all its quotes in one `INSERT` and records all its keys in
//! another, whatever its length (up to [`MAX_ROWS`] rows a statement).

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use sqlx::query::Query;
use sqlx::sqlite::{Sqlite, SqliteArguments};
use sqlx::{Row, SqliteConnection};

use crate::gfe::IssuedEstimate;
use crate::quoting::{NewQuote, QuoteId};
use crate::storage::quotes::columns::{
    Dialect, ESTIMATES, KEYS, QUOTES, Value, estimate_record, estimate_values, insert_sql, key_row,
    key_values, quote_values,
};
use crate::storage::quotes::keys::{Decision, KeyRow, decide};
use crate::storage::quotes::vocab::{Claim, KeyTaken, StoreError, corrupt};
use crate::storage::webhooks::outbox::enqueue_sqlite;
use crate::webhooks::event::events_of_new_quote;

/// The most rows one statement carries; a longer run takes several statements. This bounds
/// the SQL variables of a statement (12 a quote) and how many statements the writer caches.
pub(super) const MAX_ROWS: usize = 64;

/// A quote to store, with the key it was claimed under, if any.
pub(super) struct Insert {
    pub quote: NewQuote,
    pub claim: Option<Claim>,
}

/// A stored instant: Unix milliseconds, UTC.
pub(super) fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// An instant read back from a column of Unix milliseconds.
pub(super) fn time(column: &str, ms: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| corrupt(column, format!("{ms} is not a time")))
}

/// `query` with `value` bound, as SQLite stores it.
pub(super) fn bind<'q>(
    query: Query<'q, Sqlite, SqliteArguments>,
    value: Value<'q>,
) -> Query<'q, Sqlite, SqliteArguments> {
    match value {
        Value::Text(text) => query.bind(text),
        Value::Time(t) => query.bind(millis(t)),
        Value::Int(n) => query.bind(n),
        Value::Json(text) => query.bind(text),
    }
}

/// Stores `inserts`, in order, inside the open transaction: each one whose key is new or
/// abandoned (or that has none) is stored (`None`); one whose key exists otherwise stores
/// nothing and says why. Keys must be distinct. An error means none of them was applied
/// fully: the caller rolls back to a savepoint taken before.
pub(super) async fn apply(
    conn: &mut SqliteConnection,
    inserts: &[&Insert],
) -> Result<Vec<Option<KeyTaken>>, StoreError> {
    let claims: Vec<&Claim> = inserts.iter().filter_map(|i| i.claim.as_ref()).collect();
    let mut found = find_keys(conn, &claims).await?;
    let mut outcomes = Vec::with_capacity(inserts.len());
    let mut writes = Vec::with_capacity(inserts.len());
    for insert in inserts {
        let existing = insert.claim.as_ref().and_then(|claim| {
            let at = found
                .iter()
                .position(|(scope, key, _)| *scope == claim.scope && key == claim.key.as_str())?;
            Some((claim, found.swap_remove(at).2))
        });
        let taken = match existing {
            None => None,
            Some((claim, row)) => {
                match decide(row, &claim.fingerprint, claim.now, claim.lock_timeout) {
                    Decision::Taken(taken) => Some(taken),
                    Decision::TakeOver => None,
                }
            }
        };
        if taken.is_none() {
            writes.push(*insert);
        }
        outcomes.push(taken);
    }
    for w in &writes {
        if let Some(old) = &w.quote.replaces {
            check_supersedable(conn, old).await?;
        }
    }
    insert_quotes(conn, writes.iter().map(|w| &w.quote)).await?;
    for w in &writes {
        if let Some(old) = &w.quote.replaces {
            insert_supersession(conn, old, &w.quote.id, w.quote.created_at).await?;
        }
        // The outbox: the quote's webhooks are committed with it, or not at all.
        for event in events_of_new_quote(&w.quote) {
            enqueue_sqlite(conn, &event, w.quote.created_at).await?;
        }
    }
    let keys: Vec<(&Claim, &QuoteId)> = writes
        .iter()
        .filter_map(|w| w.claim.as_ref().map(|claim| (claim, &w.quote.id)))
        .collect();
    record_keys(conn, &keys).await?;
    Ok(outcomes)
}

/// The key row `claim` names, read without taking the write lock.
pub(super) async fn find_key<'c>(
    conn: impl sqlx::SqliteExecutor<'c>,
    claim: &Claim,
) -> Result<Option<KeyRow>, StoreError> {
    static SQL: OnceLock<String> = OnceLock::new();
    let sql =
        SQL.get_or_init(|| crate::storage::quotes::columns::select_key_sql(Dialect::Sqlite, false));
    let found = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(&claim.scope)
        .bind(claim.key.as_str())
        .fetch_optional(conn)
        .await?;
    found
        .map(|r| {
            key_row(
                r.try_get("fingerprint")?,
                time("locked_at", r.try_get("locked_at")?)?,
                r.try_get("quote_id")?,
            )
        })
        .transpose()
}

/// `(scope, key, row)` of each claimed key that exists.
async fn find_keys(
    conn: &mut SqliteConnection,
    claims: &[&Claim],
) -> Result<Vec<(String, String, KeyRow)>, StoreError> {
    let mut found = Vec::new();
    for chunk in claims.chunks(MAX_ROWS) {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(find_keys_sql(chunk.len())));
        for claim in chunk {
            query = query.bind(&claim.scope).bind(claim.key.as_str());
        }
        for r in query.fetch_all(&mut *conn).await? {
            let row = key_row(
                r.try_get("fingerprint")?,
                time("locked_at", r.try_get("locked_at")?)?,
                r.try_get("quote_id")?,
            )?;
            found.push((r.try_get("scope")?, r.try_get("idempotency_key")?, row));
        }
    }
    Ok(found)
}

/// Inserts the quotes' rows.
async fn insert_quotes<'q>(
    conn: &mut SqliteConnection,
    quotes: impl Iterator<Item = &'q NewQuote>,
) -> Result<(), StoreError> {
    let quotes: Vec<&NewQuote> = quotes.collect();
    for chunk in quotes.chunks(MAX_ROWS) {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(insert_quotes_sql(chunk.len())));
        for q in chunk {
            for value in quote_values(q) {
                query = bind(query, value);
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Writes each claimed key, answered by its quote; a key row already there (one abandoned by
/// its holder) is overwritten.
async fn record_keys(
    conn: &mut SqliteConnection,
    keys: &[(&Claim, &QuoteId)],
) -> Result<(), StoreError> {
    for chunk in keys.chunks(MAX_ROWS) {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(record_keys_sql(chunk.len())));
        for (claim, quote) in chunk {
            for value in key_values(claim, Some(quote)) {
                query = bind(query, value);
            }
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// Refuses to replace a quote that does not exist or was replaced already.
async fn check_supersedable(conn: &mut SqliteConnection, id: &QuoteId) -> Result<(), StoreError> {
    let row = sqlx::query(
        "SELECT EXISTS (SELECT 1 FROM quotes WHERE id = ?1) AS found, \
                EXISTS (SELECT 1 FROM quote_supersessions WHERE quote_id = ?1) AS superseded",
    )
    .bind(id.as_str())
    .fetch_one(&mut *conn)
    .await?;
    let field = "replaces";
    match (row.try_get("found")?, row.try_get("superseded")?) {
        (false, _) => Err(StoreError::UnknownQuote {
            field,
            id: id.clone(),
        }),
        (true, true) => Err(StoreError::AlreadySuperseded {
            field,
            id: id.clone(),
        }),
        (true, false) => Ok(()),
    }
}

async fn insert_supersession(
    conn: &mut SqliteConnection,
    id: &QuoteId,
    by: &QuoteId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO quote_supersessions (quote_id, superseded_by, superseded_at) \
         VALUES (?, ?, ?)",
    )
    .bind(id.as_str())
    .bind(by.as_str())
    .bind(millis(at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Forgets keys created before `before`; returns how many.
pub(super) async fn purge(
    conn: &mut SqliteConnection,
    before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let gone = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < ?")
        .bind(millis(before))
        .execute(&mut *conn)
        .await?;
    Ok(gone.rows_affected())
}

/// The SQL for 1 to [`MAX_ROWS`] rows, each length built once and kept, so the statement
/// text is the same every time and the connection's prepared statement is reused.
fn per_length(
    cache: &'static OnceLock<Vec<String>>,
    build: impl Fn(usize) -> String,
    rows: usize,
) -> &'static str {
    &cache.get_or_init(|| (1..=MAX_ROWS).map(build).collect())[rows - 1]
}

pub(super) fn find_keys_sql(rows: usize) -> &'static str {
    static SQL: OnceLock<Vec<String>> = OnceLock::new();
    // The wanted keys drive the loop (CROSS JOIN keeps that order), each found through the
    // primary key.
    per_length(
        &SQL,
        |n| {
            let wanted = vec!["(?, ?)"; n].join(", ");
            format!(
                "SELECT k.scope AS scope, k.idempotency_key AS idempotency_key, \
                        k.fingerprint AS fingerprint, k.locked_at AS locked_at, \
                        k.quote_id AS quote_id \
                 FROM (VALUES {wanted}) AS wanted CROSS JOIN idempotency_keys AS k \
                 ON k.scope = wanted.column1 AND k.idempotency_key = wanted.column2"
            )
        },
        rows,
    )
}

pub(super) fn insert_quotes_sql(rows: usize) -> &'static str {
    static SQL: OnceLock<Vec<String>> = OnceLock::new();
    per_length(
        &SQL,
        |n| insert_sql(Dialect::Sqlite, "quotes", &QUOTES, n, ""),
        rows,
    )
}

pub(super) fn record_keys_sql(rows: usize) -> &'static str {
    static SQL: OnceLock<Vec<String>> = OnceLock::new();
    per_length(
        &SQL,
        |n| {
            // Every column but the two of the primary key takes the new row's value.
            let update: Vec<String> = KEYS[2..]
                .iter()
                .map(|(name, _)| format!("{name} = excluded.{name}"))
                .collect();
            let tail = format!(
                " ON CONFLICT (scope, idempotency_key) DO UPDATE SET {}",
                update.join(", ")
            );
            insert_sql(Dialect::Sqlite, "idempotency_keys", &KEYS, n, &tail)
        },
        rows,
    )
}

#[cfg(test)]
mod tests;

/// Stores an issued Good Faith Estimate inside the open transaction.
pub(super) async fn record_estimate(
    conn: &mut SqliteConnection,
    estimate: &IssuedEstimate,
) -> Result<(), StoreError> {
    static SQL: OnceLock<String> = OnceLock::new();
    let sql =
        SQL.get_or_init(|| insert_sql(Dialect::Sqlite, "good_faith_estimates", &ESTIMATES, 1, ""));
    let record = estimate_record(estimate)?;
    let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()));
    for value in estimate_values(estimate, &record) {
        insert = bind(insert, value);
    }
    insert.execute(&mut *conn).await?;
    Ok(())
}
