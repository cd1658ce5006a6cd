use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use serde_json::json;

use super::*;

fn book() -> PriceBook {
    PriceBook::embedded().expect("the shipped price book loads")
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 15, 12, 0, 0).unwrap()
}

const OFFERED: [TherapyCode; 2] = [TherapyCode::KneeMscInjection, TherapyCode::KneeMscPrp];

fn list(value: serde_json::Value) -> PriceListInput {
    serde_json::from_value(value).expect("a well-formed list")
}

fn pointers(result: Result<DateTime<Utc>, Vec<ListFault>>) -> Vec<String> {
    result.unwrap_err().into_iter().map(|f| f.pointer).collect()
}

fn single() -> serde_json::Value {
    // Synthetic figures for the test only.
    json!({"therapies": [{"therapy": "knee_msc_injection", "price": {"cents": 400000}}]})
}

#[test]
fn a_single_price_list_takes_effect_now_by_default() {
    assert_eq!(list(single()).check(&OFFERED, &book(), now()), Ok(now()));
}

#[test]
fn a_past_effective_from_is_refused_and_a_future_one_within_a_year_accepted() {
    let mut body = single();
    body["effective_from"] = json!("2027-01-15T11:59:59Z");
    assert_eq!(
        pointers(list(body.clone()).check(&OFFERED, &book(), now())),
        ["/effective_from"]
    );
    body["effective_from"] = json!("2027-03-01T00:00:00Z");
    assert!(list(body.clone()).check(&OFFERED, &book(), now()).is_ok());
    body["effective_from"] = json!("2028-03-01T00:00:00Z");
    assert_eq!(
        pointers(list(body).check(&OFFERED, &book(), now())),
        ["/effective_from"]
    );
}

#[test]
fn every_bad_row_is_named_by_its_pointer() {
    let body = json!({
        "therapies": [
            {"therapy": "knee_msc_injection", "price": {"low_cents": 500000, "high_cents": 400000}},
            {"therapy": "back_msc_prp", "price": {"cents": 100}},
            {"therapy": "knee_msc_injection", "price": {"cents": 100, "low_cents": 1, "high_cents": 2}},
            {"therapy": "knee_msc_prp", "price": {"cents": 100000001},
             "per_additional_session": {"low_cents": 5},
             "add_ons": [{"add_on": "exosomes", "price": {"cents": 1}},
                         {"add_on": "exosomes", "price": {"cents": 1}}]}
        ],
        "discounts": [{"label": " ", "percent_off": 95}]
    });
    let got = pointers(list(body).check(&OFFERED, &book(), now()));
    for expected in [
        "/therapies/0/price/low_cents",
        "/therapies/1/therapy",
        "/therapies/2/therapy",
        "/therapies/2/price/cents",
        "/therapies/3/price/cents",
        "/therapies/3/per_additional_session/high_cents",
        "/therapies/3/add_ons/1/add_on",
        "/discounts/0/label",
        "/discounts/0/percent_off",
    ] {
        assert!(got.iter().any(|p| p == expected), "{expected} in {got:?}");
    }
}

#[test]
fn an_add_on_the_catalog_does_not_offer_with_the_therapy_is_refused() {
    let book = book();
    let CashPrice::Priced(knee) = &book.therapy(TherapyCode::KneeMscInjection).cash_price else {
        panic!("the knee injection is priced");
    };
    let offered: Vec<AddOn> = knee.add_ons.iter().map(|o| o.add_on).collect();
    let missing = [
        AddOn::Prp,
        AddOn::Exosomes,
        AddOn::CollateralLigamentSites,
        AddOn::ImagingGuidance,
        AddOn::PostProcedureCare,
    ]
    .into_iter()
    .find(|a| !offered.contains(a));
    if let Some(missing) = missing {
        let body = json!({"therapies": [{"therapy": "knee_msc_injection", "price": {"cents": 1},
            "add_ons": [{"add_on": missing, "price": {"cents": 1}}]}]});
        assert_eq!(
            pointers(list(body).check(&OFFERED, &book, now())),
            ["/therapies/0/add_ons/0/add_on"]
        );
    }
    if let Some(&ok) = offered.first() {
        let body = json!({"therapies": [{"therapy": "knee_msc_injection", "price": {"cents": 1},
            "add_ons": [{"add_on": ok, "price": {"low_cents": 1, "high_cents": 2}}]}]});
        assert!(list(body).check(&OFFERED, &book, now()).is_ok());
    }
}

#[test]
fn a_typical_price_goes_only_with_a_range_and_within_it() {
    let body = json!({"therapies": [{"therapy": "knee_msc_injection", "price": {"cents": 1},
        "typical_cents": 1}]});
    assert_eq!(
        pointers(list(body).check(&OFFERED, &book(), now())),
        ["/therapies/0/typical_cents"]
    );
    let body = json!({"therapies": [{"therapy": "knee_msc_injection",
        "price": {"low_cents": 10, "high_cents": 20}, "typical_cents": 21}]});
    assert_eq!(
        pointers(list(body).check(&OFFERED, &book(), now())),
        ["/therapies/0/typical_cents"]
    );
}

