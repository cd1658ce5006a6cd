//! Why a Good Faith Estimate or a reconciliation cannot be produced. Every variant a client
//! caused names its field (as a JSON pointer into the request) and what would be accepted; none
//! repeats a patient's name, date of birth or diagnosis.

use crate::quoting::{QuoteId, QuoteStatus};

/// A Good Faith Estimate or reconciliation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GfeError {
    /// The quote expired or was superseded: no estimate is written from it (409).
    #[error(
        "this quote is {status}: a Good Faith Estimate is written only from an active quote, \
         whose prices still stand{replacement}",
        status = match status { QuoteStatus::Expired => "expired", _ => "superseded" },
        replacement = match superseded_by {
            Some(id) => format!("; it was replaced by quote {id}"),
            None => "; ask for a new quote".to_owned(),
        }
    )]
    QuoteNotActive {
        /// The quote's status now.
        status: QuoteStatus,
        /// The quote that replaced it, if one did.
        superseded_by: Option<QuoteId>,
    },
    /// No Good Faith Estimate with that id was issued for this quote (422).
    #[error(
        "good_faith_estimate_id: no Good Faith Estimate with this id was issued for this quote; \
         give the `id` of one issued by POST /v1/quotes/{{id}}/good-faith-estimate"
    )]
    UnknownEstimate,
    /// The estimate lists no provider: its quote named no center (422).
    #[error(
        "bills[{index}].provider_id: this Good Faith Estimate lists no provider to check a bill \
         against, because its quote names no center; quote with a center_id to reconcile bills"
    )]
    NoProvider {
        /// The bill's position.
        index: usize,
    },
    /// A bill is dated before the quote it is checked against (422).
    #[error("bills[{index}].bill_date: must not be before the quote was issued ({quoted})")]
    BillBeforeQuote {
        /// The bill's position.
        index: usize,
        /// The date the quote was issued (the earliest US date at that instant).
        quoted: chrono::NaiveDate,
    },
    /// The date of birth is after today (422).
    #[error("patient.date_of_birth: must not be in the future")]
    DateOfBirthInFuture,
    /// The date of birth is more than 130 years ago (422).
    #[error("patient.date_of_birth: must be within the last 130 years")]
    DateOfBirthTooOld,
    /// `lines` names a line the quote does not have (422).
    #[error("lines.{key}: the quote has no such line; its lines are: {accepted}")]
    UnknownLine {
        /// The key given.
        key: String,
        /// The quote's line codes, comma-separated.
        accepted: String,
    },
    /// More codes than a document lists (422).
    #[error("{pointer}: at most {max} diagnosis codes")]
    TooManyCodes {
        /// Where the list is.
        pointer: String,
        /// The most accepted.
        max: usize,
    },
    /// No bill was given (422).
    #[error("bills: give at least one bill, at most {max}")]
    BillCount {
        /// The most accepted.
        max: usize,
    },
    /// A bill names a provider the estimate does not list (422).
    #[error("bills[{index}].provider_id: not a provider on this estimate; accepted: {accepted}")]
    UnknownProvider {
        /// The bill's position.
        index: usize,
        /// The estimate's provider ids, comma-separated, or a sentence saying there are none.
        accepted: String,
    },
    /// Two bills name the same provider (422).
    #[error(
        "bills[{index}].provider_id: this provider already has a bill above; give one bill per \
         provider with the total it billed and the date of its first bill"
    )]
    DuplicateProvider {
        /// The position of the repeated bill.
        index: usize,
    },
    /// A bill is dated after today (422).
    #[error("bills[{index}].bill_date: must not be in the future")]
    FutureBill {
        /// The bill's position.
        index: usize,
    },
    /// A billed amount larger than any stored amount (422).
    #[error("bills[{index}].billed_cents: must be at most {max} cents")]
    AmountTooLarge {
        /// The bill's position.
        index: usize,
        /// The largest accepted amount.
        max: u64,
    },
    /// The stored quote has no itemized estimate this module can read (500: stored data is
    /// wrong, not the request).
    #[error("the stored quote cannot be read as an itemized estimate: {0}")]
    UnreadableQuote(String),
    /// Adding up amounts left the representable range (500).
    #[error("an amount is out of range")]
    Overflow,
}

