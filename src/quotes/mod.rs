//! Stored quotes: immutable records a financing partner can lend against, kept in SQLite or
//! PostgreSQL, with Stripe-style idempotent creation. A quote's content is a JSON snapshot of
//! what the estimate, coverage, center and financing modules produced, so nothing those
//! modules change later can alter an issued quote.
//!
//! Creating a quote, as a route does it:
//!
//! 1. `Fingerprint::of_json(&body)`, then `store.begin(&scope, &key, &fingerprint, now)`:
//!    `Replay` → answer the stored response; `Mismatch` → 422; `InProgress` → 409.
//! 2. On `New(ticket)`: build the content, `NewQuote::new(content, owner, replaces, now,
//!    store.policy().valid_for)`, the response body from it, then
//!    `store.create(quote, Some(Completion { ticket, status: 201, body }))`.
//! 3. If anything fails before `create` succeeded: `store.release(ticket)`.

mod id;
mod idempotency;
mod postgres;
mod prepared;
mod record;
mod row;
mod sqlite;
mod store;

pub use id::{InvalidQuoteId, QuoteId};
pub(crate) use idempotency::Recorded;
pub use idempotency::{
    Begin, Completion, Fingerprint, IdempotencyKey, IdempotencyScope, IdempotencyTicket,
    InvalidIdempotencyKey, StoredResponse,
};
pub use prepared::{JsonText, PreparedQuote};
pub use record::{
    NewQuote, QuoteContent, QuoteInputError, QuoteStatus, QuoteTotal, QuoteView, StoredQuote,
    Supersession,
};
pub use store::{QuotePolicy, QuoteSettingsError, QuoteStore, StoreError};
