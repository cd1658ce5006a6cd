use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::NaiveDate;

use super::*;
use crate::therapy::CellSource;

mod errors;
mod properties;

static BOOK: LazyLock<PriceBook> =
    LazyLock::new(|| PriceBook::embedded().expect("the embedded price book is valid"));

fn request(therapy: TherapyCode) -> EstimateRequest {
    EstimateRequest::for_therapy(therapy)
}

fn national(req: &EstimateRequest) -> Estimate {
    estimate(&BOOK, req, None).expect("a valid request")
}

fn refused(req: &EstimateRequest, center: Option<&CenterPrices>) -> EstimateError {
    estimate(&BOOK, req, center).expect_err("an invalid request")
}

fn dollars(d: u64) -> Cents {
    Cents::from_dollars(d)
}

fn range(low: u64, high: u64) -> PriceRange {
    PriceRange::new(dollars(low), dollars(high)).expect("ordered")
}

fn line<'a>(estimate: &'a Estimate, code: &str) -> &'a EstimateLine {
    estimate
        .lines
        .iter()
        .find(|l| l.code == code)
        .unwrap_or_else(|| panic!("no `{code}` line in {:?}", estimate.lines))
}

fn codes(estimate: &Estimate) -> Vec<&str> {
    estimate.lines.iter().map(|l| l.code.as_str()).collect()
}

fn center() -> CenterPrices {
    CenterPrices {
        base: range(4_000, 8_000),
        typical_cents: Some(dollars(5_000)),
        add_ons: BTreeMap::from([(AddOn::Prp, range(600, 900))]),
        per_additional_session: None,
        source: "Example center price list".to_owned(),
        as_of: NaiveDate::from_ymd_opt(2026, 1, 15).expect("a date"),
        published_version: None,
    }
}

#[test]
fn one_knee_default_estimate_is_the_total_row_with_the_base_row_as_its_base_line() {
    let e = national(&request(TherapyCode::KneeMscInjection));
    assert_eq!(codes(&e), ["base", "imaging_and_post_care"]);
    let base = line(&e, "base");
    assert_eq!(
        (base.low_cents, base.high_cents),
        (dollars(3_500), dollars(25_000))
    );
    // One tenth up each range: $3,500 + $2,150, and $1,500 + $350.
    assert_eq!(base.typical_cents, dollars(5_650));
    assert_eq!(
        line(&e, "imaging_and_post_care").typical_cents,
        dollars(1_850)
    );
    assert_eq!(e.total.low_cents, dollars(5_000));
    assert_eq!(e.total.high_cents, dollars(30_000));
    assert_eq!(e.total.typical_cents, dollars(7_500));
    assert_eq!(e.currency, Currency::Usd);
    assert_eq!(e.price_book.version, "2026");
    assert_eq!(e.priced_by, PricedBy::NationalBook);
}

#[test]
fn empty_add_ons_price_the_base_row_alone() {
    let e = national(&EstimateRequest {
        add_ons: Some(vec![]),
        ..request(TherapyCode::KneeMscInjection)
    });
    assert_eq!(codes(&e), ["base"]);
    assert_eq!(
        (e.total.low_cents, e.total.high_cents),
        (dollars(3_500), dollars(25_000))
    );
}

#[test]
fn imaging_or_post_care_alone_adds_the_whole_bundle_once() {
    for add_ons in [
        vec![AddOn::ImagingGuidance],
        vec![AddOn::PostProcedureCare],
        vec![AddOn::PostProcedureCare, AddOn::ImagingGuidance],
    ] {
        let e = national(&EstimateRequest {
            add_ons: Some(add_ons),
            ..request(TherapyCode::KneeMscInjection)
        });
        assert_eq!(codes(&e), ["base", "imaging_and_post_care"]);
        let bundle = line(&e, "imaging_and_post_care");
        assert_eq!(
            (bundle.low_cents, bundle.high_cents),
            (dollars(1_500), dollars(5_000))
        );
        assert!(e.assumptions.iter().any(|a| a.contains("only together")));
    }
}

