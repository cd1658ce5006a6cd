//! Checking a final bill against the Good Faith Estimate the patient was given (45 CFR
//! 149.620): per provider, the expected charges that estimate listed (as the service kept them
//! when it issued it), the difference, and whether the patient may start patient-provider
//! dispute resolution.
//!
//! The two rules, both in integer cents and whole calendar days:
//! - the bill is at least $400 over: `billed_cents >= expected_cents + 40_000` (exactly $400 over
//!   is eligible, $399.99 is not);
//! - the dispute is started in time: today is no later than the deadline, `bill_date + 120`
//!   days. The bill date is day 0, so day 120 is still eligible and day 121 is not.

use crate::i18n::Lang;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::calendar::CalendarDate;
use crate::centers::CenterId;
use crate::gfe::issued::{EstimateId, IssuedEstimate};
use crate::gfe::regulation::{
    DISPUTE_THRESHOLD, DISPUTE_WINDOW_DAYS, DisputeResolution, dispute_resolution,
};
use crate::gfe::{GfeError, Today, long_date};
use crate::money::Cents;
use crate::quoting::QuoteId;

/// The most bills one request checks.
pub const MAX_BILLS: usize = 20;
/// The largest billed amount accepted: what a signed 64-bit integer of cents holds.
pub const MAX_BILLED_CENTS: u64 = i64::MAX as u64;

/// Check final bills against a Good Faith Estimate issued for the quote.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "good_faith_estimate_id": "gfe_3vq6x2m7kd4hbn5rpt6yc2faew",
    "bills": [{"provider_id": "regenerative-orthopedics-fort-worth", "billed_cents": 1_250_000,
               "bill_date": "2026-12-20"}]
}))]
pub struct ReconcileRequest {
    /// The `id` of the Good Faith Estimate the patient was given, issued for this quote: the
    /// bills are measured against the expected charges it listed.
    pub good_faith_estimate_id: EstimateId,
    /// One bill per provider: the total it billed and the date of its first bill (1 to 20).
    #[schema(min_items = 1, max_items = 20)]
    pub bills: Vec<Bill>,
}

/// What one provider billed.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Bill {
    /// The provider, as the estimate lists it (a center id).
    #[schema(example = "regenerative-orthopedics-fort-worth")]
    pub provider_id: String,
    /// The total the provider billed, in cents.
    #[schema(example = 1_250_000)]
    pub billed_cents: Cents,
    /// The date on the provider's first bill (`YYYY-MM-DD`): not in the future, and not before
    /// the quote was issued.
    #[schema(example = "2026-12-20")]
    pub bill_date: CalendarDate,
}

/// The bills checked against the estimate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Reconciliation {
    /// The Good Faith Estimate the bills are checked against.
    pub good_faith_estimate_id: EstimateId,
    /// When that estimate was issued.
    pub issued_at: DateTime<Utc>,
    /// The quote it was written from.
    #[schema(value_type = String, example = "q_7kd2mzq4xw3hbn5rpt6vyc2fae")]
    pub quote_id: QuoteId,
    /// The date the deadlines were checked against: the earliest date it is anywhere in the
    /// United States, so no patient is told a deadline passed while it is still open locally.
    #[schema(value_type = String, format = Date, example = "2026-12-21")]
    pub as_of: NaiveDate,
    /// One answer per bill, in the order given.
    pub providers: Vec<ProviderCheck>,
    /// Whether any bill may be disputed.
    pub any_eligible: bool,
    /// How and when to dispute.
    pub dispute_resolution: DisputeResolution,
}

/// One provider's bill against its expected charges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ProviderCheck {
    /// The provider.
    pub provider_id: CenterId,
    /// The expected charges the estimate lists for it.
    pub expected_cents: Cents,
    /// What it billed.
    pub billed_cents: Cents,
    /// `billed_cents - expected_cents`; negative when the bill is under the estimate.
    #[schema(example = 226_139)]
    pub difference_cents: i64,
    /// A bill of at least this much may be disputed: expected charges plus $400.
    pub dispute_threshold_cents: Cents,
    /// The date on the first bill.
    #[schema(value_type = String, format = Date)]
    pub bill_date: NaiveDate,
    /// The last day to start a dispute: 120 calendar days after the bill date.
    #[schema(value_type = String, format = Date)]
    pub dispute_deadline: NaiveDate,
    /// Calendar days from the bill date to `as_of` (0 on the bill date).
    pub days_since_bill: i64,
    /// Whether the bill is at least $400 over the expected charges.
    pub exceeds_threshold: bool,
    /// Whether `as_of` is on or before the deadline.
    pub within_deadline: bool,
    /// Both: the patient may start patient-provider dispute resolution for this bill.
    pub dispute_eligible: bool,
    /// The answer in words.
    pub explanation: String,
}

/// Whether `billed` is at least $400 over `expected`.
pub fn exceeds_threshold(expected: Cents, billed: Cents) -> bool {
    // An expected amount so large that adding $400 overflows cannot be exceeded by a bill.
    expected
        .checked_add(DISPUTE_THRESHOLD)
        .is_ok_and(|threshold| billed >= threshold)
}

