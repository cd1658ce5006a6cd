use serde_json::json;

use crate::coverage::{CoverageStatus, Payer};
use crate::pricing::EstimateError;
use crate::quoting::fixtures::{FORT_WORTH, QUOTING, issued, request, window};
use crate::quoting::{QuoteWindow, QuotingError, SNAPSHOT_VERSION};
use crate::therapy::TherapyCode;

#[test]
fn an_estimate_adds_financing_for_its_typical_total() {
    let priced = QUOTING
        .estimate(&request(json!({"therapy": "knee_msc_injection"})).estimate_request())
        .unwrap();
    assert_eq!(
        priced.financing.amount_cents,
        priced.estimate.total.typical_cents
    );
    assert!(priced.financing.as_low_as.is_some());
}

#[test]
fn an_unknown_zip_and_an_unknown_center_are_refused_naming_the_field() {
    let unknown_zip = QUOTING
        .estimate(
            &request(json!({"therapy": "knee_msc_injection", "zip": "00000"})).estimate_request(),
        )
        .unwrap_err();
    assert!(
        matches!(unknown_zip, QuotingError::UnknownZip(_)),
        "{unknown_zip}"
    );
    assert_eq!(unknown_zip.field(), "zip");
    let unknown_center = QUOTING
        .quote(
            &request(json!({"therapy": "knee_msc_injection", "center_id": "no-such-center"})),
            window(),
        )
        .unwrap_err();
    assert_eq!(unknown_center.field(), "center_id");
    assert_eq!(
        unknown_center.to_string(),
        "no center has the id `no-such-center`; see GET /v1/centers"
    );
}

#[test]
fn a_center_is_refused_for_a_therapy_it_does_not_offer() {
    // The Fort Worth center offers the knee injections only.
    let back = request(json!({"therapy": "back_msc_prp", "center_id": FORT_WORTH}));
    let refused = QUOTING.quote(&back, window()).unwrap_err();
    assert_eq!(refused.field(), "center_id");
    assert_eq!(
        refused.to_string(),
        format!(
            "center `{FORT_WORTH}` does not offer back_msc_prp; it offers: \
             knee_msc_injection, knee_msc_prp"
        )
    );
    let estimate = QUOTING.estimate(&back.estimate_request()).unwrap_err();
    assert!(
        matches!(estimate, QuotingError::NotOffered { .. }),
        "{estimate}"
    );
    let knee = request(json!({"therapy": "knee_msc_injection", "center_id": FORT_WORTH}));
    assert!(QUOTING.quote(&knee, window()).is_ok());
}

#[test]
fn a_therapy_without_a_cash_price_is_refused_by_the_price_book() {
    let err = QUOTING
        .quote(&request(json!({"therapy": "hsct"})), window())
        .unwrap_err();
    assert!(
        matches!(
            err,
            QuotingError::Estimate(EstimateError::NoCashPrice { .. })
        ),
        "{err}"
    );
    assert_eq!(err.field(), "therapy");
}

#[test]
fn a_quote_freezes_the_request_estimate_coverage_center_and_date() {
    let body = json!({
        "therapy": "knee_msc_injection", "zip": "76102", "center_id": FORT_WORTH,
        "scheduled_date": "2026-03-20", "payer": "medicare", "condition": "knee_osteoarthritis"
    });
    let snapshot = QUOTING.quote(&request(body.clone()), window()).unwrap();
    assert_eq!(snapshot.snapshot_version, SNAPSHOT_VERSION);
    assert_eq!(serde_json::to_value(&snapshot.request).unwrap(), body);
    let alone = QUOTING
        .estimate(&snapshot.request.estimate_request())
        .unwrap();
    assert_eq!(snapshot.estimate, alone);
    assert_eq!(snapshot.coverage.payer, Payer::Medicare);
    assert_eq!(snapshot.coverage.status, CoverageStatus::RarelyCovered);
    assert_eq!(
        snapshot.center.as_ref().map(|c| c.id.as_str()),
        Some(FORT_WORTH)
    );
    assert_eq!(snapshot.scheduled_date, "2026-03-20".parse().ok());
}

#[test]
fn a_quote_without_a_payer_answers_coverage_for_self_pay() {
    let snapshot = QUOTING
        .quote(&request(json!({"therapy": "back_msc_prp"})), window())
        .unwrap();
    assert_eq!(snapshot.coverage.payer, Payer::SelfPay);
    assert_eq!(snapshot.coverage.therapy, TherapyCode::BackMscPrp);
    assert!(snapshot.center.is_none());
}

