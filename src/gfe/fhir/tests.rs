use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::*;
use crate::gfe::care::fixtures::{
    PRICED_CENTER, issued, knee_at_fort_worth, knee_at_priced_center, stored,
};
use crate::gfe::{GoodFaithEstimateRequest, QuotedCare, Today, good_faith_estimate};
use crate::quoting::{QuotedCenter, StoredQuote};

fn document(
    quote: &StoredQuote,
    body: Value,
    provider: Option<&QuotedCenter>,
) -> GoodFaithEstimate {
    let req: GoodFaithEstimateRequest = serde_json::from_value(body).unwrap();
    let care = QuotedCare::from_quote(quote, issued()).unwrap();
    let book = crate::pricing::PriceBook::embedded().unwrap();
    let therapy = book.therapy(care.estimate.therapy);
    let today = Today::on("2026-03-01".parse().unwrap());
    good_faith_estimate(
        &care,
        provider,
        therapy,
        &req,
        today,
        issued(),
        crate::i18n::Lang::En,
    )
    .unwrap()
}

/// The synthetic priced center with synthetic identifiers (test data: no real provider holds
/// them).
fn complete_center(quote: &StoredQuote) -> QuotedCenter {
    let care = QuotedCare::from_quote(quote, issued()).unwrap();
    let mut center = care.quoted_center().cloned().unwrap();
    assert_eq!(center.id.as_str(), PRICED_CENTER);
    center.npi = Some("1234567893".parse().unwrap());
    center.tin = Some("12-3456789".parse().unwrap());
    center.street_address = Some("100 Main Street".into());
    center.zip = Some("76102".parse().unwrap());
    center
}

fn codes() -> ProviderCodes {
    ProviderCodes {
        taxonomy: Some("207X00000X".parse().unwrap()),
        place_of_service: Some("11".parse().unwrap()),
    }
}

/// A request coding every line of `quote`: CPT 20610 for the injection, HCPCS for the rest.
fn coded_request(quote: &StoredQuote) -> Value {
    let care = QuotedCare::from_quote(quote, issued()).unwrap();
    let lines: serde_json::Map<String, Value> = care
        .lines()
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let code = if i == 0 { "20610" } else { "G0463" };
            (l.code.clone(), json!({"service_code": code}))
        })
        .collect();
    json!({"patient": {"name": "Jordan Rivera", "date_of_birth": "1961-04-09"},
           "diagnosis_codes": ["M17.11", "M25.561"], "lines": lines})
}

fn complete_bundle() -> (GoodFaithEstimate, Value) {
    let quote = knee_at_priced_center();
    let center = complete_center(&quote);
    let doc = document(&quote, coded_request(&quote), Some(&center));
    let bundle = pct_bundle(&doc, &codes(), BundleMode::Complete).expect("complete");
    (doc, bundle)
}

fn resources<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

/// Every `reference` anywhere in `value`.
fn references(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("reference", Value::String(r)) => out.push(r.clone()),
                    _ => references(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

/// The cents of a FHIR Money, exactly (the JSON number as written).
fn cents(money: &Value) -> u64 {
    assert_eq!(money["currency"], "USD");
    let text = money["value"].to_string();
    let (whole, frac) = text.split_once('.').unwrap_or((&text, "0"));
    let frac = format!("{frac:0<2}");
    assert_eq!(frac.len(), 2, "{text}: at most cents");
    whole.parse::<u64>().unwrap() * 100 + frac.parse::<u64>().unwrap()
}

/// The guide's invariants that matter, checked on any Bundle.
fn assert_invariants(bundle: &Value) {
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "collection");
    assert!(bundle["identifier"]["value"].is_string());
    assert!(bundle["timestamp"].is_string());
    let entries = bundle["entry"].as_array().unwrap();
    // pct-gfe-bundle-3: the first entry is the estimate summary.
    assert_eq!(
        entries[0]["resource"]["type"]["coding"][0]["code"],
        "estimate-summary"
    );
    // Every fullUrl is set and unique; pct-gfe-bundle-2: every reference resolves to one.
    let urls: BTreeSet<&str> = entries
        .iter()
        .map(|e| e["fullUrl"].as_str().expect("fullUrl set"))
        .collect();
    assert_eq!(urls.len(), entries.len());
    let mut refs = Vec::new();
    references(bundle, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        assert!(urls.contains(r.as_str()), "{r} resolves inside the Bundle");
    }
    // Totals add up: each claim's items to its total, the claims to the summary.
    let claims = resources(bundle, "Claim");
    let mut sum = 0;
    for claim in &claims[1..] {
        let items: u64 = claim["item"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let net = cents(&i["net"]);
                let q = i["quantity"]["value"].as_u64().unwrap();
                assert_eq!(
                    cents(&i["unitPrice"]) * q,
                    net,
                    "unitPrice × quantity = net"
                );
                net
            })
            .sum();
        assert_eq!(items, cents(&claim["total"]));
        sum += items;
    }
    assert_eq!(sum, cents(&claims[0]["total"]));
}