#[test]
fn a_knee_injection_with_prp_is_priced_exactly_as_the_msc_prp_combination() {
    for add_ons in [
        vec![AddOn::Prp],
        vec![AddOn::Prp, AddOn::ImagingGuidance, AddOn::PostProcedureCare],
        vec![AddOn::Prp, AddOn::Exosomes],
    ] {
        for joints in [1, 2] {
            let asked_as_injection = national(&EstimateRequest {
                joints: Some(joints),
                add_ons: Some(add_ons.clone()),
                ..request(TherapyCode::KneeMscInjection)
            });
            let asked_as_combo = national(&EstimateRequest {
                joints: Some(joints),
                add_ons: Some(add_ons.clone()),
                ..request(TherapyCode::KneeMscPrp)
            });
            assert_eq!(asked_as_injection.therapy, TherapyCode::KneeMscPrp);
            assert_eq!(
                asked_as_injection.total, asked_as_combo.total,
                "{add_ons:?}"
            );
            assert_eq!(
                asked_as_injection.lines, asked_as_combo.lines,
                "{add_ons:?}"
            );
            assert_eq!(asked_as_injection.disclaimers, asked_as_combo.disclaimers);
            assert!(
                asked_as_injection.assumptions[0].contains("MSC + PRP combination"),
                "{:?}",
                asked_as_injection.assumptions
            );
        }
    }
    let one = national(&EstimateRequest {
        add_ons: Some(vec![AddOn::Prp]),
        ..request(TherapyCode::KneeMscInjection)
    });
    assert_eq!(
        (
            one.total.low_cents,
            one.total.typical_cents,
            one.total.high_cents
        ),
        (dollars(4_000), dollars(6_400), dollars(28_000))
    );
}

#[test]
fn no_one_knee_estimate_goes_above_the_highest_single_knee_figure_a_row_states() {
    // The seeds' highest single-knee figure is the $30,000 total row.
    let all = [
        AddOn::Prp,
        AddOn::Exosomes,
        AddOn::CollateralLigamentSites,
        AddOn::ImagingGuidance,
        AddOn::PostProcedureCare,
    ];
    for therapy in [TherapyCode::KneeMscInjection, TherapyCode::KneeMscPrp] {
        for mask in 0..(1u32 << all.len()) {
            let add_ons: Vec<AddOn> = (0..all.len())
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| all[i])
                .collect();
            let e = national(&EstimateRequest {
                add_ons: Some(add_ons.clone()),
                sessions: Some(6),
                ..request(therapy)
            });
            assert!(
                e.total.high_cents <= dollars(30_000),
                "{therapy} {add_ons:?}: {:?}",
                e.total
            );
        }
    }
}

#[test]
fn the_msc_prp_combination_adds_no_price_for_imaging_its_row_may_include() {
    let e = national(&EstimateRequest {
        add_ons: Some(vec![AddOn::ImagingGuidance, AddOn::PostProcedureCare]),
        ..request(TherapyCode::KneeMscPrp)
    });
    for code in ["imaging_guidance", "post_procedure_care"] {
        assert!(!line(&e, code).priced, "{code}");
    }
    assert_eq!(e.total.high_cents, dollars(28_000));
    assert!(
        e.assumptions
            .iter()
            .any(|a| a.contains("does not say whether its price includes imaging"))
    );
}

#[test]
fn the_default_knee_typical_is_the_one_stated_typical_and_says_what_it_is() {
    let e = national(&request(TherapyCode::KneeMscInjection));
    // One clinic's stated typical for its whole knee treatment is $6,000 to $9,000.
    assert!(e.total.typical_cents >= dollars(6_000) && e.total.typical_cents <= dollars(9_000));
    assert!(
        e.typical_explanation.contains("one tenth"),
        "{}",
        e.typical_explanation
    );
    assert!(e.assumptions.contains(&e.typical_explanation));
    let back = national(&request(TherapyCode::BackMscPrp));
    assert!(
        back.typical_explanation.contains("middle"),
        "{}",
        back.typical_explanation
    );
}

#[test]
fn a_derived_line_says_how_it_was_derived_and_a_stated_one_does_not() {
    let e = national(&request(TherapyCode::KneeMscInjection));
    assert!(line(&e, "base").derivation.is_none());
    let derived = line(&e, "imaging_and_post_care");
    assert!(
        derived
            .derivation
            .as_deref()
            .is_some_and(|d| d.starts_with("Derived")),
        "{derived:?}"
    );
}

#[test]
fn an_unpriced_add_on_is_flagged_unpriced_and_left_out_of_the_total_with_advice_to_ask() {
    let e = national(&EstimateRequest {
        add_ons: Some(vec![AddOn::Exosomes, AddOn::CollateralLigamentSites]),
        ..request(TherapyCode::KneeMscInjection)
    });
    for code in ["exosomes", "collateral_ligament_sites"] {
        let l = line(&e, code);
        assert!(!l.priced, "{code}");
        assert_eq!(
            (l.low_cents, l.typical_cents, l.high_cents),
            (Cents::ZERO, Cents::ZERO, Cents::ZERO)
        );
        assert!(l.source.contains("seed 001"), "{code}");
    }
    assert_eq!(
        e.assumptions
            .iter()
            .filter(|a| a.contains("ask the center"))
            .count(),
        2
    );
    assert_eq!(
        (e.total.low_cents, e.total.high_cents),
        (dollars(3_500), dollars(25_000))
    );
}

