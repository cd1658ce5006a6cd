//! The care a stored quote prices, read back from the quote's frozen snapshot: the itemized
//! estimate, the center, the scheduled date. Good Faith Estimates and reconciliations are built
//! from this, so both use the same figures.

use chrono::{DateTime, NaiveDate, Utc};

use crate::gfe::GfeError;
use crate::money::Cents;
use crate::pricing::Estimate;
use crate::pricing::estimate::EstimateLine;
use crate::quoting::{QuoteId, QuoteStatus, QuotedCenter, StoredQuote};

use super::document::QuoteReference;

/// What a stored quote says about the care it prices.
#[derive(Debug, Clone)]
pub struct QuotedCare {
    pub(crate) quote: QuoteReference,
    pub(crate) estimate: Estimate,
    pub(crate) center: Option<QuotedCenter>,
    pub(crate) scheduled_date: Option<NaiveDate>,
    pub(crate) superseded_by: Option<QuoteId>,
}

impl QuotedCare {
    /// Reads `quote` as it stands at `now`; [`GfeError::UnreadableQuote`] when its snapshot
    /// holds no itemized estimate.
    pub fn from_quote(quote: &StoredQuote, now: DateTime<Utc>) -> Result<QuotedCare, GfeError> {
        let snapshot = quote
            .snapshot()
            .map_err(|e| GfeError::UnreadableQuote(e.to_string()))?;
        let estimate = snapshot.estimate.estimate;
        if estimate.lines.is_empty() {
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
                price_book_version: quote.price_book_version.clone(),
            },
            estimate,
            center: snapshot.center,
            scheduled_date: snapshot.scheduled_date,
            superseded_by: quote.superseded.as_ref().map(|s| s.by.clone()),
        })
    }

    /// The id of the center the quote names, to look it up in today's directory.
    pub fn center_id(&self) -> Option<&str> {
        self.center.as_ref().map(|c| c.id.as_str())
    }

    /// The center as it was when the quote was issued.
    pub fn quoted_center(&self) -> Option<&QuotedCenter> {
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

    /// Whether it is active, or else why no estimate may be written from it.
    pub fn require_active(&self) -> Result<(), GfeError> {
        match self.quote.status {
            QuoteStatus::Active => Ok(()),
            status => Err(GfeError::QuoteNotActive {
                status,
                superseded_by: self.superseded_by.clone(),
            }),
        }
    }

    /// The expected charges of the quote's provider: the sum of its lines' expected charges,
    /// exactly as the Good Faith Estimate lists them.
    pub fn expected_charges(&self) -> Result<Cents, GfeError> {
        Ok(Cents::checked_sum(
            self.estimate.lines.iter().map(expected_charge),
        )?)
    }
}

/// A line's expected charge: the charge the provider expects to bill, which the quote states as
/// the line's typical figure. No caller chooses another: a higher figure would take away the
/// patient's $400 dispute protection.
pub(crate) fn expected_charge(line: &EstimateLine) -> Cents {
    line.typical_cents
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Stored quotes as `POST /v1/quotes` writes them, made by the quoting service over the
    //! shipped data.

    use chrono::{DateTime, TimeDelta, Utc};
    use serde_json::{Value, json};

    use crate::money::Cents;
    pub use crate::quoting::fixtures::{FORT_WORTH, PRICED_CENTER};
    use crate::quoting::fixtures::{QUOTING, QUOTING_PRICED, request, window};
    use crate::quoting::{NewQuote, QuoteDraft, StoredQuote};

    /// The instant the fixture quotes are issued.
    pub fn issued() -> DateTime<Utc> {
        crate::quoting::fixtures::issued()
    }

    /// A stored quote for the estimate `body`, at `center` if given, scheduled as given.
    pub fn stored(body: Value, center: Option<&str>, scheduled: Option<&str>) -> StoredQuote {
        let quoting = if center == Some(PRICED_CENTER) {
            &QUOTING_PRICED
        } else {
            &QUOTING
        };
        let mut body = body;
        if let Some(center) = center {
            body["center_id"] = json!(center);
        }
        if let Some(date) = scheduled {
            body["scheduled_date"] = json!(date);
        }
        let draft = QuoteDraft {
            snapshot: quoting
                .quote(&request(body), window())
                .expect("the fixture request is quoted"),
            owner_key_id: None,
            account: None,
            replaces: None,
        };
        NewQuote::issue(draft, issued(), TimeDelta::days(30))
            .expect("issued")
            .into_stored()
    }

    /// The knee injection with its default add-ons, at Fort Worth, scheduled.
    pub fn knee_at_fort_worth() -> StoredQuote {
        stored(
            json!({"therapy": "knee_msc_injection"}),
            Some(FORT_WORTH),
            Some("2026-03-20"),
        )
    }

    /// The knee injection with its default add-ons at a center that publishes its own prices,
    /// scheduled: the expected charges are the provider's own.
    pub fn knee_at_priced_center() -> StoredQuote {
        stored(
            json!({"therapy": "knee_msc_injection"}),
            Some(PRICED_CENTER),
            Some("2026-03-20"),
        )
    }

    /// A typical total, to compare with.
    pub fn typical_of(quote: &StoredQuote) -> Cents {
        quote.total.typical()
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
        assert_eq!(care.scheduled_date, "2026-03-20".parse().ok());
        assert_eq!(care.status(), QuoteStatus::Active);
        assert!(
            care.lines()
                .iter()
                .any(|l| l.code == "imaging_and_post_care")
        );
    }

    #[test]
    fn expected_charges_are_the_quotes_typical_total() {
        let quote = knee_at_fort_worth();
        let care = QuotedCare::from_quote(&quote, issued()).unwrap();
        assert_eq!(care.expected_charges(), Ok(typical_of(&quote)));
    }

    #[test]
    fn an_expired_or_superseded_quote_is_not_active_and_names_its_replacement() {
        let quote = knee_at_fort_worth();
        let later = quote.expires_at + chrono::TimeDelta::seconds(1);
        let expired = QuotedCare::from_quote(&quote, later).unwrap();
        assert!(matches!(
            expired.require_active(),
            Err(GfeError::QuoteNotActive {
                status: QuoteStatus::Expired,
                ..
            })
        ));
        let mut replaced = quote.clone();
        let by = crate::quoting::QuoteId::generate();
        replaced.superseded = Some(crate::quoting::Supersession {
            by: by.clone(),
            at: issued(),
        });
        let err = QuotedCare::from_quote(&replaced, issued())
            .unwrap()
            .require_active()
            .unwrap_err();
        assert!(err.to_string().contains(by.as_str()), "{err}");
        assert!(
            QuotedCare::from_quote(&quote, issued())
                .unwrap()
                .require_active()
                .is_ok()
        );
    }

    #[test]
    fn a_snapshot_without_an_estimate_is_unreadable_not_a_panic() {
        let mut quote = knee_at_fort_worth();
        quote.content =
            crate::quoting::JsonText::canonical(&serde_json::json!({"note": "issued elsewhere"}))
                .unwrap();
        let err = QuotedCare::from_quote(&quote, issued()).unwrap_err();
        assert!(matches!(err, GfeError::UnreadableQuote(_)), "{err}");
        assert_eq!(err.pointer(), None);
    }
}