/// The last day a dispute of a bill dated `bill_date` may be started.
pub fn dispute_deadline(bill_date: NaiveDate) -> Option<NaiveDate> {
    bill_date.checked_add_signed(TimeDelta::days(i64::from(DISPUTE_WINDOW_DAYS)))
}

/// Checks each bill against the expected charges `estimate` listed for the provider it names.
/// `quoted_at` is when the estimate's quote was issued: no bill for its care is older.
pub fn reconcile(
    estimate: &IssuedEstimate,
    quoted_at: DateTime<Utc>,
    request: &ReconcileRequest,
    today: Today,
) -> Result<Reconciliation, GfeError> {
    if request.bills.is_empty() || request.bills.len() > MAX_BILLS {
        return Err(GfeError::BillCount { max: MAX_BILLS });
    }
    let listed: Vec<&str> = estimate
        .charges
        .providers
        .iter()
        .filter_map(|p| p.provider_id.as_ref().map(CenterId::as_str))
        .collect();
    // The earliest date anywhere in the US when the quote was issued: a bill dated that day
    // somewhere is not before it.
    let quoted = Today::at(quoted_at).earliest();
    let mut providers: Vec<ProviderCheck> = Vec::with_capacity(request.bills.len());
    for (index, bill) in request.bills.iter().enumerate() {
        if listed.is_empty() {
            return Err(GfeError::NoProvider { index });
        }
        let found = CenterId::parse(&bill.provider_id)
            .ok()
            .and_then(|id| Some((estimate.provider(&id)?, id)));
        let Some((listed_provider, id)) = found else {
            return Err(GfeError::UnknownProvider {
                index,
                accepted: listed.join(", "),
            });
        };
        if providers.iter().any(|p| p.provider_id == id) {
            return Err(GfeError::DuplicateProvider { index });
        }
        if bill.billed_cents.get() > MAX_BILLED_CENTS {
            return Err(GfeError::AmountTooLarge {
                index,
                max: MAX_BILLED_CENTS,
            });
        }
        let bill_date = bill.bill_date.date();
        if bill_date > today.latest() {
            return Err(GfeError::FutureBill { index });
        }
        if bill_date < quoted {
            return Err(GfeError::BillBeforeQuote { index, quoted });
        }
        let expected = listed_provider.expected_charges_cents;
        providers.push(check(id, expected, bill.billed_cents, bill_date, today)?);
    }
    Ok(Reconciliation {
        good_faith_estimate_id: estimate.id.clone(),
        issued_at: estimate.issued_at,
        quote_id: estimate.quote_id.clone(),
        as_of: today.earliest(),
        any_eligible: providers.iter().any(|p| p.dispute_eligible),
        providers,
        // Read by the clinic's back office: English.
        dispute_resolution: dispute_resolution(Lang::En),
    })
}

fn check(
    id: CenterId,
    expected: Cents,
    billed: Cents,
    bill_date: NaiveDate,
    today: Today,
) -> Result<ProviderCheck, GfeError> {
    let difference = i128::from(billed.get()) - i128::from(expected.get());
    let difference = i64::try_from(difference).map_err(|_| GfeError::Overflow)?;
    let deadline = dispute_deadline(bill_date).ok_or(GfeError::Overflow)?;
    // A bill dated today somewhere ahead of `as_of` is on day 0, not day -1.
    let days_since_bill = (today.earliest() - bill_date).num_days().max(0);
    let over = exceeds_threshold(expected, billed);
    let last_day = long_date(deadline, Lang::En);
    let in_time = today.earliest() <= deadline;
    let explanation = match (over, in_time) {
        (true, true) => format!(
            "The bill is {} over the expected charges, at least {DISPUTE_THRESHOLD} over, and \
             the dispute can still be started until {last_day}: the patient may start \
             patient-provider dispute resolution.",
            Cents::new(difference.unsigned_abs())
        ),
        (true, false) => format!(
            "The bill is at least {DISPUTE_THRESHOLD} over the expected charges, but the \
             {DISPUTE_WINDOW_DAYS} days to start a dispute ended on {last_day}."
        ),
        (false, _) => format!(
            "The bill is less than {DISPUTE_THRESHOLD} over the expected charges, so it cannot \
             be disputed through patient-provider dispute resolution; the patient may still ask \
             the provider to review it."
        ),
    };
    Ok(ProviderCheck {
        provider_id: id,
        expected_cents: expected,
        billed_cents: billed,
        difference_cents: difference,
        dispute_threshold_cents: expected.checked_add(DISPUTE_THRESHOLD)?,
        bill_date,
        dispute_deadline: deadline,
        days_since_bill,
        exceeds_threshold: over,
        within_deadline: in_time,
        dispute_eligible: over && in_time,
        explanation,
    })
}

#[cfg(test)]
mod tests;
