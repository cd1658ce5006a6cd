//! `QuoteStore`: the one door to stored quotes and idempotency keys, over SQLite or
//! PostgreSQL. Build it once at start-up and clone it into the app state.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

use crate::quotes::idempotency::{
    Begin, Completion, Fingerprint, IdempotencyKey, IdempotencyScope, IdempotentCreate, KeyTaken,
};
use crate::quotes::postgres::PostgresQuotes;
use crate::quotes::sqlite::{HeldKey, SqliteQuotes};
use crate::quotes::{
    IdempotencyTicket, JsonText, NewQuote, PreparedQuote, QuoteId, QuoteInputError, StoredQuote,
};
use crate::storage::Database;
use serde::Deserialize;

/// Quote validity and idempotency-key lifetimes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteSettings {
    /// Days a quote stays valid after it is created (1 to 365). An operator's choice: the
    /// source tables set no validity period.
    pub valid_for_days: u32,
    /// Hours an `Idempotency-Key` and its response are remembered (24 to 720).
    pub idempotency_retention_hours: u32,
    /// Seconds a request may hold an `Idempotency-Key` before a retry may take it over as
    /// abandoned (5 to 3600).
    pub idempotency_lock_timeout_secs: u32,
}

/// The rules the store applies, from `[quotes]` settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotePolicy {
    /// How long a new quote stays valid.
    pub valid_for: TimeDelta,
    /// How long an idempotency key is remembered.
    pub retention: TimeDelta,
    /// How long a request may hold a key before it counts as abandoned.
    pub lock_timeout: TimeDelta,
}

/// A `[quotes]` setting is out of range.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("quotes.{field}: must be from {min} to {max}")]
pub struct QuoteSettingsError {
    /// The setting at fault.
    pub field: &'static str,
    /// The smallest accepted value.
    pub min: u32,
    /// The largest accepted value.
    pub max: u32,
}

impl QuoteSettingsError {
    /// The setting at fault.
    pub fn field(&self) -> &'static str {
        self.field
    }
}

impl TryFrom<&QuoteSettings> for QuotePolicy {
    type Error = QuoteSettingsError;

    fn try_from(s: &QuoteSettings) -> Result<Self, Self::Error> {
        let check = |field, value: u32, min, max| {
            if (min..=max).contains(&value) {
                Ok(i64::from(value))
            } else {
                Err(QuoteSettingsError { field, min, max })
            }
        };
        Ok(QuotePolicy {
            valid_for: TimeDelta::days(check("valid_for_days", s.valid_for_days, 1, 365)?),
            // Stripe keeps keys 24 hours; a shorter memory would let a late retry duplicate.
            retention: TimeDelta::hours(check(
                "idempotency_retention_hours",
                s.idempotency_retention_hours,
                24,
                720,
            )?),
            lock_timeout: TimeDelta::seconds(check(
                "idempotency_lock_timeout_secs",
                s.idempotency_lock_timeout_secs,
                5,
                3600,
            )?),
        })
    }
}

/// Storing or reading failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// The quote is not storable (route: 422 naming the field).
    #[error(transparent)]
    InvalidQuote(#[from] QuoteInputError),
    /// A quote named by `field` does not exist (route: 422 naming the field).
    #[error("{field}: no quote {id}")]
    UnknownQuote {
        /// `replaces`, `id` or `superseded_by`.
        field: &'static str,
        /// The id that names no quote.
        id: QuoteId,
    },
    /// The quote named by `field` was already replaced (route: 409).
    #[error("{field}: quote {id} has already been superseded")]
    AlreadySuperseded {
        /// `replaces` or `id`.
        field: &'static str,
        /// The quote already superseded.
        id: QuoteId,
    },
    /// This request held its idempotency key past the lock timeout and a retry took it over;
    /// nothing was stored (route: 409).
    #[error("Idempotency-Key: a retry took this key over after the lock timeout")]
    LeaseLost,
    /// The database cannot be reached (route: 503).
    #[error("the database is unavailable: {0}")]
    Unavailable(#[source] Arc<sqlx::Error>),
    /// The database refused the operation (route: 500).
    #[error("the database failed: {0}")]
    Database(#[source] Arc<sqlx::Error>),
    /// A stored row cannot be read back (route: 500).
    #[error("a stored row is unreadable: {0}")]
    Corrupt(String),
    /// The schema could not be brought up to date (route: 503).
    #[error("the database schema could not be migrated: {0}")]
    Schema(#[source] Arc<sqlx::migrate::MigrateError>),
    /// The background writer is gone, e.g. during shutdown (route: 503).
    #[error("the quote writer has stopped")]
    WriterStopped,
}

impl StoreError {
    /// The request field at fault, for the errors a client caused.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            StoreError::InvalidQuote(e) => Some(e.field()),
            StoreError::UnknownQuote { field, .. }
            | StoreError::AlreadySuperseded { field, .. } => Some(field),
            StoreError::LeaseLost => Some("Idempotency-Key"),
            _ => None,
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed => StoreError::Unavailable(Arc::new(e)),
            e => StoreError::Database(Arc::new(e)),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        match e {
            sqlx::migrate::MigrateError::Execute(e) => e.into(),
            e => StoreError::Schema(Arc::new(e)),
        }
    }
}

/// A request's claim on an idempotency key, as [`QuoteStore::claim`] makes it.
#[derive(Debug, Clone)]
pub(crate) struct Claim {
    /// The key, with a lease of its own.
    pub ticket: IdempotencyTicket,
    /// The request body's fingerprint.
    pub fingerprint: Fingerprint,
    /// When the request claims the key.
    pub now: DateTime<Utc>,
    /// How long a holder may keep a key before it counts as abandoned.
    pub lock_timeout: TimeDelta,
}

/// A request's hold on an idempotency key, from [`QuoteStore::claim`] until it is used by
/// [`QuoteStore::create_once`] or [`QuoteStore::give_up`], or dropped. Dropping it on SQLite
/// frees the key; on PostgreSQL the key stays held until the lock timeout, as a request that
/// vanished would leave it.
#[derive(Debug)]
pub struct KeyClaim {
    claim: Claim,
    /// The hold in this process (SQLite); `None` when the database row is the hold.
    hold: Option<HeldKey>,
}

/// What [`QuoteStore::claim`] found.
#[derive(Debug)]
pub enum Claimed {
    /// This request holds the key.
    Held(KeyClaim),
    /// The key cannot be used for a new quote now; it says why.
    Taken(KeyTaken),
}

/// The HTTP status `create_once` records with its response.
pub(crate) const CREATED: u16 = 201;

/// Quotes and idempotency keys in the configured database. Cheap to clone.
#[derive(Clone)]
pub struct QuoteStore {
    backend: Backend,
    policy: QuotePolicy,
}

#[derive(Clone)]
enum Backend {
    Sqlite(SqliteQuotes),
    Postgres(PostgresQuotes),
}

impl std::fmt::Debug for QuoteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        };
        f.debug_struct("QuoteStore")
            .field("backend", &kind)
            .field("policy", &self.policy)
            .finish()
    }
}