#[test]
fn an_empty_or_oversized_list_is_refused() {
    assert_eq!(
        pointers(list(json!({"therapies": []})).check(&OFFERED, &book(), now())),
        ["/therapies"]
    );
    let many: Vec<_> = (0..7)
        .map(|_| json!({"therapy": "knee_msc_injection", "price": {"cents": 1}}))
        .collect();
    assert_eq!(
        pointers(list(json!({"therapies": many})).check(&OFFERED, &book(), now())),
        ["/therapies"]
    );
    let discounts: Vec<_> = (0..6)
        .map(|_| json!({"label": "x", "percent_off": 1}))
        .collect();
    let mut body = single();
    body["discounts"] = json!(discounts);
    assert_eq!(
        pointers(list(body).check(&OFFERED, &book(), now())),
        ["/discounts"]
    );
}

#[test]
fn published_prices_map_into_a_center_price_book_with_discounts_applied() {
    let body = json!({
        "source": "Synthetic test sheet",
        "therapies": [{"therapy": "knee_msc_injection",
            "price": {"low_cents": 400000, "high_cents": 600000}, "typical_cents": 500000,
            "per_additional_session": {"cents": 100000},
            "add_ons": [{"add_on": "imaging_guidance", "price": {"cents": 20000}}]}],
        "discounts": [{"label": "Paid up front", "percent_off": 10}]
    });
    let prices = list(body).center_prices(3, now());
    let knee = &prices[&TherapyCode::KneeMscInjection];
    assert_eq!(knee.base.low_cents.get(), 360000);
    assert_eq!(knee.base.high_cents.get(), 540000);
    assert_eq!(knee.typical_cents.map(Cents::get), Some(450000));
    assert_eq!(
        knee.per_additional_session.map(|r| r.low_cents.get()),
        Some(90000)
    );
    assert_eq!(
        knee.add_ons[&AddOn::ImagingGuidance].high_cents.get(),
        18000
    );
    assert!(knee.source.contains("version 3"), "{}", knee.source);
    assert!(
        knee.source.contains("Paid up front 10% off"),
        "{}",
        knee.source
    );
    assert_eq!(knee.as_of, now().date_naive());
}

#[test]
fn a_single_price_is_its_own_typical_price() {
    let prices = list(single()).center_prices(1, now());
    let knee = &prices[&TherapyCode::KneeMscInjection];
    assert_eq!(knee.base.low_cents, knee.base.high_cents);
    assert_eq!(knee.typical_cents, Some(knee.base.low_cents));
    assert!(knee.source.starts_with(DEFAULT_SOURCE));
}

#[test]
fn the_version_in_effect_is_the_latest_started_one_and_the_higher_on_a_tie() {
    let t = |h| Utc.with_ymd_and_hms(2027, 1, 1, h, 0, 0).unwrap();
    let versions = [(t(1), 1), (t(5), 2), (t(3), 3), (t(5), 4), (t(9), 5)];
    let at = |h| in_effect(&versions, t(h), |v| *v).map(|v| v.1);
    assert_eq!(at(0), None);
    assert_eq!(at(2), Some(1));
    assert_eq!(at(4), Some(3));
    assert_eq!(at(5), Some(4));
    assert_eq!(at(8), Some(4));
    assert_eq!(at(23), Some(5));
}

proptest! {
    #[test]
    fn a_discount_never_raises_a_price_and_rounds_to_the_nearest_cent(
        cents in 0u64..=MAX_CENTS,
        offs in proptest::collection::vec(1u8..=MAX_PERCENT_OFF, 0..=MAX_DISCOUNTS),
    ) {
        let discounts: Vec<ListedDiscount> = offs
            .iter()
            .map(|&p| ListedDiscount { label: "x".into(), percent_off: p })
            .collect();
        let factor = discount_factor(&discounts);
        let got = discounted(Cents::new(cents), factor).get();
        prop_assert!(got <= cents);
        let exact = cents as f64 * offs.iter().map(|&p| f64::from(100 - p) / 100.0).product::<f64>();
        prop_assert!((got as f64 - exact).abs() <= 0.5 + 1e-6 * exact.max(1.0));
    }

    #[test]
    fn a_valid_range_is_kept_and_an_inverted_one_refused(low in 0u64..=MAX_CENTS, high in 0u64..=MAX_CENTS) {
        let price = ListedPrice { cents: None, low_cents: Some(low), high_cents: Some(high) };
        prop_assert_eq!(price.range().is_ok(), low <= high);
    }
}
