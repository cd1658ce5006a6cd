//! The words every part of the quote store shares: its errors, idempotency keys and their
//! scopes, a request's claim on a key, and what a key can say instead of letting a request
//! store a quote. A leaf: it imports nothing else of the store.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use sha2::{Digest, Sha256};

use crate::auth::KeyId;
use crate::quoting::{QuoteId, QuoteInputError};

/// The longest accepted `Idempotency-Key` header value.
pub const MAX_KEY_LEN: usize = 255;

/// Storing or reading failed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// The quote is not storable (a 422 naming the field).
    #[error(transparent)]
    InvalidQuote(#[from] QuoteInputError),
    /// The quote named by `field` does not exist (a 422 naming the field).
    #[error("{field}: no quote {id}")]
    UnknownQuote {
        /// `replaces`.
        field: &'static str,
        /// The id that names no quote.
        id: QuoteId,
    },
    /// The quote named by `field` was already replaced (a 422 naming the field).
    #[error("{field}: quote {id} has already been superseded")]
    AlreadySuperseded {
        /// `replaces`.
        field: &'static str,
        /// The quote already superseded.
        id: QuoteId,
    },
    /// This request held its idempotency key past the lock timeout and a retry took it over;
    /// nothing was stored (a 409).
    #[error("Idempotency-Key: a retry took this key over after the lock timeout")]
    LeaseLost,
    /// The database cannot be reached (a 503).
    #[error("the database is unavailable: {0}")]
    Unavailable(#[source] Arc<sqlx::Error>),
    /// The database refused the operation (a 500).
    #[error("the database failed: {0}")]
    Database(#[source] Arc<sqlx::Error>),
    /// A stored row cannot be read back (a 500).
    #[error("a stored row is unreadable: {0}")]
    Corrupt(String),
    /// The schema could not be brought up to date (a 503).
    #[error("the database schema could not be migrated: {0}")]
    Schema(#[source] Arc<sqlx::migrate::MigrateError>),
    /// The background writer is gone, e.g. during shutdown (a 503).
    #[error("the quote writer has stopped")]
    WriterStopped,
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if database_unusable(&e) {
            StoreError::Unavailable(Arc::new(e))
        } else {
            StoreError::Database(Arc::new(e))
        }
    }
}

/// Whether `e` says the database cannot be used now (a 503), rather than that it refused this
/// one operation (a 500): unreachable, no such database, credentials refused, out of
/// connections or space, shutting down, read-only.
pub(crate) fn database_unusable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            let sqlite = db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some();
            db.code().is_some_and(|code| {
                if sqlite {
                    sqlite_unusable(&code)
                } else {
                    postgres_unusable(&code)
                }
            })
        }
        _ => false,
    }
}

/// An SQLite result code (primary or extended, which carries the primary one in its low byte)
/// meaning the database is not usable: BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN,
/// NOTADB.
fn sqlite_unusable(code: &str) -> bool {
    code.parse::<u32>()
        .is_ok_and(|c| matches!(c & 0xff, 5 | 6 | 8 | 10 | 11 | 13 | 14 | 26))
}

/// A PostgreSQL SQLSTATE meaning the database is not usable: classes 08 (connection
/// exception), 28 (invalid authorization: wrong user or password), 3D (no such database), 53
/// (insufficient resources: too many connections, disk full), 57P (shutting down, starting up),
/// and 25006 (a read-only transaction, on a standby).
fn postgres_unusable(code: &str) -> bool {
    ["08", "28", "3D", "53", "57P"]
        .iter()
        .any(|class| code.starts_with(class))
        || code == "25006"
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        match e {
            sqlx::migrate::MigrateError::Execute(e) => e.into(),
            e => StoreError::Schema(Arc::new(e)),
        }
    }
}

/// A stored value that does not read back as what was written.
pub(crate) fn corrupt(column: &str, detail: impl fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{column}: {detail}"))
}

/// A client-chosen `Idempotency-Key`: 1 to 255 visible ASCII characters.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

/// The `Idempotency-Key` header is empty, too long or holds other than visible ASCII.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be 1 to {MAX_KEY_LEN} visible ASCII characters, e.g. a UUID")]
pub struct InvalidIdempotencyKey;

impl FromStr for IdempotencyKey {
    type Err = InvalidIdempotencyKey;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if (1..=MAX_KEY_LEN).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic()) {
            Ok(IdempotencyKey(s.to_owned()))
        } else {
            Err(InvalidIdempotencyKey)
        }
    }
}

impl IdempotencyKey {
    /// The key as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for IdempotencyKey {
    // A client may put anything in its key; keep it out of logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdempotencyKey(..)")
    }
}

/// Whose keys these are: two callers may use the same key without meeting.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IdempotencyScope {
    /// Requests made with this API key.
    ApiKey(KeyId),
    /// Requests made without an API key.
    Anonymous,
}

impl IdempotencyScope {
    /// The stored form: `key:<id>` or `anonymous` (`:` never occurs in a key id).
    pub fn as_stored(&self) -> String {
        match self {
            IdempotencyScope::ApiKey(id) => format!("key:{id}"),
            IdempotencyScope::Anonymous => "anonymous".to_owned(),
        }
    }
}

