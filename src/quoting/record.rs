//! A quote as it is issued, stored and read: an immutable record (id, times, owner, the
//! figures a lender filters on, and the snapshot as the JSON text written when it was
//! issued) plus, kept apart, whether a later quote superseded it. Status is not stored: it is
//! computed when the quote is read.

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::KeyId;
use crate::money::Cents;
use crate::quoting::signed::{ClaimsOf, SignedQuoteClaims};
use crate::quoting::{JsonText, QuoteId, QuoteSnapshot};
use crate::signing::Signer;
use crate::therapy::TherapyCode;

/// The largest amount a database column holds (a signed 64-bit integer of cents).
const MAX_STORED_CENTS: u64 = i64::MAX as u64;
/// The longest accepted price-book version label.
const MAX_VERSION_LEN: usize = 64;

/// A quote's total: `low_cents <= typical_cents <= high_cents`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct QuoteTotal {
    /// Lowest expected total, in cents.
    #[schema(example = 350_000)]
    low_cents: Cents,
    /// Typical total, in cents.
    #[schema(example = 900_000)]
    typical_cents: Cents,
    /// Highest expected total, in cents.
    #[schema(example = 2_500_000)]
    high_cents: Cents,
}

impl QuoteTotal {
    /// A total, or an error naming the field out of order or too large to store.
    pub fn new(low: Cents, typical: Cents, high: Cents) -> Result<QuoteTotal, QuoteInputError> {
        if high.get() > MAX_STORED_CENTS {
            return Err(QuoteInputError::AmountTooLarge {
                field: "high_cents",
            });
        }
        if low > typical {
            return Err(QuoteInputError::TotalOutOfOrder { field: "low_cents" });
        }
        if typical > high {
            return Err(QuoteInputError::TotalOutOfOrder {
                field: "high_cents",
            });
        }
        Ok(QuoteTotal {
            low_cents: low,
            typical_cents: typical,
            high_cents: high,
        })
    }

    /// Lowest expected total.
    pub fn low(&self) -> Cents {
        self.low_cents
    }

    /// Typical total.
    pub fn typical(&self) -> Cents {
        self.typical_cents
    }

    /// Highest expected total.
    pub fn high(&self) -> Cents {
        self.high_cents
    }

    /// Low, typical and high as database integers; `new` guarantees each fits.
    pub fn as_stored(&self) -> [i64; 3] {
        [self.low_cents, self.typical_cents, self.high_cents].map(|c| c.get() as i64)
    }
}

/// What is wrong with a quote about to be stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuoteInputError {
    /// The three totals are not in order.
    #[error("{field}: totals must satisfy low_cents <= typical_cents <= high_cents")]
    TotalOutOfOrder {
        /// The field found out of order.
        field: &'static str,
    },
    /// An amount does not fit a stored 64-bit signed integer.
    #[error("{field}: must be at most {MAX_STORED_CENTS} cents")]
    AmountTooLarge {
        /// The field that is too large.
        field: &'static str,
    },
    /// The price-book version is empty or too long.
    #[error("price_book_version: must be 1 to {MAX_VERSION_LEN} characters")]
    BadPriceBookVersion,
    /// The quote's signature cannot be made.
    #[error("signed_quote: the quote cannot be signed")]
    Unsignable,
    /// The quote would expire no later than it was created.
    #[error("expires_at: must be later than created_at")]
    ExpiresBeforeCreated,
    /// The quote names itself as the quote it replaces.
    #[error("replaces: a quote cannot replace itself")]
    ReplacesItself,
    /// The snapshot cannot be written as JSON (a map with keys that are not strings).
    #[error("content: the snapshot cannot be written as JSON")]
    Unserializable,
}

impl QuoteInputError {
    /// The offending field.
    pub fn field(&self) -> &'static str {
        match self {
            QuoteInputError::TotalOutOfOrder { field }
            | QuoteInputError::AmountTooLarge { field } => field,
            QuoteInputError::BadPriceBookVersion => "price_book_version",
            QuoteInputError::ExpiresBeforeCreated => "expires_at",
            QuoteInputError::ReplacesItself => "replaces",
            QuoteInputError::Unserializable => "content",
            QuoteInputError::Unsignable => "signed_quote",
        }
    }
}

/// A quote before it is issued: what it says, who asks for it, and the quote it replaces.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteDraft {
    /// What the quote says.
    pub snapshot: QuoteSnapshot,
    /// The API key asking for it, if any.
    pub owner_key_id: Option<KeyId>,
    /// The account of that key, which the quote's signature names.
    pub account: Option<String>,
    /// An earlier quote this one replaces; storing it marks that one superseded.
    pub replaces: Option<QuoteId>,
}