#[test]
fn prp_in_the_combo_is_a_line_included_in_the_base_price() {
    let e = national(&EstimateRequest {
        add_ons: Some(vec![AddOn::Prp]),
        ..request(TherapyCode::KneeMscPrp)
    });
    let prp = line(&e, "prp");
    assert!(prp.priced);
    assert_eq!(prp.included_in.as_deref(), Some("base"));
    assert_eq!(prp.high_cents, Cents::ZERO);
    assert_eq!(
        (e.total.low_cents, e.total.high_cents),
        (dollars(4_000), dollars(28_000))
    );
}

#[test]
fn two_knees_cost_twice_one_knee_line_by_line() {
    let one = national(&request(TherapyCode::KneeMscInjection));
    let two = national(&EstimateRequest {
        joints: Some(2),
        ..request(TherapyCode::KneeMscInjection)
    });
    for (a, b) in one.lines.iter().zip(&two.lines) {
        assert_eq!(b.quantity, 2 * a.quantity);
        assert_eq!(b.high_cents.get(), 2 * a.high_cents.get());
        assert_eq!(b.typical_cents.get(), 2 * a.typical_cents.get());
    }
    assert_eq!(two.total.high_cents, dollars(60_000));
}

#[test]
fn additional_sessions_are_an_unpriced_national_line_counted_per_joint() {
    let e = national(&EstimateRequest {
        joints: Some(2),
        sessions: Some(6),
        ..request(TherapyCode::KneeMscInjection)
    });
    let sessions = line(&e, "additional_sessions");
    assert_eq!(sessions.quantity, 10);
    assert!(
        !sessions.priced,
        "unpriced must read as unpriced, not as a priced $0"
    );
    assert_eq!(sessions.high_cents, Cents::ZERO);
    assert!(
        e.assumptions
            .iter()
            .any(|a| a.contains("No source gives a price for additional sessions"))
    );
    let one_session = national(&EstimateRequest {
        joints: Some(2),
        ..request(TherapyCode::KneeMscInjection)
    });
    assert!(!codes(&one_session).contains(&"additional_sessions"));
    assert_eq!(e.total, one_session.total);
}

#[test]
fn zip_and_cell_source_do_not_change_the_price_and_say_so() {
    let plain = national(&request(TherapyCode::KneeMscInjection));
    let located = national(&EstimateRequest {
        zip: "10016".parse().ok(),
        cell_source: Some(CellSource::Adipose),
        ..request(TherapyCode::KneeMscInjection)
    });
    assert_eq!(plain.total, located.total);
    assert_eq!(plain.lines, located.lines);
    assert!(
        located
            .assumptions
            .iter()
            .any(|a| a.contains("ZIP code does not change"))
    );
    assert!(
        located
            .assumptions
            .iter()
            .any(|a| a.contains("cell source does not change"))
    );
}

