use serde_json::json;

use crate::coverage::{CoverageStatus, Payer};
use crate::pricing::EstimateError;
use crate::quoting::fixtures::{FORT_WORTH, QUOTING, request};
use crate::quoting::{QuotingError, SNAPSHOT_VERSION};
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
        .quote(&request(
            json!({"therapy": "knee_msc_injection", "center_id": "no-such-center"}),
        ))
        .unwrap_err();
    assert_eq!(unknown_center.field(), "center_id");
    assert_eq!(
        unknown_center.to_string(),
        "no center has the id `no-such-center`; see GET /v1/centers"
    );
}

#[test]
fn a_therapy_without_a_cash_price_is_refused_by_the_price_book() {
    let err = QUOTING
        .quote(&request(json!({"therapy": "hsct"})))
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
        "scheduled_date": "2026-12-14", "payer": "medicare", "condition": "knee_osteoarthritis"
    });
    let snapshot = QUOTING.quote(&request(body.clone())).unwrap();
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
    assert_eq!(snapshot.scheduled_date, "2026-12-14".parse().ok());
}

#[test]
fn a_quote_without_a_payer_answers_coverage_for_self_pay() {
    let snapshot = QUOTING
        .quote(&request(json!({"therapy": "back_msc_prp"})))
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