/// A quote issued and about to be stored: its id drawn, its times stamped, the figures a
/// lender filters on taken from its snapshot, and the snapshot serialised, once.
#[derive(Debug, Clone, PartialEq)]
pub struct NewQuote {
    /// The new quote's id.
    pub id: QuoteId,
    /// When it was created (whole seconds, UTC).
    pub created_at: DateTime<Utc>,
    /// When it stops being valid.
    pub expires_at: DateTime<Utc>,
    /// The earlier quote this one replaces.
    pub replaces: Option<QuoteId>,
    /// The API key that created it, if any.
    pub owner_key_id: Option<KeyId>,
    /// That key's account: its endpoints are told of the quote (not a column of the quote).
    pub account: Option<String>,
    /// The therapy quoted.
    pub therapy: TherapyCode,
    /// The price book the amounts came from, e.g. `2026`.
    pub price_book_version: String,
    /// The quoted total.
    pub total: QuoteTotal,
    /// The snapshot as JSON text, exactly as stored and served.
    pub content: JsonText,
    /// The quote's compact JWS, when it was issued with a signer.
    pub signed_quote: Option<String>,
}

impl NewQuote {
    /// Issues `draft` at `now`, valid for `valid_for`, with a fresh random id; unsigned.
    pub fn issue(
        draft: QuoteDraft,
        now: DateTime<Utc>,
        valid_for: TimeDelta,
    ) -> Result<NewQuote, QuoteInputError> {
        NewQuote::issue_signed(draft, now, valid_for, None)
    }

    /// As [`NewQuote::issue`], signed by `signer` when there is one: `signed_quote` states
    /// the id, account, therapy, center, totals, price-book (and price-list) version, times
    /// and the SHA-256 of the canonical `content`.
    pub fn issue_signed(
        draft: QuoteDraft,
        now: DateTime<Utc>,
        valid_for: TimeDelta,
        signer: Option<&Signer>,
    ) -> Result<NewQuote, QuoteInputError> {
        // Whole seconds: the same instant reads back identically from every database.
        let created_at = now.trunc_subsecs(0);
        let estimate = &draft.snapshot.estimate.estimate;
        let total = QuoteTotal::new(
            estimate.total.low_cents,
            estimate.total.typical_cents,
            estimate.total.high_cents,
        )?;
        let mut quote = NewQuote {
            id: QuoteId::generate(),
            created_at,
            expires_at: created_at + valid_for,
            replaces: draft.replaces,
            owner_key_id: draft.owner_key_id,
            account: draft.account.clone(),
            therapy: estimate.therapy,
            price_book_version: estimate.price_book.version.clone(),
            total,
            content: JsonText::canonical(&draft.snapshot)
                .map_err(|_| QuoteInputError::Unserializable)?,
            signed_quote: None,
        };
        quote.validate()?;
        if let Some(signer) = signer {
            let claims = SignedQuoteClaims::of(
                ClaimsOf {
                    id: &quote.id,
                    account: draft.account.as_deref(),
                    created_at: quote.created_at,
                    expires_at: quote.expires_at,
                    replaces: quote.replaces.as_ref(),
                    content: &quote.content,
                },
                &draft.snapshot,
            );
            let token = signer
                .sign(&claims)
                .map_err(|_| QuoteInputError::Unsignable)?;
            quote.signed_quote = Some(token);
        }
        Ok(quote)
    }

    /// Checks what the database cannot: the version label and the order of times.
    pub fn validate(&self) -> Result<(), QuoteInputError> {
        let version = &self.price_book_version;
        if version.is_empty() || version.chars().count() > MAX_VERSION_LEN {
            return Err(QuoteInputError::BadPriceBookVersion);
        }
        if self.expires_at <= self.created_at {
            return Err(QuoteInputError::ExpiresBeforeCreated);
        }
        if self.replaces.as_ref() == Some(&self.id) {
            return Err(QuoteInputError::ReplacesItself);
        }
        Ok(())
    }

    /// The quote as it reads once stored: active, superseded by nothing.
    pub fn into_stored(self) -> StoredQuote {
        StoredQuote {
            id: self.id,
            created_at: self.created_at,
            expires_at: self.expires_at,
            replaces: self.replaces,
            owner_key_id: self.owner_key_id,
            therapy: self.therapy,
            price_book_version: self.price_book_version,
            total: self.total,
            content: self.content,
            signed_quote: self.signed_quote,
            superseded: None,
        }
    }
}

/// A later quote took this one's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supersession {
    /// The quote that replaced it.
    pub by: QuoteId,
    /// When it was replaced.
    pub at: DateTime<Utc>,
}