#[test]
fn coverage_shows_the_therapys_cash_range_as_what_the_patient_pays() {
    let answer = QUOTING.coverage(TherapyCode::KneeMscPrp, Payer::Commercial, None);
    let default = QUOTING
        .estimate(&request(json!({"therapy": "knee_msc_prp"})).estimate_request())
        .unwrap();
    let responsibility = answer.patient_responsibility.expect("not covered");
    assert_eq!(responsibility.low_cents, default.estimate.total.low_cents);
    assert_eq!(responsibility.high_cents, default.estimate.total.high_cents);
}

#[test]
fn a_scheduled_date_must_be_from_today_to_the_last_day_of_the_quote() {
    // Issued 2026-03-01 at noon UTC, valid 30 days: it is 2026-03-01 to 2026-03-01 across the
    // US (Guam is already on 03-01 at 22:00), and the quote is valid until 2026-03-31.
    let quote = |date: &str| {
        QUOTING.quote(
            &request(json!({"therapy": "knee_msc_injection", "scheduled_date": date})),
            window(),
        )
    };
    for good in ["2026-03-01", "2026-03-20", "2026-03-31"] {
        assert!(quote(good).is_ok(), "{good}");
    }
    for bad in ["2026-02-28", "2026-04-01", "2026-12-14", "1900-01-01"] {
        let err = quote(bad).unwrap_err();
        assert_eq!(err.field(), "scheduled_date", "{bad}");
        assert!(
            err.to_string()
                .contains("must be from 2026-03-01 to 2026-03-31"),
            "{bad}: {err}"
        );
    }
}

#[test]
fn a_scheduled_date_must_fall_within_the_price_book() {
    // Issued 2026-12-20 and valid 30 days: the quote runs into 2027, the 2026 book does not.
    let late = QuoteWindow::new(
        "2026-12-20T12:00:00Z".parse().unwrap(),
        chrono::TimeDelta::days(30),
    );
    let quote = |date: &str| {
        QUOTING.quote(
            &request(json!({"therapy": "knee_msc_injection", "scheduled_date": date})),
            late,
        )
    };
    assert!(quote("2026-12-31").is_ok());
    let err = quote("2027-01-05").unwrap_err();
    assert!(
        err.to_string()
            .contains("within the 2026 price book's dates (2026-01-01 to 2026-12-31)"),
        "{err}"
    );
    // After the book's last day, no date can be scheduled at all, and the answer says why.
    let after = QuoteWindow::new(
        "2027-01-10T12:00:00Z".parse().unwrap(),
        chrono::TimeDelta::days(30),
    );
    let err = QUOTING
        .quote(
            &request(json!({"therapy": "knee_msc_injection", "scheduled_date": "2027-01-20"})),
            after,
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("no date can be scheduled"),
        "{err}"
    );
    assert!(
        issued()
            < "2027-01-01T00:00:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .unwrap()
    );
}

#[test]
fn impossible_or_oddly_written_scheduled_dates_are_refused_by_the_request() {
    for bad in ["-262143-01-01", "+262142-12-31", "2026-3-20", "2026-02-30"] {
        let parsed = serde_json::from_value::<crate::quoting::QuoteRequest>(
            json!({"therapy": "knee_msc_injection", "scheduled_date": bad}),
        );
        assert!(parsed.is_err(), "{bad}");
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Answers are remembered by `estimate_inputs`, which leaves the ZIP out: that is right only
    /// while a known ZIP changes nothing in the answer.
    #[test]
    fn a_known_zip_changes_nothing_in_an_estimate(
        zip_index in 0usize..40_000,
        therapy in proptest::sample::select(vec!["knee_msc_injection", "knee_msc_prp", "back_msc_prp", "scaffold_construct"]),
        joints in proptest::option::of(1u8..=2),
        center in proptest::bool::ANY,
    ) {
        let zips: Vec<_> = include_str!("../../centers/us-zip-codes.csv")
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
            .collect();
        let zip = zips[zip_index % zips.len()];
        let mut body = json!({"therapy": therapy, "zip": zip});
        if let Some(joints) = joints.filter(|_| therapy.starts_with("knee")) {
            body["joints"] = json!(joints);
        }
        if center {
            body["center_id"] = json!(FORT_WORTH);
        }
        let with_zip = request(body).estimate_request();
        let inputs = QUOTING.estimate_inputs(&with_zip).unwrap();
        proptest::prop_assert!(inputs.zip.is_none());
        let answer = |r| serde_json::to_string(&QUOTING.estimate(r).map_err(|e| e.to_string())).unwrap();
        proptest::prop_assert_eq!(answer(&with_zip), answer(&inputs));
    }
}

#[test]
fn the_inputs_of_an_estimate_refuse_an_unknown_zip_as_the_estimate_does() {
    let req = request(json!({"therapy": "knee_msc_injection", "zip": "00000"})).estimate_request();
    assert!(matches!(
        QUOTING.estimate_inputs(&req),
        Err(QuotingError::UnknownZip(_))
    ));
}
