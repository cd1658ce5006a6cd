//! Rows as both databases return them, turned into domain values. A row that does not parse
//! is reported as corrupt rather than guessed at.

use chrono::{DateTime, Utc};

use crate::quotes::idempotency::{Fingerprint, KeyRow, StoredResponse};
use crate::quotes::{QuoteContent, QuoteId, QuoteTotal, StoreError, StoredQuote, Supersession};

/// A `quotes` row joined with its supersession, in plain column types.
pub(crate) struct QuoteRow {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub replaces: Option<String>,
    pub owner_key_id: Option<String>,
    pub price_book_version: String,
    pub therapy: String,
    pub total_low_cents: i64,
    pub total_typical_cents: i64,
    pub total_high_cents: i64,
    pub snapshot: String,
    pub superseded_by: Option<String>,
    pub superseded_at: Option<DateTime<Utc>>,
}

fn corrupt(column: &str, detail: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{column}: {detail}"))
}

pub(crate) fn quote_id(column: &str, text: String) -> Result<QuoteId, StoreError> {
    text.parse().map_err(|e| corrupt(column, e))
}

fn optional_id(column: &str, text: Option<String>) -> Result<Option<QuoteId>, StoreError> {
    text.map(|t| quote_id(column, t)).transpose()
}

fn cents(column: &str, value: i64) -> Result<crate::money::Cents, StoreError> {
    u64::try_from(value)
        .map(crate::money::Cents::new)
        .map_err(|e| corrupt(column, e))
}

fn json(column: &str, text: &str) -> Result<serde_json::Value, StoreError> {
    serde_json::from_str(text).map_err(|e| corrupt(column, e))
}

impl QuoteRow {
    pub fn into_stored(self) -> Result<StoredQuote, StoreError> {
        let total = QuoteTotal::new(
            cents("total_low_cents", self.total_low_cents)?,
            cents("total_typical_cents", self.total_typical_cents)?,
            cents("total_high_cents", self.total_high_cents)?,
        )
        .map_err(|e| corrupt("total", e))?;
        let superseded = match (self.superseded_by, self.superseded_at) {
            (Some(by), Some(at)) => Some(Supersession {
                by: quote_id("superseded_by", by)?,
                at,
            }),
            _ => None,
        };
        Ok(StoredQuote {
            id: quote_id("id", self.id)?,
            created_at: self.created_at,
            expires_at: self.expires_at,
            replaces: optional_id("replaces", self.replaces)?,
            owner_key_id: self
                .owner_key_id
                .map(|k| k.parse().map_err(|e| corrupt("owner_key_id", e)))
                .transpose()?,
            content: QuoteContent {
                therapy: self.therapy.parse().map_err(|e| corrupt("therapy", e))?,
                price_book_version: self.price_book_version,
                total,
                snapshot: json("snapshot", &self.snapshot)?,
            },
            superseded,
        })
    }
}

/// An `idempotency_keys` row in plain column types.
pub(crate) struct IdempotencyRow {
    pub fingerprint: String,
    pub locked_at: DateTime<Utc>,
    pub response_status: Option<i64>,
    pub response_body: Option<String>,
    pub quote_id: Option<String>,
}

impl IdempotencyRow {
    pub fn into_key_row(self) -> Result<KeyRow, StoreError> {
        let response = match (self.response_status, self.response_body) {
            (Some(status), Some(body)) => Some(StoredResponse {
                status: u16::try_from(status).map_err(|e| corrupt("response_status", e))?,
                body: json("response_body", &body)?,
                quote_id: optional_id("quote_id", self.quote_id)?,
            }),
            _ => None,
        };
        Ok(KeyRow {
            fingerprint: Fingerprint::from_stored(self.fingerprint),
            locked_at: self.locked_at,
            response,
        })
    }
}