/// A quote read back from storage.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredQuote {
    /// The quote's id.
    pub id: QuoteId,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it stops being valid.
    pub expires_at: DateTime<Utc>,
    /// The earlier quote this one replaced.
    pub replaces: Option<QuoteId>,
    /// The API key that created it.
    pub owner_key_id: Option<KeyId>,
    /// The therapy quoted.
    pub therapy: TherapyCode,
    /// The price book the amounts came from.
    pub price_book_version: String,
    /// The quoted total.
    pub total: QuoteTotal,
    /// The snapshot as JSON text, exactly as it was stored.
    pub content: JsonText,
    /// The quote's compact JWS; quotes stored before quotes were signed have none.
    pub signed_quote: Option<String>,
    /// Set once a later quote replaced this one.
    pub superseded: Option<Supersession>,
}

/// Where a quote stands at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    /// Valid: a lender may rely on it.
    Active,
    /// Past `expires_at`; ask for a new quote.
    Expired,
    /// Replaced by the quote named in `superseded_by`.
    Superseded,
}

impl StoredQuote {
    /// The status at `now`. A superseded quote says so even after it expires, so a reader is
    /// pointed to its replacement.
    pub fn status_at(&self, now: DateTime<Utc>) -> QuoteStatus {
        if self.superseded.is_some() {
            QuoteStatus::Superseded
        } else if now >= self.expires_at {
            QuoteStatus::Expired
        } else {
            QuoteStatus::Active
        }
    }

    /// What the quote says, read as the typed snapshot.
    pub fn snapshot(&self) -> Result<QuoteSnapshot, serde_json::Error> {
        serde_json::from_str(self.content.as_str())
    }

    /// The quote as a reader sees it at `now`.
    pub fn view(&self, now: DateTime<Utc>) -> QuoteView {
        QuoteView {
            status: self.status_at(now),
            superseded_by: self.superseded.as_ref().map(|s| s.by.clone()),
            superseded_at: self.superseded.as_ref().map(|s| s.at),
            ..self.view_as_created()
        }
    }

    /// The quote as it read when it was created (active, superseded by nothing): the answer
    /// to its creation, given again to a retry with the same `Idempotency-Key`.
    pub fn view_as_created(&self) -> QuoteView {
        QuoteView {
            id: self.id.clone(),
            status: QuoteStatus::Active,
            created_at: self.created_at,
            expires_at: self.expires_at,
            therapy: self.therapy,
            price_book_version: self.price_book_version.clone(),
            total: self.total,
            replaces: self.replaces.clone(),
            superseded_by: None,
            superseded_at: None,
            content: self.content.clone(),
            signed_quote: self.signed_quote.clone(),
        }
    }
}

/// A stored quote: immutable content plus its status at the time of reading.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct QuoteView {
    /// The quote's id.
    pub id: QuoteId,
    /// `active`, `expired` (now is at or after `expires_at`) or `superseded`.
    pub status: QuoteStatus,
    /// When the quote was created (RFC 3339, UTC).
    #[schema(example = "2026-03-01T15:04:05Z")]
    pub created_at: DateTime<Utc>,
    /// When the quote stops being valid (RFC 3339, UTC).
    #[schema(example = "2026-03-31T15:04:05Z")]
    pub expires_at: DateTime<Utc>,
    /// The therapy quoted.
    pub therapy: TherapyCode,
    /// The price book the amounts came from.
    #[schema(example = "2026")]
    pub price_book_version: String,
    /// The quoted total.
    pub total: QuoteTotal,
    /// The earlier quote this one replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replaces: Option<QuoteId>,
    /// The quote that replaced this one, when `status` is `superseded`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<QuoteId>,
    /// When this quote was replaced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub superseded_at: Option<DateTime<Utc>>,
    /// The full quote as it was issued: the request, the estimate with its lines and
    /// financing options, the coverage answer, the center and the scheduled date. Served
    /// exactly as it was stored.
    #[schema(value_type = QuoteSnapshot)]
    pub content: JsonText,
    /// The quote signed by the service, to verify offline: a compact JWS (RFC 7515), `alg`
    /// `EdDSA` over Ed25519, its key named by `kid` in the header and published at
    /// `GET /.well-known/jwks.json`. Its payload states the id (`quote_id`), `account`,
    /// therapy, center, totals, price-book (and price-list) version, `created_at`,
    /// `expires_at`, and `content_sha256`: the SHA-256 of `content` as RFC 8785 canonical
    /// JSON. Quotes stored before quotes were signed have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(
        example = "eyJhbGciOiJFZERTQSIsImtpZCI6IjIwMjYtMTEiLCJ0eXAiOiJKV1QifQ.eyJxdW90ZV9pZCI6InEifQ.c2lnbmF0dXJl"
    )]
    pub signed_quote: Option<String>,
}

#[cfg(test)]
mod tests;
