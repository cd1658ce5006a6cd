//! Properties every estimate keeps, checked over all valid requests (and, for robustness, over
//! arbitrary ones).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

use crate::pricing::catalog::PricedTherapy;
use crate::pricing::estimate::*;
use crate::therapy::CellSource;
use crate::zip::ZipCode;

static BOOK: LazyLock<PriceBook> =
    LazyLock::new(|| PriceBook::embedded().expect("the embedded price book is valid"));

const ALL_ADD_ONS: [AddOn; 5] = [
    AddOn::Prp,
    AddOn::Exosomes,
    AddOn::CollateralLigamentSites,
    AddOn::ImagingGuidance,
    AddOn::PostProcedureCare,
];
const ALL_CELL_SOURCES: [CellSource; 3] = [
    CellSource::BoneMarrow,
    CellSource::Adipose,
    CellSource::UmbilicalCord,
];

fn priced(code: TherapyCode) -> &'static PricedTherapy {
    match &BOOK.therapy(code).cash_price {
        CashPrice::Priced(p) => p,
        CashPrice::NoCashPrice(_) => panic!("{code} is not priced"),
    }
}

fn priced_codes() -> Vec<TherapyCode> {
    TherapyCode::ALL
        .into_iter()
        .filter(|c| matches!(BOOK.therapy(*c).cash_price, CashPrice::Priced(_)))
        .collect()
}

fn zip() -> impl Strategy<Value = Option<ZipCode>> {
    proptest::option::of("[0-9]{5}".prop_map(|z| z.parse().expect("five digits")))
}

/// Any request the catalog says is valid for one of `codes`.
fn valid_request_for(codes: Vec<TherapyCode>) -> impl Strategy<Value = EstimateRequest> {
    select(codes).prop_flat_map(|code| {
        let p = priced(code);
        let mut cells: Vec<Option<CellSource>> = vec![None];
        cells.extend(p.cell_sources.iter().map(|c| Some(c.cell_source)));
        let offered: Vec<AddOn> = p.add_ons.iter().map(|o| o.add_on).collect();
        let count = offered.len();
        let add_ons = prop_oneof![
            Just(None),
            subsequence(offered, 0..=count)
                .prop_shuffle()
                .prop_map(Some),
        ];
        (
            1..=p.max_joints,
            1..=p.max_sessions,
            select(cells),
            add_ons,
            zip(),
            proptest::option::of(
                "[a-z0-9]{1,12}".prop_map(|s| s.parse::<crate::centers::CenterId>().unwrap()),
            ),
        )
            .prop_map(
                move |(joints, sessions, cell_source, add_ons, zip, center_id)| EstimateRequest {
                    therapy: code,
                    joints: Some(joints),
                    sessions: Some(sessions),
                    cell_source,
                    add_ons,
                    zip,
                    center_id,
                },
            )
    })
}

fn valid_request() -> impl Strategy<Value = EstimateRequest> {
    valid_request_for(priced_codes())
}

/// A consistent range with amounts up to `max` cents.
fn range_up_to(max: u64) -> impl Strategy<Value = PriceRange> {
    (0..=max, 0..=max).prop_map(|(a, b)| PriceRange {
        low_cents: Cents::new(a.min(b)),
        high_cents: Cents::new(a.max(b)),
    })
}

/// A consistent center price list with realistic amounts (up to $1,000,000 a line).
fn center_prices() -> impl Strategy<Value = CenterPrices> {
    let max = 100_000_000;
    (
        range_up_to(max),
        any::<bool>(),
        proptest::collection::btree_map(select(ALL_ADD_ONS.to_vec()), range_up_to(max), 0..=5),
        proptest::option::of(range_up_to(max)),
    )
        .prop_map(|(base, stated, add_ons, session)| CenterPrices {
            base,
            typical_cents: stated.then_some(base.low_cents),
            add_ons,
            per_additional_session: session,
            source: "Generated center price list".to_owned(),
            as_of: NaiveDate::from_ymd_opt(2026, 3, 1).expect("a date"),
            published_version: None,
        })
}

fn ordered(low: Cents, typical: Cents, high: Cents) -> bool {
    low <= typical && typical <= high
}

fn not_less(more: &EstimateTotal, fewer: &EstimateTotal) -> bool {
    more.low_cents >= fewer.low_cents
        && more.typical_cents >= fewer.typical_cents
        && more.high_cents >= fewer.high_cents
}

