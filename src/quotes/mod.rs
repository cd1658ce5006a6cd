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
//!
//! The route does the same with fewer trips to the database:
//!
//! 1. `store.claim(&scope, &key, &fingerprint, now)`: `Taken(..)` → answer what the key says;
//!    `Held(claim)` → build the content.
//! 2. `store.create_once(claim, quote.prepare()?, body)` stores the quote and records `body`
//!    as its 201 (`Stored`), or stores nothing and says why (`Taken(..)`). On SQLite, the
//!    claim is held in the process and the key, the quote and the response are one write.
//! 3. If the content cannot be built: `store.give_up(claim)`, whose answer, if any, comes
//!    before the request's own error.

mod id;
mod idempotency;
mod postgres;
mod prepared;
mod record;
mod row;
mod sqlite;
mod store;

pub use id::{InvalidQuoteId, QuoteId};
pub use idempotency::{
    Begin, Completion, Fingerprint, IdempotencyKey, IdempotencyScope, IdempotencyTicket,
    IdempotentCreate, InvalidIdempotencyKey, KeyTaken, StoredResponse,
};
pub use prepared::{JsonText, PreparedQuote};
pub use record::{
    NewQuote, QuoteContent, QuoteInputError, QuoteStatus, QuoteTotal, QuoteView, StoredQuote,
    Supersession,
};
pub use store::{
    Claimed, KeyClaim, QuotePolicy, QuoteSettings, QuoteSettingsError, QuoteStore, StoreError,
};