macro_rules! dispatch {
    ($self:ident, $store:ident => $call:expr) => {
        match &$self.backend {
            Backend::Sqlite($store) => $call,
            Backend::Postgres($store) => $call,
        }
    };
}

impl QuoteStore {
    /// The store over `database`. On SQLite this starts the writer task, so call it once,
    /// inside the Tokio runtime, and clone the result.
    pub fn new(database: &Database, policy: QuotePolicy) -> QuoteStore {
        let backend = match database {
            Database::Sqlite(pool) => Backend::Sqlite(SqliteQuotes::start(pool.clone())),
            Database::Postgres(pool) => Backend::Postgres(PostgresQuotes::new(pool.clone())),
        };
        QuoteStore { backend, policy }
    }

    /// The rules this store applies.
    pub fn policy(&self) -> QuotePolicy {
        self.policy
    }

    /// Stores `quote` durably; when it replaces another, marks that one superseded in the same
    /// transaction; with a `completion`, records the response under its idempotency key in the
    /// same transaction too. Returns once the transaction is committed.
    pub async fn create(
        &self,
        quote: NewQuote,
        completion: Option<Completion>,
    ) -> Result<(), StoreError> {
        let quote = quote.prepare()?;
        let completion = completion.map(Completion::into_recorded);
        dispatch!(self, s => s.create(quote, completion).await)
    }

    /// Like [`QuoteStore::create`] without a completion, for a quote already prepared.
    pub async fn create_prepared(&self, quote: PreparedQuote) -> Result<(), StoreError> {
        dispatch!(self, s => s.create(quote, None).await)
    }

    /// Claims `key` in `scope` for a request whose body has `fingerprint`, before the request
    /// builds its quote: `Held` (then [`QuoteStore::create_once`], or
    /// [`QuoteStore::give_up`] if no quote can be built), or why not: another request holds the
    /// key (`InProgress`), with another body (`Mismatch`), or it answered before (`Replay`).
    ///
    /// On SQLite the hold lives in this process until the claim is used or dropped, and the
    /// database is consulted by `create_once`, in the transaction that stores the quote. On
    /// PostgreSQL this is [`QuoteStore::begin`]: the key's row is the hold, shared by replicas.
    pub async fn claim(
        &self,
        scope: &IdempotencyScope,
        key: &IdempotencyKey,
        fingerprint: &Fingerprint,
        now: DateTime<Utc>,
    ) -> Result<Claimed, StoreError> {
        let claim = Claim {
            ticket: IdempotencyTicket::new(scope, key),
            fingerprint: fingerprint.clone(),
            now,
            lock_timeout: self.policy.lock_timeout,
        };
        let held = match &self.backend {
            Backend::Sqlite(s) => s.hold(&claim).map(Some),
            Backend::Postgres(s) => s.claim(&claim).await?.map(|()| None),
        };
        Ok(match held {
            Ok(hold) => Claimed::Held(KeyClaim { claim, hold }),
            Err(taken) => Claimed::Taken(taken),
        })
    }