proptest! {
    #[test]
    fn lines_sum_exactly_to_the_totals(
        req in valid_request(),
        center in proptest::option::of(center_prices()),
    ) {
        let e = estimate(&BOOK, &req, center.as_ref()).expect("a valid request");
        let sum = |f: fn(&EstimateLine) -> Cents| e.lines.iter().map(|l| f(l).get()).sum::<u64>();
        prop_assert_eq!(sum(|l| l.low_cents), e.total.low_cents.get());
        prop_assert_eq!(sum(|l| l.typical_cents), e.total.typical_cents.get());
        prop_assert_eq!(sum(|l| l.high_cents), e.total.high_cents.get());
    }

    #[test]
    fn every_line_and_the_total_run_low_to_typical_to_high(
        req in valid_request(),
        center in proptest::option::of(center_prices()),
    ) {
        let e = estimate(&BOOK, &req, center.as_ref()).expect("a valid request");
        for l in &e.lines {
            prop_assert!(ordered(l.low_cents, l.typical_cents, l.high_cents), "{:?}", l);
            prop_assert!(l.priced || l.high_cents == Cents::ZERO, "{:?}", l);
        }
        prop_assert!(ordered(e.total.low_cents, e.total.typical_cents, e.total.high_cents));
    }

    #[test]
    fn a_one_joint_default_estimate_lies_within_its_table_row(
        code in select(priced_codes()),
        one in any::<bool>(),
        cell in select(ALL_CELL_SOURCES.to_vec()),
        zip in zip(),
    ) {
        let p = priced(code);
        let offered = p.cell_sources.iter().any(|c| c.cell_source == cell);
        let req = EstimateRequest {
            joints: one.then_some(1),
            sessions: one.then_some(1),
            cell_source: offered.then_some(cell),
            zip,
            ..EstimateRequest::for_therapy(code)
        };
        let e = estimate(&BOOK, &req, None).expect("a default request");
        let (row_low, row_high) = p
            .table_total
            .as_ref()
            .map_or((p.base.low_cents, p.base.high_cents), |t| (t.low_cents, t.high_cents));
        prop_assert!(row_low <= e.total.low_cents && e.total.high_cents <= row_high);
        let base = e.lines.iter().find(|l| l.code == "base").expect("a base line");
        prop_assert_eq!((base.low_cents, base.high_cents), (p.base.low_cents, p.base.high_cents));
        if code == TherapyCode::KneeMscInjection {
            prop_assert_eq!((e.total.low_cents, e.total.high_cents), (row_low, row_high));
        }
    }

    #[test]
    fn a_knee_injection_with_prp_and_the_combination_get_one_price(
        req in valid_request_for(vec![TherapyCode::KneeMscInjection]),
    ) {
        let chose_prp = req.add_ons.as_ref().is_some_and(|a| a.contains(&AddOn::Prp));
        prop_assume!(chose_prp);
        let combo = EstimateRequest { therapy: TherapyCode::KneeMscPrp, ..req.clone() };
        let asked_as_injection = estimate(&BOOK, &req, None).expect("valid");
        let asked_as_combo = estimate(&BOOK, &combo, None).expect("valid");
        prop_assert_eq!(asked_as_injection.total, asked_as_combo.total);
        prop_assert_eq!(asked_as_injection.lines, asked_as_combo.lines);
    }

    #[test]
    fn no_one_knee_national_estimate_exceeds_the_highest_single_knee_row(
        req in valid_request_for(vec![TherapyCode::KneeMscInjection, TherapyCode::KneeMscPrp]),
    ) {
        let one_knee = EstimateRequest { joints: Some(1), ..req };
        let e = estimate(&BOOK, &one_knee, None).expect("valid");
        prop_assert!(e.total.high_cents <= Cents::from_dollars(30_000), "{:?}", e.total);
    }

    #[test]
    fn estimate_never_costs_less_with_more_joints(
        req in valid_request_for(vec![TherapyCode::KneeMscInjection, TherapyCode::KneeMscPrp, TherapyCode::ScaffoldConstruct]),
        center in proptest::option::of(center_prices()),
    ) {
        let max = priced(req.therapy).max_joints;
        let joints = req.joints.unwrap_or(1);
        prop_assume!(joints < max);
        let fewer = estimate(&BOOK, &req, center.as_ref()).expect("valid");
        let more_req = EstimateRequest { joints: Some(joints + 1), ..req };
        let more = estimate(&BOOK, &more_req, center.as_ref()).expect("valid");
        prop_assert!(not_less(&more.total, &fewer.total), "{:?} < {:?}", more.total, fewer.total);
    }

    #[test]
    fn estimate_never_costs_less_with_more_sessions(
        req in valid_request_for(vec![TherapyCode::KneeMscInjection, TherapyCode::KneeMscPrp]),
        center in proptest::option::of(center_prices()),
    ) {
        let max = priced(req.therapy).max_sessions;
        let sessions = req.sessions.unwrap_or(1);
        prop_assume!(sessions < max);
        let fewer = estimate(&BOOK, &req, center.as_ref()).expect("valid");
        let more_req = EstimateRequest { sessions: Some(sessions + 1), ..req };
        let more = estimate(&BOOK, &more_req, center.as_ref()).expect("valid");
        prop_assert!(not_less(&more.total, &fewer.total), "{:?} < {:?}", more.total, fewer.total);
    }

    #[test]
    fn any_request_and_any_center_prices_answer_without_panicking(
        therapy in select(TherapyCode::ALL.to_vec()),
        joints in proptest::option::of(any::<u8>()),
        sessions in proptest::option::of(any::<u8>()),
        cell_source in proptest::option::of(select(ALL_CELL_SOURCES.to_vec())),
        add_ons in proptest::option::of(proptest::collection::vec(select(ALL_ADD_ONS.to_vec()), 0..8)),
        center in proptest::option::of((
            any::<u64>(), any::<u64>(), proptest::option::of(any::<u64>()),
            proptest::collection::btree_map(select(ALL_ADD_ONS.to_vec()), (any::<u64>(), any::<u64>()), 0..=5),
            proptest::option::of((any::<u64>(), any::<u64>())),
        )),
    ) {
        let raw = |(low, high): (u64, u64)| PriceRange { low_cents: Cents::new(low), high_cents: Cents::new(high) };
        let center = center.map(|(low, high, typical, add_ons, session)| CenterPrices {
            base: raw((low, high)),
            typical_cents: typical.map(Cents::new),
            add_ons: add_ons.into_iter().map(|(a, r)| (a, raw(r))).collect::<BTreeMap<_, _>>(),
            per_additional_session: session.map(raw),
            source: "Arbitrary".to_owned(),
            as_of: NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"),
            published_version: None,
        });
        let req = EstimateRequest { therapy, joints, sessions, cell_source, add_ons, zip: None, center_id: None };
        match estimate(&BOOK, &req, center.as_ref()) {
            Ok(e) => prop_assert!(ordered(e.total.low_cents, e.total.typical_cents, e.total.high_cents)),
            Err(err) => prop_assert!(!err.to_string().is_empty() && !err.field().is_empty()),
        }
    }
}
