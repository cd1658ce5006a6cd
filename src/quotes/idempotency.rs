//! Idempotent quote creation with Stripe's semantics. A key is scoped to its caller; the first
//! request with a key holds it while it runs; a retry with the same body gets the stored
//! response back; a reuse with a different body is refused; a failed request releases the key;
//! a key held longer than the lock timeout counts as abandoned and may be taken over.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, TimeDelta, Utc};
use sha2::{Digest, Sha256};

use crate::auth::KeyId;
use crate::quotes::record::RedactedJson;
use crate::quotes::{JsonText, QuoteId};

/// The longest accepted `Idempotency-Key` header value.
pub const MAX_KEY_LEN: usize = 255;

/// A client-chosen `Idempotency-Key`: 1 to 255 visible ASCII characters.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

/// The `Idempotency-Key` header is empty, too long or holds other than visible ASCII.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be 1 to {MAX_KEY_LEN} visible ASCII characters, e.g. a UUID")]
pub struct InvalidIdempotencyKey;

impl InvalidIdempotencyKey {
    /// The header that held the bad key.
    pub fn field(&self) -> &'static str {
        "Idempotency-Key"
    }
}

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
    /// The fingerprint of a JSON body. Object keys are sorted and whitespace dropped, so two
    /// bodies that differ only in key order or spacing are the same request.
    pub fn of_json(body: &serde_json::Value) -> Fingerprint {
        let mut canonical = String::new();
        write_canonical(body, &mut canonical);
        Fingerprint(hex::encode(Sha256::digest(canonical.as_bytes())))
    }

    /// The stored form.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub(crate) fn from_stored(s: String) -> Fingerprint {
        Fingerprint(s)
    }
}

/// Compact JSON with object keys in byte order, whatever order the parser kept.
fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(item, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// The response a completed request gave, replayed to its retries.
#[derive(Clone, PartialEq)]
pub struct StoredResponse {
    /// The HTTP status it answered, e.g. 201.
    pub status: u16,
    /// The JSON body it answered.
    pub body: serde_json::Value,
    /// The quote it created, for the `Location` header.
    pub quote_id: Option<QuoteId>,
}

impl fmt::Debug for StoredResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredResponse")
            .field("status", &self.status)
            .field("body", &RedactedJson)
            .field("quote_id", &self.quote_id)
            .finish()
    }
}

/// Proof that this request holds an idempotency key; pass it to
/// [`QuoteStore::create`](crate::quotes::QuoteStore::create) inside a [`Completion`] or to
/// [`QuoteStore::release`](crate::quotes::QuoteStore::release).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyTicket {
    pub(crate) scope: String,
    pub(crate) key: IdempotencyKey,
    /// Random per holder: a request whose key was taken over cannot complete it.
    pub(crate) lease: String,
}

impl IdempotencyTicket {
    pub(crate) fn new(scope: &IdempotencyScope, key: &IdempotencyKey) -> IdempotencyTicket {
        IdempotencyTicket {
            scope: scope.as_stored(),
            key: key.clone(),
            lease: hex::encode(rand::random::<[u8; 16]>()),
        }
    }
}

/// The answer a completed request stores with its key.
#[derive(Clone, PartialEq)]
pub struct Completion {
    /// The key this request holds.
    pub ticket: IdempotencyTicket,
    /// The HTTP status to replay, e.g. 201.
    pub status: u16,
    /// The JSON body to replay.
    pub body: serde_json::Value,
}

impl fmt::Debug for Completion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Completion")
            .field("ticket", &self.ticket)
            .field("status", &self.status)
            .field("body", &RedactedJson)
            .finish()
    }
}

impl Completion {
    /// The completion with its body serialised, as the stores write it.
    pub(crate) fn into_recorded(self) -> Recorded {
        Recorded {
            body: JsonText::of(&self.body)
                .expect("a JSON value always serialises: its object keys are strings"),
            ticket: self.ticket,
            status: self.status,
        }
    }
}

/// A response to record under the key a request holds, its body already JSON text.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub ticket: IdempotencyTicket,
    pub status: u16,
    pub body: JsonText,
}

/// What `begin` found for a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Begin {
    /// The key is now held by this request: do the work, then complete or release it.
    New(IdempotencyTicket),
    /// The key completed earlier with the same body: answer this stored response again.
    Replay(StoredResponse),
    /// The key was used with a different body (the route answers 422).
    Mismatch,
    /// The first request with this key is still running (the route answers 409).
    InProgress,
}

impl Begin {
    /// The ticket of a key now held, or what the key says instead.
    pub(crate) fn held(self) -> Result<IdempotencyTicket, KeyTaken> {
        match self {
            Begin::New(ticket) => Ok(ticket),
            Begin::Replay(response) => Err(KeyTaken::Replay(response)),
            Begin::Mismatch => Err(KeyTaken::Mismatch),
            Begin::InProgress => Err(KeyTaken::InProgress),
        }
    }
}

/// Why a request with an idempotency key stores nothing new.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyTaken {
    /// The key completed earlier with the same body: answer this stored response again.
    Replay(StoredResponse),
    /// The key was used with a different body (the route answers 422).
    Mismatch,
    /// Another request holds the key (the route answers 409).
    InProgress,
}

/// What [`QuoteStore::create_once`](crate::quotes::QuoteStore::create_once) did.
#[derive(Debug, Clone, PartialEq)]
pub enum IdempotentCreate {
    /// The quote is stored and its 201 recorded under the key.
    Stored,
    /// Nothing was stored: the key says why.
    Taken(KeyTaken),
}

/// A key row as the store found it.
pub(crate) struct KeyRow {
    pub fingerprint: Fingerprint,
    pub locked_at: DateTime<Utc>,
    pub response: Option<StoredResponse>,
}

/// What to do about an existing key row.
#[derive(Debug, PartialEq)]
pub(crate) enum Decision {
    Replay(StoredResponse),
    Mismatch,
    InProgress,
    /// The holder abandoned it: take it over as if it were new.
    TakeOver,
}

impl Decision {
    /// What the key says to a request that may not take it; `None` when it may.
    pub(crate) fn taken(self) -> Option<KeyTaken> {
        match self {
            Decision::Replay(response) => Some(KeyTaken::Replay(response)),
            Decision::Mismatch => Some(KeyTaken::Mismatch),
            Decision::InProgress => Some(KeyTaken::InProgress),
            Decision::TakeOver => None,
        }
    }
}

/// Decides a `begin` that met an existing row.
pub(crate) fn decide(
    row: KeyRow,
    fingerprint: &Fingerprint,
    now: DateTime<Utc>,
    lock_timeout: TimeDelta,
) -> Decision {
    let same_body = row.fingerprint == *fingerprint;
    match row.response {
        Some(response) if same_body => Decision::Replay(response),
        Some(_) => Decision::Mismatch,
        // An abandoned request never produced a response, so nothing binds the key to its body.
        None if now - row.locked_at >= lock_timeout => Decision::TakeOver,
        None if same_body => Decision::InProgress,
        None => Decision::Mismatch,
    }
}

#[cfg(test)]
mod tests;
