//! Quotes in SQLite. Reads go straight to the pool (WAL lets them run beside a write). Every
//! write goes to one writer task with a connection of its own, which commits all writes
//! waiting at that moment in a single `BEGIN IMMEDIATE` transaction and answers each caller
//! only after the COMMIT returned (group commit): one fsync serves many quotes, and writers
//! never meet a busy database.

mod bulk;
mod ops;
#[cfg(test)]
mod scratch;
mod writer;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, TimeDelta, Utc};
use sqlx::Row;
use sqlx::sqlite::{SqlitePool, SqliteRow};
use tokio::sync::{mpsc, oneshot};

use crate::quotes::idempotency::{
    Begin, Fingerprint, IdempotencyKey, IdempotencyTicket, IdempotentCreate, KeyTaken, Recorded,
};
use crate::quotes::row::QuoteRow;
use crate::quotes::store::Claim;
use crate::quotes::{JsonText, PreparedQuote, QuoteId, StoreError, StoredQuote};

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

impl std::fmt::Debug for HeldKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HeldKey")
            .field("scope", &self.key.0)
            .field("key", &self.key.1)
            .finish()
    }
}

type Reply<T> = oneshot::Sender<Result<T, StoreError>>;

/// One write for the writer task, with where to send its answer.
pub(crate) enum Job {
    Create {
        quote: PreparedQuote,
        completion: Option<Recorded>,
        reply: Reply<()>,
    },
    CreateOnce {
        claim: Claim,
        quote: PreparedQuote,
        body: JsonText,
        reply: Reply<IdempotentCreate>,
    },
    Supersede {
        id: QuoteId,
        by: QuoteId,
        at: DateTime<Utc>,
        reply: Reply<()>,
    },
    Begin {
        ticket: IdempotencyTicket,
        fingerprint: Fingerprint,
        now: DateTime<Utc>,
        lock_timeout: TimeDelta,
        reply: Reply<Begin>,
    },
    Release {
        ticket: IdempotencyTicket,
        reply: Reply<()>,
    },
    Purge {
        before: DateTime<Utc>,
        reply: Reply<u64>,
    },
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

    /// Holds the claimed key in this process, or says who holds it: a request with the same
    /// body is still running (`InProgress`), or one with another body (`Mismatch`).
    pub fn hold(&self, claim: &Claim) -> Result<HeldKey, KeyTaken> {
        let key = (claim.ticket.scope.clone(), claim.ticket.key.clone());
        match self.held.lock().entry(key.clone()) {
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

    pub async fn create(
        &self,
        quote: PreparedQuote,
        completion: Option<Recorded>,
    ) -> Result<(), StoreError> {
        self.submit(|reply| Job::Create {
            quote,
            completion,
            reply,
        })
        .await
    }

    pub async fn create_once(
        &self,
        claim: Claim,
        quote: PreparedQuote,
        body: JsonText,
    ) -> Result<IdempotentCreate, StoreError> {
        self.submit(|reply| Job::CreateOnce {
            claim,
            quote,
            body,
            reply,
        })
        .await
    }

    pub async fn supersede(
        &self,
        id: &QuoteId,
        by: &QuoteId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (id, by) = (id.clone(), by.clone());
        self.submit(|reply| Job::Supersede { id, by, at, reply })
            .await
    }

    pub async fn begin(
        &self,
        ticket: IdempotencyTicket,
        fingerprint: Fingerprint,
        now: DateTime<Utc>,
        lock_timeout: TimeDelta,
    ) -> Result<Begin, StoreError> {
        self.submit(|reply| Job::Begin {
            ticket,
            fingerprint,
            now,
            lock_timeout,
            reply,
        })
        .await
    }

    pub async fn release(&self, ticket: IdempotencyTicket) -> Result<(), StoreError> {
        self.submit(|reply| Job::Release { ticket, reply }).await
    }

    pub async fn purge(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        self.submit(|reply| Job::Purge { before, reply }).await
    }

    pub async fn get(&self, id: &QuoteId) -> Result<Option<StoredQuote>, StoreError> {
        let row = sqlx::query(
            "SELECT q.id, q.created_at, q.expires_at, q.replaces, q.owner_key_id, \
                    q.price_book_version, q.therapy, q.total_low_cents, q.total_typical_cents, \
                    q.total_high_cents, q.snapshot, s.superseded_by, s.superseded_at \
             FROM quotes q LEFT JOIN quote_supersessions s ON s.quote_id = q.id \
             WHERE q.id = ?",
        )
        .bind(id.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| quote_row(&r)?.into_stored()).transpose()
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
        superseded_by: r.try_get("superseded_by")?,
        superseded_at: r
            .try_get::<Option<i64>, _>("superseded_at")?
            .map(|ms| time("superseded_at", ms))
            .transpose()?,
    })
}

/// A stored time: Unix milliseconds, UTC.
fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn time(column: &str, ms: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| StoreError::Corrupt(format!("{column}: {ms} is not a time")))
}
