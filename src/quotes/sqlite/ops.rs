//! The SQL of each write, run by the writer inside its open `BEGIN IMMEDIATE` transaction.
//! That transaction holds SQLite's write lock, so a read followed by a write here cannot race.

use chrono::{DateTime, TimeDelta, Utc};
use sqlx::{Row, SqliteConnection};

use super::{bulk, millis, time};
use crate::quotes::idempotency::{
    Begin, Decision, Fingerprint, IdempotencyTicket, Recorded, decide,
};
use crate::quotes::row::IdempotencyRow;
use crate::quotes::{PreparedQuote, QuoteId, StoreError};

/// Stores a quote and completes the key `completion` names, if this request still holds it.
pub(super) async fn create(
    conn: &mut SqliteConnection,
    q: &PreparedQuote,
    completion: Option<&Recorded>,
) -> Result<(), StoreError> {
    if let Some(old) = &q.replaces {
        check_supersedable(conn, "replaces", old).await?;
    }
    bulk::insert_quotes(conn, std::iter::once(q)).await?;
    if let Some(old) = &q.replaces {
        insert_supersession(conn, old, &q.id, q.created_at).await?;
    }
    if let Some(c) = completion {
        complete(conn, c, &q.id, q.created_at).await?;
    }
    Ok(())
}

pub(super) async fn supersede(
    conn: &mut SqliteConnection,
    id: &QuoteId,
    by: &QuoteId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    check_supersedable(conn, "id", id).await?;
    let (by_exists, _) = quote_state(conn, by).await?;
    if !by_exists {
        return Err(StoreError::UnknownQuote {
            field: "superseded_by",
            id: by.clone(),
        });
    }
    insert_supersession(conn, id, by, at).await
}

/// Whether quote `id` exists and whether it is superseded already.
async fn quote_state(
    conn: &mut SqliteConnection,
    id: &QuoteId,
) -> Result<(bool, bool), StoreError> {
    let row = sqlx::query(
        "SELECT EXISTS (SELECT 1 FROM quotes WHERE id = ?1) AS found, \
                EXISTS (SELECT 1 FROM quote_supersessions WHERE quote_id = ?1) AS superseded",
    )
    .bind(id.as_str())
    .fetch_one(&mut *conn)
    .await?;
    Ok((row.try_get("found")?, row.try_get("superseded")?))
}

pub(super) async fn check_supersedable(
    conn: &mut SqliteConnection,
    field: &'static str,
    id: &QuoteId,
) -> Result<(), StoreError> {
    match quote_state(conn, id).await? {
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

pub(super) async fn insert_supersession(
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

/// Records the response under the key, if this request still holds it.
async fn complete(
    conn: &mut SqliteConnection,
    c: &Recorded,
    quote: &QuoteId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE idempotency_keys \
         SET response_status = ?, response_body = ?, quote_id = ?, locked_at = ? \
         WHERE scope = ? AND idempotency_key = ? AND lease = ? AND response_status IS NULL",
    )
    .bind(i64::from(c.status))
    .bind(c.body.as_str())
    .bind(quote.as_str())
    .bind(millis(at))
    .bind(&c.ticket.scope)
    .bind(c.ticket.key.as_str())
    .bind(&c.ticket.lease)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StoreError::LeaseLost)
    }
}

pub(super) async fn begin(
    conn: &mut SqliteConnection,
    ticket: IdempotencyTicket,
    fingerprint: &Fingerprint,
    now: DateTime<Utc>,
    lock_timeout: TimeDelta,
) -> Result<Begin, StoreError> {
    let found = sqlx::query(
        "SELECT fingerprint, locked_at, response_status, response_body, quote_id \
         FROM idempotency_keys WHERE scope = ? AND idempotency_key = ?",
    )
    .bind(&ticket.scope)
    .bind(ticket.key.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(r) = found {
        let row = IdempotencyRow {
            fingerprint: r.try_get("fingerprint")?,
            locked_at: time("locked_at", r.try_get("locked_at")?)?,
            response_status: r.try_get("response_status")?,
            response_body: r.try_get("response_body")?,
            quote_id: r.try_get("quote_id")?,
        };
        match decide(row.into_key_row()?, fingerprint, now, lock_timeout) {
            Decision::Replay(response) => return Ok(Begin::Replay(response)),
            Decision::Mismatch => return Ok(Begin::Mismatch),
            Decision::InProgress => return Ok(Begin::InProgress),
            Decision::TakeOver => {}
        }
    }
    // New, or taking over an abandoned key: either way this request now holds it afresh.
    sqlx::query(
        "INSERT INTO idempotency_keys \
             (scope, idempotency_key, fingerprint, created_at, locked_at, lease) \
         VALUES (?1, ?2, ?3, ?4, ?4, ?5) \
         ON CONFLICT (scope, idempotency_key) DO UPDATE SET \
             fingerprint = excluded.fingerprint, created_at = excluded.created_at, \
             locked_at = excluded.locked_at, lease = excluded.lease",
    )
    .bind(&ticket.scope)
    .bind(ticket.key.as_str())
    .bind(fingerprint.as_str())
    .bind(millis(now))
    .bind(&ticket.lease)
    .execute(&mut *conn)
    .await?;
    Ok(Begin::New(ticket))
}

pub(super) async fn release(
    conn: &mut SqliteConnection,
    ticket: &IdempotencyTicket,
) -> Result<(), StoreError> {
    sqlx::query(
        "DELETE FROM idempotency_keys \
         WHERE scope = ? AND idempotency_key = ? AND lease = ? AND response_status IS NULL",
    )
    .bind(&ticket.scope)
    .bind(ticket.key.as_str())
    .bind(&ticket.lease)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

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