/// SHA-256 of the request body's canonical JSON, in lowercase hex.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// The fingerprint of a JSON body: SHA-256 of its RFC 8785 canonical form, so two
    /// bodies that differ only in key order, spacing or number spelling are the same request.
    pub fn of_json(body: &serde_json::Value) -> Fingerprint {
        // A `Value` holds no non-finite number, the one thing canonical JSON cannot write.
        let canonical = serde_jcs::to_vec(body).unwrap_or_default();
        Fingerprint(hex::encode(Sha256::digest(&canonical)))
    }

    /// The stored form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn from_stored(s: String) -> Fingerprint {
        Fingerprint(s)
    }
}

/// A create that carries an `Idempotency-Key`: whose key it is, the key, and the body's
/// fingerprint.
#[derive(Debug, Clone)]
pub struct IdempotentRequest {
    /// Whose key it is.
    pub scope: IdempotencyScope,
    /// The key.
    pub key: IdempotencyKey,
    /// The request body's fingerprint.
    pub fingerprint: Fingerprint,
}

/// A request's claim on an idempotency key, from before it builds its quote until it stored
/// it or gave up.
#[derive(Debug, Clone)]
pub(crate) struct Claim {
    /// The stored form of the key's scope.
    pub scope: String,
    /// The key.
    pub key: IdempotencyKey,
    /// Random per claim: a request whose key was taken over cannot complete it.
    pub lease: String,
    /// The request body's fingerprint.
    pub fingerprint: Fingerprint,
    /// When the request claims the key.
    pub now: DateTime<Utc>,
    /// How long a holder may keep a key before it counts as abandoned.
    pub lock_timeout: TimeDelta,
}

impl Claim {
    pub(crate) fn new(
        request: &IdempotentRequest,
        now: DateTime<Utc>,
        lock_timeout: TimeDelta,
    ) -> Claim {
        Claim {
            scope: request.scope.as_stored(),
            key: request.key.clone(),
            lease: hex::encode(rand::random::<[u8; 16]>()),
            fingerprint: request.fingerprint.clone(),
            now,
            lock_timeout,
        }
    }
}

/// Why a request with an idempotency key stores nothing new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyTaken {
    /// The key stored this quote earlier, for the same body: answer it again.
    Replay(QuoteId),
    /// The key was used with a different body.
    Mismatch,
    /// Another request holds the key.
    InProgress,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_states_of_an_unusable_database_are_told_from_refused_operations() {
        for unusable in [
            "08006", "08001", "28P01", "28000", "3D000", "53300", "57P01", "25006",
        ] {
            assert!(postgres_unusable(unusable), "{unusable}");
        }
        for refused in ["23505", "40001", "42P01", "22001", "P0001"] {
            assert!(!postgres_unusable(refused), "{refused}");
        }
    }

    #[test]
    fn sqlite_codes_of_an_unusable_database_include_their_extended_forms() {
        // SQLITE_BUSY, SQLITE_READONLY, SQLITE_IOERR_WRITE (778), SQLITE_FULL, SQLITE_CANTOPEN.
        for unusable in ["5", "8", "778", "13", "14"] {
            assert!(sqlite_unusable(unusable), "{unusable}");
        }
        // SQLITE_CONSTRAINT_UNIQUE (2067), SQLITE_CONSTRAINT_TRIGGER (1811), SQLITE_ERROR.
        for refused in ["2067", "1811", "1", "x"] {
            assert!(!sqlite_unusable(refused), "{refused}");
        }
    }

    #[test]
    fn keys_are_one_to_255_visible_ascii_characters() {
        assert!("a".parse::<IdempotencyKey>().is_ok());
        assert!("x".repeat(255).parse::<IdempotencyKey>().is_ok());
        for bad in ["", " ", "a b", "é", "tab\t", &"x".repeat(256)] {
            assert_eq!(
                bad.parse::<IdempotencyKey>(),
                Err(InvalidIdempotencyKey),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_key_never_shows_in_debug_output() {
        let key: IdempotencyKey = "patient-76102".parse().unwrap();
        assert!(!format!("{key:?}").contains("76102"));
    }

    #[test]
    fn fingerprints_ignore_key_order_and_spacing_but_not_values() {
        let a: serde_json::Value = serde_json::from_str(r#"{"b": 1, "a": [1, 2]}"#).unwrap();
        let b: serde_json::Value = serde_json::from_str(r#"{"a":[1,2],"b":1}"#).unwrap();
        let c: serde_json::Value = serde_json::from_str(r#"{"a":[2,1],"b":1}"#).unwrap();
        assert_eq!(Fingerprint::of_json(&a), Fingerprint::of_json(&b));
        assert_ne!(Fingerprint::of_json(&a), Fingerprint::of_json(&c));
        assert_eq!(Fingerprint::of_json(&a).as_str().len(), 64);
    }

    #[test]
    fn scopes_of_two_keys_never_meet() {
        let a = IdempotencyScope::ApiKey("clinic-web".parse().unwrap()).as_stored();
        let b = IdempotencyScope::ApiKey("clinic-office".parse().unwrap()).as_stored();
        assert_ne!(a, b);
        assert_ne!(a, IdempotencyScope::Anonymous.as_stored());
    }
}
