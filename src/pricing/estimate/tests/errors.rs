//! Every way an estimate is refused names its field and what would be accepted.

use std::collections::BTreeMap;

use super::*;

#[test]
fn therapies_without_a_cash_price_are_refused_with_the_reason() {
    for code in [TherapyCode::Hsct, TherapyCode::RemestemcelL] {
        let err = refused(&request(code), None);
        assert!(matches!(err, EstimateError::NoCashPrice { therapy, .. } if therapy == code));
        assert_eq!(err.field(), "therapy");
        assert!(err.to_string().contains("no cash price"), "{err}");
    }
}

#[test]
fn joints_outside_the_therapy_limit_are_refused_naming_the_limit() {
    for (code, joints) in [
        (TherapyCode::KneeMscInjection, 0),
        (TherapyCode::KneeMscInjection, 3),
        (TherapyCode::BackMscPrp, 2),
    ] {
        let err = refused(
            &EstimateRequest {
                joints: Some(joints),
                ..request(code)
            },
            None,
        );
        assert!(matches!(err, EstimateError::JointsOutOfRange { given, .. } if given == joints));
        assert_eq!(err.field(), "joints");
        assert!(err.to_string().contains("from 1 to"), "{err}");
    }
}

#[test]
fn sessions_outside_the_therapy_limit_are_refused_naming_the_limit() {
    for (code, sessions) in [
        (TherapyCode::KneeMscPrp, 0),
        (TherapyCode::KneeMscPrp, 7),
        (TherapyCode::ScaffoldConstruct, 2),
    ] {
        let err = refused(
            &EstimateRequest {
                sessions: Some(sessions),
                ..request(code)
            },
            None,
        );
        assert!(
            matches!(err, EstimateError::SessionsOutOfRange { given, .. } if given == sessions)
        );
        assert_eq!(err.field(), "sessions");
    }
    let err = refused(
        &EstimateRequest {
            sessions: Some(7),
            ..request(TherapyCode::KneeMscPrp)
        },
        None,
    );
    assert_eq!(
        err.to_string(),
        "sessions must be from 1 to 6 for knee_msc_prp; got 7"
    );
}

#[test]
fn a_cell_source_not_offered_is_refused_listing_the_offered_ones() {
    let err = refused(
        &EstimateRequest {
            cell_source: Some(CellSource::UmbilicalCord),
            ..request(TherapyCode::KneeMscPrp)
        },
        None,
    );
    assert_eq!(err.field(), "cell_source");
    assert_eq!(
        err.to_string(),
        "cell_source `umbilical_cord` is not offered for knee_msc_prp; accepted: bone_marrow, adipose"
    );
    let err = refused(
        &EstimateRequest {
            cell_source: Some(CellSource::Adipose),
            ..request(TherapyCode::BackMscPrp)
        },
        None,
    );
    assert!(err.to_string().contains("omit cell_source"), "{err}");
}

#[test]
fn an_add_on_not_offered_is_refused_listing_the_offered_ones() {
    let err = refused(
        &EstimateRequest {
            add_ons: Some(vec![AddOn::Prp]),
            ..request(TherapyCode::ScaffoldConstruct)
        },
        None,
    );
    assert_eq!(err.field(), "add_ons");
    assert!(
        err.to_string().contains("`prp` is not offered")
            && err.to_string().contains("omit add_ons"),
        "{err}"
    );
    let err = refused(
        &EstimateRequest {
            add_ons: Some(vec![AddOn::Exosomes]),
            ..request(TherapyCode::BackMscPrp)
        },
        None,
    );
    assert!(err.to_string().ends_with("accepted: prp"), "{err}");
}

#[test]
fn a_repeated_add_on_is_refused() {
    let err = refused(
        &EstimateRequest {
            add_ons: Some(vec![AddOn::Prp, AddOn::Prp]),
            ..request(TherapyCode::KneeMscInjection)
        },
        None,
    );
    assert_eq!(err, EstimateError::DuplicateAddOn { add_on: AddOn::Prp });
    assert_eq!(err.field(), "add_ons");
}

#[test]
fn inconsistent_center_prices_are_refused_naming_the_problem() {
    let typical_outside = CenterPrices {
        typical_cents: Some(dollars(9_000)),
        ..center()
    };
    let inverted = CenterPrices {
        add_ons: BTreeMap::from([(
            AddOn::Prp,
            PriceRange {
                low_cents: dollars(2),
                high_cents: dollars(1),
            },
        )]),
        ..center()
    };
    for (center, problem) in [
        (typical_outside, "typical_cents"),
        (inverted, "prp: low_cents"),
    ] {
        let err = refused(&request(TherapyCode::KneeMscInjection), Some(&center));
        assert!(
            matches!(&err, EstimateError::CenterPricesInvalid { problem: p } if p.contains(problem)),
            "{err}"
        );
        assert_eq!(err.field(), "center_id");
    }
}

#[test]
fn center_prices_too_large_to_total_are_an_overflow_error_not_a_panic() {
    let huge = CenterPrices {
        base: PriceRange::new(Cents::new(u64::MAX - 100), Cents::new(u64::MAX - 100))
            .expect("ordered"),
        typical_cents: None,
        ..center()
    };
    let err = refused(
        &EstimateRequest {
            joints: Some(2),
            ..request(TherapyCode::KneeMscInjection)
        },
        Some(&huge),
    );
    assert_eq!(err, EstimateError::Overflow);
    assert_eq!(err.field(), "center_id");
    let err = refused(
        &request(TherapyCode::KneeMscInjection),
        Some(&CenterPrices {
            add_ons: BTreeMap::from([(AddOn::ImagingGuidance, range(1, 2))]),
            ..huge
        }),
    );
    assert_eq!(err, EstimateError::Overflow);
}
