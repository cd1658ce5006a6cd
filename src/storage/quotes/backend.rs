//! The protocol both databases keep, so [`QuoteStore`](super::QuoteStore) can create a quote
//! idempotently the same way on either: claim the key, build the quote, then store it with its
//! key in one transaction or give the key up.

use std::future::Future;

use chrono::{DateTime, Utc};

use super::vocab::{Claim, KeyTaken, StoreError};
use crate::gfe::{EstimateId, IssuedEstimate};
use crate::quoting::{NewQuote, QuoteId, StoredQuote};

/// One database's side of the quote store.
pub(crate) trait Backend {
    /// What keeps a claimed key held while its request builds the quote: a hold in this
    /// process (SQLite), or nothing because the database row is the hold (PostgreSQL).
    /// Dropping it frees a hold in the process.
    type Hold: Send;

    /// Claims `claim`'s key before the request builds its quote, or says why it cannot:
    /// another request holds it (`InProgress`) or holds it for another body (`Mismatch`), or
    /// it stored a quote already (`Replay`, `Mismatch`).
    fn claim(
        &self,
        claim: &Claim,
    ) -> impl Future<Output = Result<Result<Self::Hold, KeyTaken>, StoreError>> + Send;

    /// Stores `quote` durably and, when it replaces another, marks that one superseded; with
    /// a claim, records the key as answered by the quote, all in one transaction, or stores
    /// nothing and says what the key says instead. Returns once committed. A failure leaves
    /// the key free for a retry.
    fn insert(
        &self,
        quote: NewQuote,
        claim: Option<Claim>,
    ) -> impl Future<Output = Result<Option<KeyTaken>, StoreError>> + Send;

    /// Frees the key of a request that stores nothing (its body cannot be quoted). What the
    /// key said before this request came takes precedence over the request's own error.
    fn give_up(
        &self,
        claim: Claim,
    ) -> impl Future<Output = Result<Option<KeyTaken>, StoreError>> + Send;

    /// The quote with `id`, or `None`.
    fn get(
        &self,
        id: &QuoteId,
    ) -> impl Future<Output = Result<Option<StoredQuote>, StoreError>> + Send;

    /// Forgets keys created before `before`; returns how many.
    fn purge(&self, before: DateTime<Utc>) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Stores a Good Faith Estimate as issued; returns once committed.
    fn record_estimate(
        &self,
        estimate: IssuedEstimate,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The issued estimate with `id`, or `None`.
    fn estimate(
        &self,
        id: &EstimateId,
    ) -> impl Future<Output = Result<Option<IssuedEstimate>, StoreError>> + Send;
}
