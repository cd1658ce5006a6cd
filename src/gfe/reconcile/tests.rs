use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::gfe::care::fixtures::{FORT_WORTH, issued, knee_at_fort_worth, stored, typical_of};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

static CARE: std::sync::LazyLock<(QuotedCare, Cents)> = std::sync::LazyLock::new(|| {
    let quote = knee_at_fort_worth();
    (
        QuotedCare::from_quote(&quote, issued()).unwrap(),
        typical_of(&quote),
    )
});

fn care() -> (QuotedCare, Cents) {
    CARE.clone()
}

fn request(bills: serde_json::Value) -> ReconcileRequest {
    serde_json::from_value(json!({ "bills": bills })).unwrap()
}

fn one_bill(billed: u64, bill_date: &str) -> ReconcileRequest {
    request(json!([{"provider_id": FORT_WORTH, "billed_cents": billed, "bill_date": bill_date}]))
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
    let (care, expected) = care();
    let billed = expected.get() + 50_000;
    let table = [
        ("2026-05-01", "2026-05-01", true, 0),
        ("2026-05-01", "2026-08-29", true, 120),
        ("2026-05-01", "2026-08-30", false, 121),
    ];
    for (bill_date, today, eligible, days) in table {
        let answer =
            reconcile(&care, &one_bill(billed, bill_date), Today::on(date(today))).unwrap();
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
fn the_expected_charge_is_the_figure_the_estimate_used() {
    let (care, typical) = care();
    let today = Today::on(date("2026-12-21"));
    let answer = reconcile(
        &care,
        &one_bill(typical.get() + 40_000, "2026-12-20"),
        today,
    )
    .unwrap();
    let p = &answer.providers[0];
    assert_eq!(p.expected_cents, typical);
    assert_eq!(p.difference_cents, 40_000);
    assert_eq!(p.dispute_threshold_cents.get(), typical.get() + 40_000);
    assert!(p.dispute_eligible, "{}", p.explanation);
    let mut high = one_bill(typical.get() + 40_000, "2026-12-20");
    high.expected_basis = ExpectedBasis::High;
    let answer = reconcile(&care, &high, today).unwrap();
    assert!(!answer.providers[0].dispute_eligible);
    assert!(answer.providers[0].difference_cents < 0);
}

#[test]
fn a_bill_dated_after_today_is_refused_naming_it() {
    let (care, _) = care();
    let err = reconcile(
        &care,
        &one_bill(1, "2026-03-02"),
        Today::on(date("2026-03-01")),
    )
    .unwrap_err();
    assert_eq!(err, GfeError::FutureBill { index: 0 });
    assert_eq!(err.pointer().as_deref(), Some("/bills/0/bill_date"));
}

#[test]
fn a_bill_dated_today_in_guam_is_not_in_the_future() {
    let (care, _) = care();
    let now: chrono::DateTime<chrono::Utc> = "2026-03-01T20:00:00Z".parse().unwrap();
    let answer = reconcile(&care, &one_bill(1, "2026-03-02"), Today::at(now)).unwrap();
    assert_eq!(answer.providers[0].days_since_bill, 0);
    assert_eq!(answer.as_of, date("2026-03-01"));
}

#[test]
fn bad_bill_lists_are_refused_naming_the_field() {
    let (care, _) = care();
    let today = Today::on(date("2026-12-21"));
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
        let err = reconcile(&care, &request(bills.clone()), today).unwrap_err();
        assert_eq!(err.pointer().as_deref(), Some(pointer), "{bills}");
    }
}

#[test]
fn a_quote_without_a_center_has_no_provider_to_reconcile() {
    let quote = stored(json!({"therapy": "back_msc_prp"}), None, None);
    let care = QuotedCare::from_quote(&quote, issued()).unwrap();
    let err = reconcile(
        &care,
        &one_bill(1, "2026-03-01"),
        Today::on(date("2026-03-01")),
    )
    .unwrap_err();
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
        let (care, expected) = care();
        let answer = reconcile(&care, &one_bill(billed, "2026-12-20"), Today::on(date("2026-12-21")));
        let p = &answer.unwrap().providers[0];
        prop_assert_eq!(i128::from(p.difference_cents), i128::from(billed) - i128::from(expected.get()));
    }
}