#[test]
fn a_complete_estimate_is_a_pct_bundle_with_the_summary_first() {
    let (doc, bundle) = complete_bundle();
    assert_invariants(&bundle);
    assert_eq!(bundle["meta"]["profile"][0], PROFILE_BUNDLE);
    assert!(bundle["meta"].get("tag").is_none(), "not a draft");
    assert_eq!(bundle["identifier"]["value"], doc.id.to_string());
    let kinds: Vec<&str> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"]["resourceType"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["Claim", "Claim", "Patient", "Coverage", "Organization"]
    );
    let claims = resources(&bundle, "Claim");
    assert_eq!(claims[0]["meta"]["profile"][0], PROFILE_SUMMARY);
    assert_eq!(claims[1]["meta"]["profile"][0], PROFILE_PROFESSIONAL);
    for claim in &claims {
        assert_eq!(claim["use"], "predetermination");
        assert_eq!(claim["status"], "active");
    }
    assert_eq!(
        cents(&claims[0]["total"]),
        doc.total_expected_charges_cents.get()
    );
}

#[test]
fn the_professional_claim_codes_each_item_as_the_request_gave_it() {
    let (doc, bundle) = complete_bundle();
    let claim = resources(&bundle, "Claim")[1];
    let items = claim["item"].as_array().unwrap();
    assert_eq!(items.len(), doc.providers[0].items.len());
    assert_eq!(items[0]["productOrService"]["coding"][0]["system"], CPT);
    assert_eq!(items[0]["productOrService"]["coding"][0]["code"], "20610");
    if let Some(second) = items.get(1) {
        assert_eq!(second["productOrService"]["coding"][0]["system"], HCPCS);
    }
    for (item, source) in items.iter().zip(&doc.providers[0].items) {
        assert_eq!(item["servicedDate"], "2026-03-20");
        assert_eq!(item["locationCodeableConcept"]["coding"][0]["code"], "11");
        assert_eq!(cents(&item["net"]), source.expected_charge_cents.get());
        assert_eq!(item["extension"][0]["valueString"], source.description);
    }
    assert_eq!(
        claim["provider"]["extension"][0]["valueCodeableConcept"]["coding"][0]["code"],
        "207X00000X"
    );
    assert_eq!(
        claim["diagnosis"][0]["diagnosisCodeableConcept"]["coding"][0]["code"],
        "M17.11"
    );
    assert_eq!(
        claim["diagnosis"][0]["type"][0]["coding"][0]["code"],
        "principal"
    );
}

#[test]
fn the_organization_carries_npi_tin_and_address_and_the_coverage_is_self_pay() {
    let (_, bundle) = complete_bundle();
    let org = resources(&bundle, "Organization")[0];
    assert_eq!(org["identifier"][0]["system"], US_NPI);
    assert_eq!(org["identifier"][0]["value"], "1234567893");
    assert_eq!(org["identifier"][1]["value"], "12-3456789");
    assert_eq!(org["address"][0]["line"][0], "100 Main Street");
    assert_eq!(org["address"][0]["postalCode"], "76102");
    let coverage = resources(&bundle, "Coverage")[0];
    assert_eq!(coverage["extension"][0]["valueCode"], "self-pay");
    assert_eq!(coverage["type"]["coding"][0]["code"], "81");
    let patient = resources(&bundle, "Patient")[0];
    assert_eq!(patient["name"][0]["text"], "Jordan Rivera");
    assert_eq!(patient["birthDate"], "1961-04-09");
}

#[test]
fn the_summary_carries_every_required_disclaimer_as_gfe_disclaimer() {
    let (doc, bundle) = complete_bundle();
    let summary = resources(&bundle, "Claim")[0];
    let texts: Vec<&str> = summary["extension"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["url"] == GFE_DISCLAIMER)
        .map(|e| e["valueString"].as_str().unwrap())
        .collect();
    for d in &doc.disclaimers {
        assert!(texts.contains(&d.text.as_str()), "{}", d.code);
    }
    assert!(texts.contains(&doc.right_to_estimate.text.as_str()));
    assert!(!texts.iter().any(|t| t.starts_with("DRAFT")));
}

