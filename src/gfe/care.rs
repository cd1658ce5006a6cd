//! The care a stored quote prices, read back from the quote's frozen snapshot: the itemized
//! estimate, the center, the scheduled date. Good Faith Estimates and reconciliations are built
//! from this, so both use the same figures.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;

use crate::centers::Center;
use crate::gfe::{ExpectedBasis, GfeError};
use crate::money::Cents;
use crate::pricing::Estimate;
use crate::pricing::estimate::EstimateLine;
use crate::quotes::{QuoteStatus, StoredQuote};

use super::document::QuoteReference;

/// What a stored quote says about the care it prices.
#[derive(Debug, Clone)]
pub struct QuotedCare {
    pub(crate) quote: QuoteReference,
    pub(crate) estimate: Estimate,
    pub(crate) center: Option<Center>,
    pub(crate) scheduled_date: Option<NaiveDate>,
}

/// The parts of a quote's snapshot this module reads; the rest is ignored.
#[derive(Deserialize)]
struct Snapshot {
    estimate: Estimate,
    #[serde(default)]
    center: Option<Center>,
    #[serde(default)]
    scheduled_date: Option<NaiveDate>,
}

impl QuotedCare {
    /// Reads `quote` as it stands at `now`; [`GfeError::UnreadableQuote`] when its snapshot
    /// holds no itemized estimate.
    pub fn from_quote(quote: &StoredQuote, now: DateTime<Utc>) -> Result<QuotedCare, GfeError> {
        let snapshot = Snapshot::deserialize(&quote.content.snapshot)
            .map_err(|e| GfeError::UnreadableQuote(e.to_string()))?;
        if snapshot.estimate.lines.is_empty() {
            return Err(GfeError::UnreadableQuote(
                "the estimate has no lines".into(),
            ));
        }
        Ok(QuotedCare {
            quote: QuoteReference {
                id: quote.id.clone(),
                status: quote.status_at(now),
                created_at: quote.created_at,
                expires_at: quote.expires_at,
                price_book_version: quote.content.price_book_version.clone(),
            },
            estimate: snapshot.estimate,
            center: snapshot.center,
            scheduled_date: snapshot.scheduled_date,
        })
    }

    /// The id of the center the quote names, to look it up in today's directory.
    pub fn center_id(&self) -> Option<&str> {
        self.center.as_ref().map(|c| c.id.as_str())
    }

    /// The center as it was when the quote was issued.
    pub fn quoted_center(&self) -> Option<&Center> {
        self.center.as_ref()
    }

    /// The quote's status when it was read.
    pub fn status(&self) -> QuoteStatus {
        self.quote.status
    }

    /// The quote's itemized lines.
    pub fn lines(&self) -> &[EstimateLine] {
        &self.estimate.lines
    }

    /// The expected charges of the quote's provider on `basis`: the sum of its lines' figures,
    /// exactly as the Good Faith Estimate lists them.
    pub fn expected_charges(&self, basis: ExpectedBasis) -> Result<Cents, GfeError> {
        Ok(Cents::checked_sum(
            self.estimate.lines.iter().map(|l| figure(l, basis)),
        )?)
    }
}

/// A line's figure on `basis`.
pub(crate) fn figure(line: &EstimateLine, basis: ExpectedBasis) -> Cents {
    match basis {
        ExpectedBasis::Low => line.low_cents,
        ExpectedBasis::Typical => line.typical_cents,
        ExpectedBasis::High => line.high_cents,
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! A stored quote as `POST /v1/quotes` writes one, priced by the shipped price book.

    use chrono::{DateTime, TimeDelta, Utc};
    use serde_json::{Value, json};

    use crate::centers::{Directory, ZipTable};
    use crate::money::Cents;
    use crate::pricing::{EstimateRequest, PriceBook};
    use crate::quotes::{NewQuote, QuoteContent, QuoteTotal, StoredQuote};

    /// The shipped center directory, loaded once for all tests.
    pub static DIRECTORY: std::sync::LazyLock<Directory> =
        std::sync::LazyLock::new(|| Directory::embedded(&ZipTable::embedded().unwrap()).unwrap());

    /// The shipped Fort Worth center.
    pub const FORT_WORTH: &str = "regenerative-orthopedics-fort-worth";

    /// The instant the fixture quotes are issued.
    pub fn issued() -> DateTime<Utc> {
        "2026-03-01T12:00:00Z".parse().unwrap()
    }

    /// A stored quote for `request`, at `center` if given, scheduled as given.
    pub fn stored(request: Value, center: Option<&str>, scheduled: Option<&str>) -> StoredQuote {
        let book = PriceBook::embedded().unwrap();
        let req: EstimateRequest = serde_json::from_value(request.clone()).unwrap();
        let estimate = crate::pricing::estimate(&book, &req, None).unwrap();
        let center = center.map(|id| DIRECTORY.get(id).unwrap());
        let t = estimate.total;
        let snapshot = json!({
            "request": request,
            "estimate": estimate,
            "coverage": {"status": "rarely_covered"},
            "center": center,
            "scheduled_date": scheduled,
        });
        let content = QuoteContent {
            therapy: req.therapy,
            price_book_version: "2026".into(),
            total: QuoteTotal::new(t.low_cents, t.typical_cents, t.high_cents).unwrap(),
            snapshot,
        };
        let quote = NewQuote::new(content, None, None, issued(), TimeDelta::days(30));
        StoredQuote {
            id: quote.id,
            created_at: quote.created_at,
            expires_at: quote.expires_at,
            replaces: None,
            owner_key_id: None,
            content: quote.content,
            superseded: None,
        }
    }

    /// The knee injection with its default add-ons, at Fort Worth, scheduled.
    pub fn knee_at_fort_worth() -> StoredQuote {
        stored(
            json!({"therapy": "knee_msc_injection"}),
            Some(FORT_WORTH),
            Some("2026-12-14"),
        )
    }

    /// A typical total, to compare with.
    pub fn typical_of(quote: &StoredQuote) -> Cents {
        quote.content.total.typical()
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    #[test]
    fn a_quote_reads_back_its_lines_center_and_date() {
        let care = QuotedCare::from_quote(&knee_at_fort_worth(), issued()).unwrap();
        assert_eq!(care.center_id(), Some(FORT_WORTH));
        assert_eq!(care.scheduled_date, "2026-12-14".parse().ok());
        assert_eq!(care.status(), QuoteStatus::Active);
        assert!(
            care.lines()
                .iter()
                .any(|l| l.code == "imaging_and_post_care")
        );
    }

    #[test]
    fn expected_charges_are_the_quotes_totals_on_each_basis() {
        let quote = knee_at_fort_worth();
        let care = QuotedCare::from_quote(&quote, issued()).unwrap();
        let total = quote.content.total;
        assert_eq!(
            care.expected_charges(ExpectedBasis::Typical),
            Ok(typical_of(&quote))
        );
        assert_eq!(care.expected_charges(ExpectedBasis::Low), Ok(total.low()));
        assert_eq!(care.expected_charges(ExpectedBasis::High), Ok(total.high()));
    }

    #[test]
    fn a_snapshot_without_an_estimate_is_unreadable_not_a_panic() {
        let mut quote = knee_at_fort_worth();
        quote.content.snapshot = serde_json::json!({"note": "issued elsewhere"});
        let err = QuotedCare::from_quote(&quote, issued()).unwrap_err();
        assert!(matches!(err, GfeError::UnreadableQuote(_)), "{err}");
        assert_eq!(err.pointer(), None);
    }
}