#[test]
fn every_priced_estimate_carries_its_disclaimers() {
    let e = national(&request(TherapyCode::KneeMscInjection));
    let codes: Vec<&str> = e.disclaimers.iter().map(|d| d.code.as_str()).collect();
    for code in [
        "investigational",
        "results_not_guaranteed",
        "insurance",
        "not_fda_approved",
        "coverage",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    let back = national(&request(TherapyCode::BackMscPrp));
    assert!(
        back.disclaimers
            .iter()
            .any(|d| d.code == "investigational_back_pain")
    );
    assert!(
        back.disclaimers
            .iter()
            .any(|d| d.code == "not_fda_approved_back")
    );
    assert!(back.disclaimers.iter().any(|d| d.text == "Not covered"));
}

#[test]
fn center_prices_replace_the_national_ranges_and_name_the_center() {
    let center = center();
    let req = EstimateRequest {
        add_ons: Some(vec![AddOn::Prp, AddOn::ImagingGuidance]),
        center_id: Some("ctr-1".parse().unwrap()),
        ..request(TherapyCode::KneeMscInjection)
    };
    let e = estimate(&BOOK, &req, Some(&center)).expect("valid");
    let base = line(&e, "base");
    assert_eq!(
        (base.low_cents, base.typical_cents, base.high_cents),
        (dollars(4_000), dollars(5_000), dollars(8_000))
    );
    assert_eq!(line(&e, "prp").high_cents, dollars(900));
    // The middle of the center's $600 to $900.
    assert_eq!(line(&e, "prp").typical_cents, dollars(750));
    assert!(
        e.typical_explanation.contains("center"),
        "{}",
        e.typical_explanation
    );
    let imaging = line(&e, "imaging_guidance");
    assert!(!imaging.priced);
    assert!(
        e.assumptions
            .iter()
            .any(|a| a.starts_with("Imaging guidance: The center's price list"))
    );
    assert_eq!(
        e.priced_by,
        PricedBy::Center {
            center_id: Some("ctr-1".parse().unwrap()),
            source: "Example center price list".to_owned(),
            as_of: center.as_of,
            price_list_version: None,
        }
    );
}

#[test]
fn center_without_a_session_price_leaves_additional_sessions_unpriced() {
    let req = EstimateRequest {
        sessions: Some(3),
        ..request(TherapyCode::KneeMscInjection)
    };
    let e = estimate(&BOOK, &req, Some(&center())).expect("valid");
    assert!(!line(&e, "additional_sessions").priced);
    let priced = CenterPrices {
        per_additional_session: Some(range(100, 300)),
        ..center()
    };
    let e = estimate(&BOOK, &req, Some(&priced)).expect("valid");
    let sessions = line(&e, "additional_sessions");
    assert!(sessions.priced);
    assert_eq!(sessions.high_cents, dollars(600));
}

#[test]
fn a_center_without_its_own_prices_is_priced_by_the_national_book_and_says_so() {
    let e = national(&EstimateRequest {
        center_id: Some("ctr-2".parse().unwrap()),
        ..request(TherapyCode::ScaffoldConstruct)
    });
    assert_eq!(e.priced_by, PricedBy::NationalBook);
    assert!(
        e.assumptions
            .iter()
            .any(|a| a.contains("no price list of its own"))
    );
}

#[test]
fn a_request_with_an_unknown_field_is_rejected() {
    let json = serde_json::json!({"therapy": "knee_msc_injection", "payer": "medicare"});
    let err = serde_json::from_value::<EstimateRequest>(json).unwrap_err();
    assert!(err.to_string().contains("payer"), "{err}");
}

#[test]
fn the_estimate_and_catalog_schemas_document_every_component() {
    #[derive(utoipa::OpenApi)]
    #[openapi(components(schemas(Estimate, EstimateRequest, crate::pricing::TherapyCatalog)))]
    struct Doc;
    let doc = serde_json::to_value(<Doc as utoipa::OpenApi>::openapi()).expect("json");
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for name in [
        "Estimate",
        "EstimateLine",
        "EstimateTotal",
        "PricedBy",
        "TherapyEntry",
        "CashPrice",
        "PriceLine",
    ] {
        assert!(schemas.contains_key(name), "{name} missing");
    }
    assert!(schemas["EstimateTotal"]["properties"]["typical_cents"].is_object());
    let undocumented: Vec<String> = schemas
        .iter()
        .flat_map(|(name, schema)| {
            let props = schema["properties"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            props
                .into_iter()
                .filter(|(_, p)| {
                    p.get("description").is_none()
                        && p.get("$ref").is_none()
                        && p.get("allOf").is_none()
                        && p.get("oneOf").is_none()
                })
                .map(move |(field, _)| format!("{name}.{field}"))
        })
        .collect();
    assert!(
        undocumented.is_empty(),
        "undocumented fields: {undocumented:?}"
    );
}

#[test]
fn fda_warnings_come_with_exosomes_and_umbilical_cord_only_when_chosen() {
    let has = |e: &Estimate, code: &str| e.disclaimers.iter().any(|d| d.code == code);
    let plain = national(&request(TherapyCode::KneeMscInjection));
    assert!(!has(&plain, "fda_exosome_products"));
    let with_exosomes = national(&EstimateRequest {
        add_ons: Some(vec![AddOn::Exosomes]),
        ..request(TherapyCode::KneeMscInjection)
    });
    assert!(has(&with_exosomes, "fda_exosome_products"));
    let scaffold = |cell| {
        national(&EstimateRequest {
            cell_source: Some(cell),
            ..request(TherapyCode::ScaffoldConstruct)
        })
    };
    assert!(has(
        &scaffold(CellSource::UmbilicalCord),
        "fda_cord_products"
    ));
    assert!(!has(&scaffold(CellSource::BoneMarrow), "fda_cord_products"));
}

#[test]
fn an_umbilical_cord_knee_injection_is_refused_because_no_row_prices_it() {
    let err = refused(
        &EstimateRequest {
            cell_source: Some(CellSource::UmbilicalCord),
            ..request(TherapyCode::KneeMscInjection)
        },
        None,
    );
    assert_eq!(err.field(), "cell_source");
    assert!(
        err.to_string().contains("accepted: bone_marrow, adipose"),
        "{err}"
    );
}
