use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::gfe::care::fixtures::{FORT_WORTH, issued, knee_at_fort_worth, stored, typical_of};
use crate::gfe::{GoodFaithEstimateRequest, QuotedCare, good_faith_estimate};
use crate::quoting::StoredQuote;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The estimate issued for `quote` on the day it was quoted, as the service keeps it.
fn issue(quote: &StoredQuote) -> IssuedEstimate {
    let care = QuotedCare::from_quote(quote, issued()).unwrap();
    let book = crate::pricing::PriceBook::embedded().unwrap();
    let request: GoodFaithEstimateRequest = serde_json::from_value(
        json!({"patient": {"name": "Jordan Rivera", "date_of_birth": "1961-04-09"}}),
    )
    .unwrap();
    let today = Today::on(date("2026-03-01"));
    let therapy = book.therapy(care.estimate.therapy);
    let doc = good_faith_estimate(
        &care,
        None,
        therapy,
        &request,
        today,
        issued(),
        crate::i18n::Lang::En,
    )
    .unwrap();
    IssuedEstimate::from(&doc)
}

static ISSUED: std::sync::LazyLock<(IssuedEstimate, Cents)> = std::sync::LazyLock::new(|| {
    let quote = knee_at_fort_worth();
    (issue(&quote), typical_of(&quote))
});

fn estimate() -> (IssuedEstimate, Cents) {
    ISSUED.clone()
}

fn request(bills: serde_json::Value) -> ReconcileRequest {
    let id = ISSUED.0.id.to_string();
    serde_json::from_value(json!({ "good_faith_estimate_id": id, "bills": bills })).unwrap()
}

fn one_bill(billed: u64, bill_date: &str) -> ReconcileRequest {
    request(json!([{"provider_id": FORT_WORTH, "billed_cents": billed, "bill_date": bill_date}]))
}

fn check(
    estimate: &IssuedEstimate,
    req: &ReconcileRequest,
    today: &str,
) -> Result<Reconciliation, GfeError> {
    reconcile(estimate, issued(), req, Today::on(date(today)))
}

#[test]
fn exactly_400_dollars_over_is_eligible_and_399_99_is_not() {
    let expected = Cents::new(1_000_000);
    assert!(exceeds_threshold(expected, Cents::new(1_040_000)));
    assert!(!exceeds_threshold(expected, Cents::new(1_039_999)));
    assert!(!exceeds_threshold(expected, Cents::new(900_000)));
}

#[test]
fn day_120_after_the_bill_is_still_in_time_and_day_121_is_not() {
    let (estimate, expected) = estimate();
    let billed = expected.get() + 50_000;
    let table = [
        ("2026-05-01", "2026-05-01", true, 0),
        ("2026-05-01", "2026-08-29", true, 120),
        ("2026-05-01", "2026-08-30", false, 121),
    ];
    for (bill_date, today, eligible, days) in table {
        let answer = check(&estimate, &one_bill(billed, bill_date), today).unwrap();
        let p = &answer.providers[0];
        assert_eq!(p.dispute_deadline, date("2026-08-29"));
        assert_eq!(
            (p.dispute_eligible, p.days_since_bill),
            (eligible, days),
            "{today}"
        );
        assert_eq!(answer.any_eligible, eligible);
    }
}

#[test]
fn the_expected_charge_is_the_one_the_issued_estimate_listed() {
    let (estimate, typical) = estimate();
    let answer = check(
        &estimate,
        &one_bill(typical.get() + 40_000, "2026-12-20"),
        "2026-12-21",
    )
    .unwrap();
    assert_eq!(answer.good_faith_estimate_id, estimate.id);
    let p = &answer.providers[0];
    assert_eq!(p.expected_cents, typical);
    assert_eq!(p.difference_cents, 40_000);
    assert_eq!(p.dispute_threshold_cents.get(), typical.get() + 40_000);
    assert!(p.dispute_eligible, "{}", p.explanation);
    // Whatever the quote says now, the bill is measured against what the estimate listed.
    let mut changed = estimate.clone();
    changed.charges.providers[0].expected_charges_cents = Cents::new(typical.get() + 100);
    let answer = check(
        &changed,
        &one_bill(typical.get() + 40_000, "2026-12-20"),
        "2026-12-21",
    )
    .unwrap();
    assert!(!answer.providers[0].dispute_eligible);
    assert_eq!(answer.providers[0].difference_cents, 39_900);
}

#[test]
fn no_caller_may_name_another_basis_when_reconciling() {
    let id = ISSUED.0.id.to_string();
    let err = serde_json::from_value::<ReconcileRequest>(json!({
        "good_faith_estimate_id": id, "expected_basis": "high",
        "bills": [{"provider_id": FORT_WORTH, "billed_cents": 1, "bill_date": "2026-03-01"}]
    }))
    .unwrap_err();
    assert!(err.to_string().contains("expected_basis"), "{err}");
}

