//! Quotes in SQLite. Reads go straight to the pool (WAL lets them run beside a write). Every
//! write goes to one writer task with a connection of its own, which commits all writes
//! waiting at that moment in a single `BEGIN IMMEDIATE` transaction and answers each caller
//! only after the COMMIT returned (group commit).
//!
//! A claimed idempotency key is held in this process; the database is consulted in the
//! transaction that stores the quote, where the key row is written with the quote. Another
//! process sharing the file meets the stored key there.

mod statements;
mod writer;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::sqlite::{SqlitePool, SqliteRow};
use tokio::sync::{mpsc, oneshot};

use statements::{Insert, time};
use writer::{Job, Reply};

use super::backend::Backend;
use super::columns::{Dialect, EstimateRow, QuoteRow, select_estimate_sql, select_quote_sql};
use super::keys::{Decision, decide};
use super::vocab::{Claim, Fingerprint, IdempotencyKey, KeyTaken, StoreError};
use crate::gfe::{EstimateId, IssuedEstimate};
use crate::quoting::{NewQuote, QuoteId, StoredQuote};

/// Writes waiting for the writer; a full queue makes callers wait (back-pressure).
const QUEUE_DEPTH: usize = 4096;

/// The SQLite side of the quote store.
#[derive(Clone)]
pub(crate) struct SqliteQuotes {
    pool: SqlitePool,
    writer: mpsc::Sender<Job>,
    held: HeldKeys,
}

/// Idempotency keys held by this process's requests, with their bodies' fingerprints: from
/// `claim` until the request stored its quote or gave up.
#[derive(Clone, Default)]
struct HeldKeys(Arc<Mutex<HashMap<(String, IdempotencyKey), Fingerprint>>>);

impl HeldKeys {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(String, IdempotencyKey), Fingerprint>> {
        // The map stays consistent whatever panicked while holding it.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// One request's hold on a key; dropping it frees the key.
pub(crate) struct HeldKey {
    keys: HeldKeys,
    key: (String, IdempotencyKey),
}

impl Drop for HeldKey {
    fn drop(&mut self) {
        self.keys.lock().remove(&self.key);
    }
}

impl SqliteQuotes {
    /// Starts the writer task on the current Tokio runtime. It opens its own connection to
    /// the pool's database, with the pool's settings, when the first write arrives.
    pub fn start(pool: SqlitePool) -> SqliteQuotes {
        let (writer, jobs) = mpsc::channel(QUEUE_DEPTH);
        tokio::spawn(writer::run((*pool.connect_options()).clone(), jobs));
        SqliteQuotes {
            pool,
            writer,
            held: HeldKeys::default(),
        }
    }

    /// Hands a job to the writer and waits for its answer, which comes after COMMIT.
    async fn submit<T>(&self, job: impl FnOnce(Reply<T>) -> Job) -> Result<T, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.writer
            .send(job(reply))
            .await
            .map_err(|_| StoreError::WriterStopped)?;
        answer.await.map_err(|_| StoreError::WriterStopped)?
    }
}

impl Backend for SqliteQuotes {
    type Hold = HeldKey;

    async fn claim(&self, claim: &Claim) -> Result<Result<HeldKey, KeyTaken>, StoreError> {
        let key = (claim.scope.clone(), claim.key.clone());
        Ok(match self.held.lock().entry(key.clone()) {
            Entry::Occupied(holder) if *holder.get() == claim.fingerprint => {
                Err(KeyTaken::InProgress)
            }
            Entry::Occupied(_) => Err(KeyTaken::Mismatch),
            Entry::Vacant(free) => {
                free.insert(claim.fingerprint.clone());
                Ok(HeldKey {
                    keys: self.held.clone(),
                    key,
                })
            }
        })
    }

    async fn insert(
        &self,
        quote: NewQuote,
        claim: Option<Claim>,
    ) -> Result<Option<KeyTaken>, StoreError> {
        let insert = Box::new(Insert { quote, claim });
        self.submit(|reply| Job::Insert { insert, reply }).await
    }

    async fn give_up(&self, claim: Claim) -> Result<Option<KeyTaken>, StoreError> {
        // The hold was only in this process; the database holds what the key said before.
        let Some(row) = statements::find_key(&self.pool, &claim).await? else {
            return Ok(None);
        };
        Ok(
            match decide(row, &claim.fingerprint, claim.now, claim.lock_timeout) {
                Decision::Taken(taken) => Some(taken),
                Decision::TakeOver => None,
            },
        )
    }

    async fn get(&self, id: &QuoteId) -> Result<Option<StoredQuote>, StoreError> {
        static SQL: OnceLock<String> = OnceLock::new();
        let sql = SQL.get_or_init(|| select_quote_sql(Dialect::Sqlite));
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| quote_row(&r)?.into_stored()).transpose()
    }

    async fn purge(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        self.submit(|reply| Job::Purge { before, reply }).await
    }

    async fn record_estimate(&self, estimate: IssuedEstimate) -> Result<(), StoreError> {
        let estimate = Box::new(estimate);
        self.submit(|reply| Job::RecordEstimate { estimate, reply })
            .await
    }

    async fn estimate(&self, id: &EstimateId) -> Result<Option<IssuedEstimate>, StoreError> {
        static SQL: OnceLock<String> = OnceLock::new();
        let sql = SQL.get_or_init(|| select_estimate_sql(Dialect::Sqlite));
        let row = sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            EstimateRow {
                id: r.try_get("id")?,
                quote_id: r.try_get("quote_id")?,
                issued_at: time("issued_at", r.try_get("issued_at")?)?,
                record: r.try_get("record")?,
            }
            .into_issued()
        })
        .transpose()
    }
}

fn quote_row(r: &SqliteRow) -> Result<QuoteRow, StoreError> {
    Ok(QuoteRow {
        id: r.try_get("id")?,
        created_at: time("created_at", r.try_get("created_at")?)?,
        expires_at: time("expires_at", r.try_get("expires_at")?)?,
        replaces: r.try_get("replaces")?,
        owner_key_id: r.try_get("owner_key_id")?,
        price_book_version: r.try_get("price_book_version")?,
        therapy: r.try_get("therapy")?,
        total_low_cents: r.try_get("total_low_cents")?,
        total_typical_cents: r.try_get("total_typical_cents")?,
        total_high_cents: r.try_get("total_high_cents")?,
        snapshot: r.try_get("snapshot")?,
        signed_quote: r.try_get("signed_quote")?,
        superseded_by: r.try_get("superseded_by")?,
        superseded_at: r
            .try_get::<Option<i64>, _>("superseded_at")?
            .map(|ms| time("superseded_at", ms))
            .transpose()?,
    })
}

#[cfg(test)]
pub(crate) mod scratch;