impl GfeError {
    /// Where the offending value is in the request, as an RFC 6901 pointer; `None` for the
    /// errors the request did not cause.
    pub fn pointer(&self) -> Option<String> {
        Some(match self {
            GfeError::DateOfBirthInFuture | GfeError::DateOfBirthTooOld => {
                "/patient/date_of_birth".to_owned()
            }
            GfeError::UnknownLine { key, .. } => {
                format!("/lines/{}", key.replace('~', "~0").replace('/', "~1"))
            }
            GfeError::TooManyCodes { pointer, .. } => pointer.clone(),
            GfeError::BillCount { .. } => "/bills".to_owned(),
            GfeError::UnknownProvider { index, .. } | GfeError::DuplicateProvider { index } => {
                format!("/bills/{index}/provider_id")
            }
            GfeError::FutureBill { index } | GfeError::BillBeforeQuote { index, .. } => {
                format!("/bills/{index}/bill_date")
            }
            GfeError::NoProvider { index } => format!("/bills/{index}/provider_id"),
            GfeError::UnknownEstimate => "/good_faith_estimate_id".to_owned(),
            GfeError::AmountTooLarge { index, .. } => format!("/bills/{index}/billed_cents"),
            GfeError::UnreadableQuote(_) | GfeError::Overflow | GfeError::QuoteNotActive { .. } => {
                return None;
            }
        })
    }

    /// The offending field's name, e.g. `date_of_birth`; `None` as for [`GfeError::pointer`].
    pub fn field(&self) -> Option<&'static str> {
        Some(match self {
            GfeError::DateOfBirthInFuture | GfeError::DateOfBirthTooOld => "date_of_birth",
            GfeError::UnknownLine { .. } => "lines",
            GfeError::TooManyCodes { .. } => "diagnosis_codes",
            GfeError::BillCount { .. } => "bills",
            GfeError::UnknownProvider { .. }
            | GfeError::DuplicateProvider { .. }
            | GfeError::NoProvider { .. } => "provider_id",
            GfeError::FutureBill { .. } | GfeError::BillBeforeQuote { .. } => "bill_date",
            GfeError::UnknownEstimate => "good_faith_estimate_id",
            GfeError::AmountTooLarge { .. } => "billed_cents",
            GfeError::UnreadableQuote(_) | GfeError::Overflow | GfeError::QuoteNotActive { .. } => {
                return None;
            }
        })
    }

    /// What is wrong, without the field's name (the problem's `errors[].detail`).
    pub fn detail(&self) -> String {
        let text = self.to_string();
        match text.split_once(": ") {
            Some((_, detail)) if self.pointer().is_some() => detail.to_owned(),
            _ => text,
        }
    }
}

impl From<crate::money::Overflow> for GfeError {
    fn from(_: crate::money::Overflow) -> Self {
        GfeError::Overflow
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_errors_name_a_pointer_and_a_detail_without_the_field_prefix() {
        let e = GfeError::FutureBill { index: 2 };
        assert_eq!(e.pointer().as_deref(), Some("/bills/2/bill_date"));
        assert_eq!(e.field(), Some("bill_date"));
        assert_eq!(e.detail(), "must not be in the future");
        let e = GfeError::UnknownLine {
            key: "a/b".into(),
            accepted: "base".into(),
        };
        assert_eq!(e.pointer().as_deref(), Some("/lines/a~1b"));
        assert!(e.detail().contains("base"));
    }

    #[test]
    fn internal_errors_have_no_field() {
        assert_eq!(GfeError::Overflow.pointer(), None);
        assert_eq!(GfeError::UnreadableQuote("x".into()).field(), None);
    }
}
