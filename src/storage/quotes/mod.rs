//! The quote store: the one door to stored quotes, their idempotency keys and the Good Faith
//! Estimates issued from them, over SQLite or PostgreSQL. Build it once at start-up and clone
//! it into the app state.
//!
//! Creating a quote is one protocol on both databases ([`QuoteStore::create`]):
//!
//! 1. Without an `Idempotency-Key`, the quote is built, issued and stored.
//! 2. With one, the key is claimed first (Stripe's semantics: a key answered before replays
//!    its quote for the same body and refuses another; a key held by a running request makes
//!    its retry wait), then the quote is built and stored with its key in one transaction.
//!    A quote that cannot be built frees the key, and what the key said before this request
//!    came takes precedence over the request's own error.
//!
//! Each database keeps that protocol behind [`backend::Backend`]; the words the parts share
//! are in [`vocab`], the columns in [`columns`]. Imports run one way: this module uses the
//! backends, the backends use the columns, key decisions and vocabulary, and the vocabulary
//! uses nothing of the store.

mod backend;
mod columns;
mod keys;
mod postgres;
mod sqlite;
mod vocab;

use chrono::{DateTime, TimeDelta, Utc};
use serde::Deserialize;

pub use vocab::{
    Fingerprint, IdempotencyKey, IdempotencyScope, IdempotentRequest, InvalidIdempotencyKey,
    KeyTaken, MAX_KEY_LEN, StoreError,
};

use backend::Backend;
use postgres::PostgresQuotes;
use sqlite::SqliteQuotes;
use vocab::Claim;

use crate::gfe::{EstimateId, IssuedEstimate};
use crate::quoting::{NewQuote, QuoteDraft, QuoteId, StoredQuote};
use crate::signing::Signer;
use crate::storage::Database;

/// Quote validity and idempotency-key lifetimes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteSettings {
    /// Days a quote stays valid after it is created (1 to 365). An operator's choice: the
    /// source tables set no validity period.
    pub valid_for_days: u32,
    /// Hours an `Idempotency-Key` is remembered with the quote it stored (24 to 720).
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

/// What [`QuoteStore::create`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Created {
    /// The quote was issued and stored now.
    Stored(StoredQuote),
    /// An earlier request with the same `Idempotency-Key` and body stored this quote; nothing
    /// new was stored.
    Replayed(StoredQuote),
}

/// Why [`QuoteStore::create`] stored nothing.
#[derive(Debug, Clone, thiserror::Error)]
pub enum CreateError<E> {
    /// The request cannot be made into a quote: the builder's own error.
    #[error("the quote cannot be built")]
    Build(E),
    /// The `Idempotency-Key` was used before with another body.
    #[error("the Idempotency-Key was used with another body")]
    KeyReused,
    /// Another request with the `Idempotency-Key` is still running.
    #[error("a request with this Idempotency-Key is still running")]
    KeyInProgress,
    /// Storing or reading failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Quotes and idempotency keys in the configured database. Cheap to clone.
#[derive(Clone)]
pub struct QuoteStore {
    backend: Backends,
    policy: QuotePolicy,
    signer: Option<std::sync::Arc<Signer>>,
}

#[derive(Clone)]
enum Backends {
    Sqlite(SqliteQuotes),
    Postgres(PostgresQuotes),
}

impl std::fmt::Debug for QuoteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.backend {
            Backends::Sqlite(_) => "sqlite",
            Backends::Postgres(_) => "postgres",
        };
        f.debug_struct("QuoteStore")
            .field("backend", &kind)
            .field("policy", &self.policy)
            .field("signer", &self.signer)
            .finish()
    }
}

macro_rules! dispatch {
    ($self:ident, $backend:ident => $call:expr) => {
        match &$self.backend {
            Backends::Sqlite($backend) => $call,
            Backends::Postgres($backend) => $call,
        }
    };
}

impl QuoteStore {
    /// The store over `database`. On SQLite this starts the writer task, so call it once,
    /// inside the Tokio runtime, and clone the result.
    pub fn new(database: &Database, policy: QuotePolicy) -> QuoteStore {
        let backend = match database {
            Database::Sqlite(pool) => Backends::Sqlite(SqliteQuotes::start(pool.clone())),
            Database::Postgres(pool) => Backends::Postgres(PostgresQuotes::new(pool.clone())),
        };
        QuoteStore {
            backend,
            policy,
            signer: None,
        }
    }

