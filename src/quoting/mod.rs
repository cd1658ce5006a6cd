//! Quotes: the quoting service that turns a request into an estimate or a quote, the typed
//! snapshot a quote freezes, and the quote record as it is issued, stored and read.
//!
//! A route asks [`Quoting::estimate`] or [`Quoting::quote`]; a quote's snapshot becomes a
//! [`QuoteDraft`], which the quote store issues ([`NewQuote::issue`]: id, times, the
//! figures from the snapshot, the snapshot serialised once) and stores. Reading gives a
//! [`StoredQuote`]: its [`QuoteView`] embeds the stored text as it is, and
//! [`StoredQuote::snapshot`] reads it back as the typed [`QuoteSnapshot`] for documents.

mod error;
#[cfg(test)]
pub(crate) mod fixtures;
pub(crate) mod id;
mod json_text;
mod record;
mod service;
mod signed;
mod snapshot;

pub use error::{QuotingError, ScheduledDateError};
pub use id::{InvalidQuoteId, QuoteId};
pub use json_text::JsonText;
pub use record::{
    NewQuote, QuoteDraft, QuoteInputError, QuoteStatus, QuoteTotal, QuoteView, StoredQuote,
    Supersession,
};
pub use service::{EstimateKey, QuoteWindow, Quoting};
pub use signed::{SignedQuoteClaims, SignedTotal, content_sha256};
pub use snapshot::{PricedEstimate, QuoteRequest, QuoteSnapshot, QuotedCenter, SNAPSHOT_VERSION};