#[test]
fn an_incomplete_estimate_is_refused_with_every_missing_element() {
    let quote = knee_at_fort_worth();
    let doc = document(
        &quote,
        json!({"patient": {"name": "Jordan Rivera", "date_of_birth": "1961-04-09"}}),
        quote.snapshot().unwrap().center.as_ref(),
    );
    let err = pct_bundle(&doc, &ProviderCodes::default(), BundleMode::Complete).unwrap_err();
    let kinds: BTreeSet<String> = err
        .missing_elements
        .iter()
        .map(|m| format!("{:?}", m.element))
        .collect();
    for kind in [
        "Npi",
        "Tin",
        "StreetAddress",
        "ServiceCode",
        "Taxonomy",
        "PlaceOfService",
        "ProviderCharge",
    ] {
        assert!(kinds.contains(kind), "{kind} listed: {kinds:?}");
    }
    assert!(err.missing_elements.iter().all(|m| m.required));
    assert!(!kinds.contains("ServiceDate"), "the quote is scheduled");
}

#[test]
fn an_unscheduled_quote_lacks_the_date_of_service() {
    let quote = stored(
        json!({"therapy": "knee_msc_injection"}),
        Some(PRICED_CENTER),
        None,
    );
    let center = complete_center(&quote);
    let doc = document(&quote, coded_request(&quote), Some(&center));
    let err = pct_bundle(&doc, &codes(), BundleMode::Complete).unwrap_err();
    let kinds: Vec<ElementKind> = err.missing_elements.iter().map(|m| m.element).collect();
    assert_eq!(kinds, [ElementKind::ServiceDate]);
}

#[test]
fn a_draft_says_it_is_one_and_still_keeps_every_invariant() {
    let quote = knee_at_fort_worth();
    let doc = document(
        &quote,
        json!({"patient": {"name": "Jordan Rivera", "date_of_birth": "1961-04-09"}}),
        quote.snapshot().unwrap().center.as_ref(),
    );
    let bundle = pct_bundle(&doc, &ProviderCodes::default(), BundleMode::Draft).unwrap();
    assert_invariants(&bundle);
    assert_eq!(bundle["meta"]["tag"][0]["code"], DRAFT_TAG.1);
    for claim in resources(&bundle, "Claim") {
        assert_eq!(claim["status"], "draft");
    }
    let summary = resources(&bundle, "Claim")[0];
    assert!(
        summary["extension"][0]["valueString"]
            .as_str()
            .unwrap()
            .starts_with("DRAFT")
    );
    let item = &resources(&bundle, "Claim")[1]["item"][0];
    assert!(
        item["productOrService"].get("coding").is_none(),
        "no code invented"
    );
    assert!(item.get("locationCodeableConcept").is_none());
}

#[test]
fn a_draft_of_a_quote_without_a_center_refers_to_no_organization() {
    let quote = stored(json!({"therapy": "knee_msc_injection"}), None, None);
    let doc = document(
        &quote,
        json!({"patient": {"name": "Jordan Rivera", "date_of_birth": "1961-04-09"}}),
        None,
    );
    assert!(pct_bundle(&doc, &ProviderCodes::default(), BundleMode::Complete).is_err());
    let bundle = pct_bundle(&doc, &ProviderCodes::default(), BundleMode::Draft).unwrap();
    assert_invariants(&bundle);
    assert!(resources(&bundle, "Organization").is_empty());
}

#[test]
fn a_complete_bundle_asked_as_a_draft_is_not_marked_draft() {
    let quote = knee_at_priced_center();
    let center = complete_center(&quote);
    let doc = document(&quote, coded_request(&quote), Some(&center));
    let bundle = pct_bundle(&doc, &codes(), BundleMode::Draft).unwrap();
    assert!(bundle["meta"].get("tag").is_none());
}

#[test]
fn unit_prices_multiply_back_to_the_net_exactly() {
    assert_eq!(
        unit_price(Cents::new(1_500_000), 2),
        (2, Cents::new(750_000))
    );
    assert_eq!(unit_price(Cents::new(1_000), 3), (1, Cents::new(1_000)));
    assert_eq!(unit_price(Cents::new(0), 0), (1, Cents::new(0)));
}

proptest::proptest! {
    #[test]
    fn unit_price_times_quantity_is_always_the_net(net in 0u64..10_000_000_000, q in 0u32..50) {
        let (quantity, unit) = unit_price(Cents::new(net), q);
        proptest::prop_assert_eq!(unit.get() * u64::from(quantity), net);
    }

    #[test]
    fn money_is_written_to_the_cent(net in 0u64..100_000_000_000) {
        proptest::prop_assert_eq!(cents(&money(Cents::new(net))), net);
    }
}