    /// The store signing each quote it issues with `signer` (its `signed_quote`). Without one,
    /// quotes are stored unsigned.
    pub fn with_signer(self, signer: std::sync::Arc<Signer>) -> QuoteStore {
        QuoteStore {
            signer: Some(signer),
            ..self
        }
    }

    /// The rules this store applies.
    pub fn policy(&self) -> QuotePolicy {
        self.policy
    }

    /// Issues the quote `build` makes at `now` and stores it durably (marking the quote it
    /// replaces superseded in the same transaction); returns once committed. With an
    /// `Idempotency-Key`, `build` runs only once the key is this request's, and a retry gets
    /// the quote the key stored ([`Created::Replayed`]) without building anything new.
    pub async fn create<E>(
        &self,
        idempotency: Option<IdempotentRequest>,
        now: DateTime<Utc>,
        build: impl FnOnce() -> Result<QuoteDraft, E>,
    ) -> Result<Created, CreateError<E>> {
        let signer = self.signer.as_deref();
        dispatch!(self, b => create_on(b, self.policy, signer, idempotency, now, build).await)
    }

    /// The quote with `id`, or `None`.
    pub async fn get(&self, id: &QuoteId) -> Result<Option<StoredQuote>, StoreError> {
        dispatch!(self, b => b.get(id).await)
    }

    /// Keeps a Good Faith Estimate as it was issued (its id, quote, time and each provider's
    /// expected charges); returns once committed, so the document may then be given out.
    pub async fn record_estimate(&self, estimate: IssuedEstimate) -> Result<(), StoreError> {
        dispatch!(self, b => b.record_estimate(estimate).await)
    }

    /// The Good Faith Estimate issued with `id`, or `None`.
    pub async fn estimate(&self, id: &EstimateId) -> Result<Option<IssuedEstimate>, StoreError> {
        dispatch!(self, b => b.estimate(id).await)
    }

    /// Forgets idempotency keys older than the retention period; returns how many.
    pub async fn purge_idempotency_keys(&self, now: DateTime<Utc>) -> Result<u64, StoreError> {
        let before = now - self.policy.retention;
        dispatch!(self, b => b.purge(before).await)
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

/// [`QuoteStore::create`] on one backend.
async fn create_on<B: Backend, E>(
    backend: &B,
    policy: QuotePolicy,
    signer: Option<&Signer>,
    idempotency: Option<IdempotentRequest>,
    now: DateTime<Utc>,
    build: impl FnOnce() -> Result<QuoteDraft, E>,
) -> Result<Created, CreateError<E>> {
    let issue = |draft| {
        NewQuote::issue_signed(draft, now, policy.valid_for, signer).map_err(StoreError::from)
    };
    let Some(request) = idempotency else {
        let quote = issue(build().map_err(CreateError::Build)?)?;
        backend.insert(quote.clone(), None).await?;
        return Ok(Created::Stored(quote.into_stored()));
    };
    let claim = Claim::new(&request, now, policy.lock_timeout);
    let hold = match backend.claim(&claim).await? {
        Ok(hold) => hold,
        Err(taken) => return answer_taken(backend, taken).await,
    };
    let quote = match build()
        .map_err(CreateError::Build)
        .and_then(|d| Ok(issue(d)?))
    {
        Ok(quote) => quote,
        Err(e) => {
            let taken = backend.give_up(claim).await;
            drop(hold);
            return match taken? {
                Some(taken) => answer_taken(backend, taken).await,
                None => Err(e),
            };
        }
    };
    let outcome = backend.insert(quote.clone(), Some(claim)).await;
    // Held until the commit: a request with the key meets the hold, then the stored key.
    drop(hold);
    match outcome? {
        None => Ok(Created::Stored(quote.into_stored())),
        Some(taken) => answer_taken(backend, taken).await,
    }
}

/// The answer when the key stores nothing new: its quote again, or why not.
async fn answer_taken<B: Backend, E>(
    backend: &B,
    taken: KeyTaken,
) -> Result<Created, CreateError<E>> {
    match taken {
        KeyTaken::Replay(id) => match backend.get(&id).await? {
            Some(quote) => Ok(Created::Replayed(quote)),
            None => {
                Err(StoreError::Corrupt(format!("idempotency key names missing quote {id}")).into())
            }
        },
        KeyTaken::Mismatch => Err(CreateError::KeyReused),
        KeyTaken::InProgress => Err(CreateError::KeyInProgress),
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