    /// Stores `quote` under a claimed key and records `body` as the 201 answered for it, or
    /// says why not, storing nothing: on SQLite, the database may show the key answered
    /// before, held by another process, or used with another body. Returns once committed.
    /// A failure leaves the key free for a retry.
    pub async fn create_once(
        &self,
        claim: KeyClaim,
        quote: PreparedQuote,
        body: JsonText,
    ) -> Result<IdempotentCreate, StoreError> {
        let KeyClaim { claim, hold } = claim;
        let outcome = dispatch!(self, s => s.create_once(claim, quote, body).await);
        // Held until the commit: a request with the key meets the hold, then the stored key.
        drop(hold);
        outcome
    }

    /// Gives up a claim for a request that stores nothing (its body cannot be priced), so the
    /// key is free again. What the key said before this request came takes precedence over
    /// the request's own error: a stored answer (`Replay`), another body (`Mismatch`), or
    /// another holder (`InProgress`); `None` when the key was free.
    pub async fn give_up(&self, claim: KeyClaim) -> Result<Option<KeyTaken>, StoreError> {
        let KeyClaim { claim, hold } = claim;
        let (held, taken) = match &self.backend {
            // The hold was only in this process: ask the database, as `begin` does.
            Backend::Sqlite(s) => {
                let Claim {
                    ticket,
                    fingerprint,
                    now,
                    lock_timeout,
                } = claim;
                match s
                    .begin(ticket, fingerprint, now, lock_timeout)
                    .await?
                    .held()
                {
                    Ok(ticket) => (Some(ticket), None),
                    Err(taken) => (None, Some(taken)),
                }
            }
            Backend::Postgres(_) => (Some(claim.ticket), None),
        };
        if let Some(ticket) = held
            && let Err(e) = self.release(ticket).await
        {
            tracing::warn!(error = %e, "releasing an idempotency key failed");
        }
        drop(hold);
        Ok(taken)
    }

    /// The quote with `id`, or `None`.
    pub async fn get(&self, id: &QuoteId) -> Result<Option<StoredQuote>, StoreError> {
        dispatch!(self, s => s.get(id).await)
    }

    /// Marks quote `id` superseded by quote `by` at `at`. The quote itself is not changed.
    pub async fn supersede(
        &self,
        id: &QuoteId,
        by: &QuoteId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if id == by {
            return Err(QuoteInputError::ReplacesItself.into());
        }
        dispatch!(self, s => s.supersede(id, by, at).await)
    }

    /// Starts an idempotent request: claims `key` in `scope` for a body with `fingerprint`, or
    /// says why it cannot (a replay, a mismatch, or a request still in progress).
    pub async fn begin(
        &self,
        scope: &IdempotencyScope,
        key: &IdempotencyKey,
        fingerprint: &Fingerprint,
        now: DateTime<Utc>,
    ) -> Result<Begin, StoreError> {
        let ticket = IdempotencyTicket::new(scope, key);
        let timeout = self.policy.lock_timeout;
        dispatch!(self, s => s.begin(ticket, fingerprint.clone(), now, timeout).await)
    }

    /// Gives up a key this request holds (its request failed), so a retry starts afresh.
    pub async fn release(&self, ticket: IdempotencyTicket) -> Result<(), StoreError> {
        dispatch!(self, s => s.release(ticket).await)
    }

    /// Forgets idempotency keys older than the retention period; returns how many.
    pub async fn purge_idempotency_keys(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let before = now - self.policy.retention;
        dispatch!(self, s => s.purge(before).await)
    }

    /// Purges old idempotency keys now and then every `every`, until the runtime stops.
    pub fn spawn_purge(&self, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
        let store = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(every);
            loop {
                ticks.tick().await;
                match store.purge_idempotency_keys(Utc::now()).await {
                    Ok(n) => tracing::debug!(purged = n, "old idempotency keys purged"),
                    Err(e) => tracing::warn!(error = %e, "purging idempotency keys failed"),
                }
            }
        })
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod policy_tests {
    use super::*;

    fn settings(days: u32, hours: u32, secs: u32) -> QuoteSettings {
        QuoteSettings {
            valid_for_days: days,
            idempotency_retention_hours: hours,
            idempotency_lock_timeout_secs: secs,
        }
    }

    #[test]
    fn settings_in_range_become_the_policy() {
        let policy = QuotePolicy::try_from(&settings(30, 24, 60)).unwrap();
        assert_eq!(policy.valid_for, TimeDelta::days(30));
        assert_eq!(policy.retention, TimeDelta::hours(24));
        assert_eq!(policy.lock_timeout, TimeDelta::seconds(60));
    }

    #[test]
    fn a_setting_out_of_range_names_itself_and_the_accepted_range() {
        for (s, field) in [
            (settings(0, 24, 60), "valid_for_days"),
            (settings(366, 24, 60), "valid_for_days"),
            (settings(30, 23, 60), "idempotency_retention_hours"),
            (settings(30, 24, 4), "idempotency_lock_timeout_secs"),
        ] {
            let err = QuotePolicy::try_from(&s).unwrap_err();
            assert_eq!(err.field(), field);
            assert!(
                err.to_string()
                    .starts_with(&format!("quotes.{field}: must be from "))
            );
        }
    }
}
