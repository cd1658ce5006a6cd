//! Why a request cannot be estimated or quoted. Each variant knows the request field it
//! concerns, so the HTTP layer answers one 422 naming it.

use chrono::NaiveDate;

use crate::centers::CenterId;
use crate::pricing::EstimateError;
use crate::therapy::TherapyCode;
use crate::zip::ZipCode;

/// A request the quoting service refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuotingError {
    /// The ZIP code is well formed but is not a known US ZIP code.
    #[error("ZIP {0} is not a known US ZIP code")]
    UnknownZip(ZipCode),
    /// No center has this id.
    #[error("no center has the id `{0}`; see GET /v1/centers")]
    UnknownCenter(CenterId),
    /// The center does not offer the therapy asked for.
    #[error("center `{center}` does not offer {therapy}; it offers: {offered}")]
    NotOffered {
        /// The center named.
        center: CenterId,
        /// The therapy asked for.
        therapy: TherapyCode,
        /// What the center offers, comma-separated.
        offered: String,
    },
    /// The price book (or the center's price list) cannot price the request.
    #[error(transparent)]
    Estimate(#[from] EstimateError),
    /// The scheduled date is in the past, after the quote expires, or outside the price book.
    #[error("{0}")]
    ScheduledDate(ScheduledDateError),
}

/// Why a scheduled date cannot be quoted, with the dates that can.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduledDateError {
    /// Outside the dates a quote issued now can be scheduled for.
    #[error(
        "scheduled_date: must be from {earliest} to {latest}: not before today, not after the \
         quote expires ({expires_on}), and within the {version} price book's dates ({from} to \
         {to})"
    )]
    OutsideWindow {
        /// The first date accepted.
        earliest: NaiveDate,
        /// The last date accepted.
        latest: NaiveDate,
        /// The last day the quote is valid.
        expires_on: NaiveDate,
        /// The price book's version.
        version: String,
        /// The book's first day.
        from: NaiveDate,
        /// The book's last day.
        to: NaiveDate,
    },
    /// No date can be scheduled: the price book's dates and the quote's validity do not meet.
    #[error(
        "scheduled_date: no date can be scheduled on a quote issued now: the {version} price \
         book's dates ({from} to {to}) and the quote's validity (today to {expires_on}) do not \
         overlap; leave it out"
    )]
    NoDate {
        /// The last day the quote is valid.
        expires_on: NaiveDate,
        /// The price book's version.
        version: String,
        /// The book's first day.
        from: NaiveDate,
        /// The book's last day.
        to: NaiveDate,
    },
}

impl QuotingError {
    /// The request field at fault.
    pub fn field(&self) -> &'static str {
        match self {
            QuotingError::UnknownZip(_) => "zip",
            QuotingError::UnknownCenter(_) | QuotingError::NotOffered { .. } => "center_id",
            QuotingError::ScheduledDate(_) => "scheduled_date",
            QuotingError::Estimate(e) => e.field(),
        }
    }
}