#[test]
fn a_bill_dated_before_the_quote_is_refused_naming_the_quote_date() {
    let (estimate, _) = estimate();
    // The quote was issued 2026-03-01 at noon UTC: 2026-03-01 everywhere in the US.
    let err = check(&estimate, &one_bill(1, "2026-02-28"), "2026-03-10").unwrap_err();
    assert_eq!(
        err,
        GfeError::BillBeforeQuote {
            index: 0,
            quoted: date("2026-03-01")
        }
    );
    assert_eq!(err.pointer().as_deref(), Some("/bills/0/bill_date"));
    assert!(check(&estimate, &one_bill(1, "2026-03-01"), "2026-03-10").is_ok());
}

#[test]
fn a_bill_dated_after_today_is_refused_naming_it() {
    let (estimate, _) = estimate();
    let err = check(&estimate, &one_bill(1, "2026-03-02"), "2026-03-01").unwrap_err();
    assert_eq!(err, GfeError::FutureBill { index: 0 });
    assert_eq!(err.pointer().as_deref(), Some("/bills/0/bill_date"));
}

#[test]
fn a_bill_dated_today_in_guam_is_not_in_the_future() {
    let (estimate, _) = estimate();
    let now: chrono::DateTime<chrono::Utc> = "2026-03-01T20:00:00Z".parse().unwrap();
    let answer = reconcile(
        &estimate,
        issued(),
        &one_bill(1, "2026-03-02"),
        Today::at(now),
    )
    .unwrap();
    assert_eq!(answer.providers[0].days_since_bill, 0);
    assert_eq!(answer.as_of, date("2026-03-01"));
}

#[test]
fn bad_bill_lists_are_refused_naming_the_field() {
    let (estimate, _) = estimate();
    let bill = json!({"provider_id": FORT_WORTH, "billed_cents": 1, "bill_date": "2026-12-20"});
    let other = json!({"provider_id": "nyu-langone-regenerative-orthopedic-medicine",
                       "billed_cents": 1, "bill_date": "2026-12-20"});
    let huge =
        json!({"provider_id": FORT_WORTH, "billed_cents": u64::MAX, "bill_date": "2026-12-20"});
    let cases = [
        (json!([]), "/bills"),
        (json!(vec![bill.clone(); 21]), "/bills"),
        (json!([other]), "/bills/0/provider_id"),
        (json!([bill.clone(), bill]), "/bills/1/provider_id"),
        (json!([huge]), "/bills/0/billed_cents"),
    ];
    for (bills, pointer) in cases {
        let err = check(&estimate, &request(bills.clone()), "2026-12-21").unwrap_err();
        assert_eq!(err.pointer().as_deref(), Some(pointer), "{bills}");
    }
}

#[test]
fn an_estimate_whose_quote_names_no_center_has_no_provider_to_reconcile() {
    let quote = stored(json!({"therapy": "back_msc_prp"}), None, None);
    let estimate = issue(&quote);
    let err = check(&estimate, &one_bill(1, "2026-03-01"), "2026-03-01").unwrap_err();
    assert_eq!(err, GfeError::NoProvider { index: 0 });
    assert!(err.to_string().contains("names no center"), "{err}");
}

proptest! {
    #[test]
    fn eligibility_is_exactly_both_rules(
        expected in 0u64..10_000_000_000,
        over in -100_000i64..100_000,
        days in 0i64..400,
    ) {
        let billed = expected.saturating_add_signed(over);
        let bill_date = date("2026-01-01");
        let today = bill_date + TimeDelta::days(days);
        let expected = Cents::new(expected);
        let over_by = i128::from(billed) - i128::from(expected.get());
        prop_assert_eq!(exceeds_threshold(expected, Cents::new(billed)), over_by >= 40_000);
        let deadline = dispute_deadline(bill_date).unwrap();
        prop_assert_eq!(today <= deadline, days <= 120);
    }

    #[test]
    fn more_billed_never_turns_an_eligible_bill_ineligible(
        expected in 0u64..10_000_000_000, billed in 0u64..10_000_000_000, extra in 0u64..1_000_000,
    ) {
        let expected = Cents::new(expected);
        if exceeds_threshold(expected, Cents::new(billed)) {
            prop_assert!(exceeds_threshold(expected, Cents::new(billed + extra)));
        }
    }

    #[test]
    fn the_difference_is_billed_minus_expected(billed in 0u64..MAX_BILLED_CENTS) {
        let (estimate, expected) = estimate();
        let answer = check(&estimate, &one_bill(billed, "2026-12-20"), "2026-12-21");
        let p = &answer.unwrap().providers[0];
        prop_assert_eq!(i128::from(p.difference_cents), i128::from(billed) - i128::from(expected.get()));
    }
}
