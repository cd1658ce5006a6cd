use serde_json::json;

use super::*;
use crate::gfe::care::fixtures::{
    FORT_WORTH, issued, knee_at_fort_worth, knee_at_priced_center, stored, typical_of,
};
use crate::pricing::PriceBook;
use crate::quoting::fixtures::QUOTING;
use crate::quoting::{QuotedCenter, StoredQuote};
use crate::therapy::TherapyCode;

fn today() -> Today {
    Today::on("2026-03-01".parse().unwrap())
}

fn request(extra: serde_json::Value) -> GoodFaithEstimateRequest {
    let mut body = json!({"patient": {"name": "Jordan Rivera", "date_of_birth": "1961-04-09"}});
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    serde_json::from_value(body).unwrap()
}

fn gfe_of(
    quote: &StoredQuote,
    provider: Option<&QuotedCenter>,
    req: &GoodFaithEstimateRequest,
) -> Result<GoodFaithEstimate, GfeError> {
    let book = PriceBook::embedded().unwrap();
    let care = QuotedCare::from_quote(quote, issued()).unwrap();
    let therapy = book.therapy(care.estimate.therapy);
    good_faith_estimate(
        &care,
        provider,
        therapy,
        req,
        today(),
        issued(),
        crate::i18n::Lang::En,
    )
}

fn gfe(quote: &StoredQuote, req: &GoodFaithEstimateRequest) -> GoodFaithEstimate {
    gfe_of(quote, None, req).unwrap()
}

fn missing(doc: &GoodFaithEstimate) -> Vec<(ElementKind, Option<String>)> {
    doc.missing_elements
        .iter()
        .map(|m| (m.element, m.line_code.clone()))
        .collect()
}

#[test]
fn the_document_has_every_required_element_from_the_quote() {
    let doc = gfe(&knee_at_fort_worth(), &request(json!({})));
    assert_eq!(doc.patient.name.as_str(), "Jordan Rivera");
    assert_eq!(doc.patient.date_of_birth.to_string(), "1961-04-09");
    assert_eq!(doc.primary_service.therapy, TherapyCode::KneeMscInjection);
    assert!(
        doc.primary_service
            .description
            .starts_with("Single-knee MSC injection — ")
    );
    assert_eq!(
        doc.primary_service.scheduled_date,
        "2026-03-20".parse().ok()
    );
    let provider = &doc.providers[0];
    assert_eq!(
        provider.provider_id.as_ref().map(|c| c.as_str()),
        Some(FORT_WORTH)
    );
    assert_eq!(provider.name.as_deref(), Some("Regenerative Orthopedics"));
    assert_eq!(provider.location.as_ref().unwrap().city, "Fort Worth");
    let codes: Vec<&str> = provider
        .items
        .iter()
        .map(|i| i.line_code.as_str())
        .collect();
    assert_eq!(codes, ["base", "imaging_and_post_care"]);
    let codes: Vec<&str> = doc.disclaimers.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            "additional_items",
            "estimate_only",
            "dispute_resolution",
            "not_a_contract"
        ]
    );
    assert_eq!(doc.dispute_resolution.threshold_cents, Cents::new(40_000));
    assert!(!doc.clinical_disclaimers.is_empty());
}

#[test]
fn the_expected_charge_is_the_typical_figure_and_adds_up_to_the_quote() {
    let quote = knee_at_fort_worth();
    let doc = gfe(&quote, &request(json!({})));
    let provider = &doc.providers[0];
    assert!(
        provider
            .items
            .iter()
            .all(|i| i.expected_charge_cents == i.typical_cents)
    );
    assert_eq!(provider.expected_charges_cents, typical_of(&quote));
    assert_eq!(doc.total_expected_charges_cents, typical_of(&quote));
    assert_eq!(provider.low_total_cents, quote.total.low());
    assert_eq!(provider.high_total_cents, quote.total.high());
    assert!(doc.expected_charge_basis.explanation.contains("typical"));
}

#[test]
fn the_explanation_says_how_the_typical_is_built_and_claims_nothing_else() {
    let doc = gfe(&knee_at_fort_worth(), &request(json!({})));
    let explanation = &doc.expected_charge_basis.explanation;
    assert!(explanation.contains("one tenth"), "{explanation}");
    for invented in [
        "geometric",
        "skew",
        "most patients pay",
        "as the provider chose",
    ] {
        assert!(!explanation.contains(invented), "{invented}: {explanation}");
    }
}

#[test]
fn an_expired_or_superseded_quote_gets_no_estimate() {
    let quote = knee_at_fort_worth();
    let book = PriceBook::embedded().unwrap();
    let therapy = book.therapy(TherapyCode::KneeMscInjection);
    let after = quote.expires_at + chrono::TimeDelta::days(1);
    let care = QuotedCare::from_quote(&quote, after).unwrap();
    let err = good_faith_estimate(
        &care,
        None,
        therapy,
        &request(json!({})),
        today(),
        after,
        crate::i18n::Lang::En,
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            GfeError::QuoteNotActive {
                status: crate::quoting::QuoteStatus::Expired,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn every_estimate_has_its_own_id_and_is_kept_without_the_patient() {
    let quote = knee_at_fort_worth();
    let one = gfe(&quote, &request(json!({"diagnosis_codes": ["M17.11"]})));
    let two = gfe(&quote, &request(json!({})));
    assert_ne!(one.id, two.id);
    assert_eq!(one.issued_at, issued());
    let kept = crate::gfe::IssuedEstimate::from(&one);
    assert_eq!(kept.id, one.id);
    assert_eq!(kept.quote_id, quote.id);
    assert_eq!(
        kept.charges.total_expected_charges_cents,
        typical_of(&quote)
    );
    let stored = serde_json::to_string(&kept.charges).unwrap();
    for personal in ["Jordan", "Rivera", "1961", "M17"] {
        assert!(!stored.contains(personal), "{personal} in {stored}");
    }
}

#[test]
fn the_provider_has_a_contact_and_every_item_its_location() {
    let doc = gfe(&knee_at_fort_worth(), &request(json!({})));
    let provider = &doc.providers[0];
    assert_eq!(provider.contact.phone, None);
    for item in &provider.items {
        assert_eq!(item.service_location.as_ref(), provider.location.as_ref());
    }
    let optional: Vec<ElementKind> = doc
        .missing_elements
        .iter()
        .filter(|m| !m.required)
        .map(|m| m.element)
        .collect();
    assert_eq!(
        optional,
        [
            ElementKind::ContactPerson,
            ElementKind::Phone,
            ElementKind::Email
        ]
    );
    assert!(doc.draft, "the shipped center has no NPI: a draft");
    assert!(doc.right_to_estimate.text.contains("You have the right"));
    assert_eq!(doc.dispute_resolution.fee_cents, Cents::new(2_500));
}

#[test]
fn missing_elements_speak_to_the_patient_and_name_the_field_apart() {
    let doc = gfe(&knee_at_fort_worth(), &request(json!({})));
    for m in &doc.missing_elements {
        for developer in ["`", "lines.", "_code", "diagnosis_codes"] {
            assert!(!m.detail.contains(developer), "{}", m.detail);
        }
        assert!(!m.supplied_by.is_empty());
    }
    let service = doc
        .missing_elements
        .iter()
        .find(|m| m.element == ElementKind::ServiceCode)
        .unwrap();
    assert_eq!(service.supplied_by, "lines.base.service_code");
}

#[test]
fn a_quote_without_a_center_does_not_claim_a_center_published_nothing() {
    let quote = stored(json!({"therapy": "back_msc_prp"}), None, None);
    let doc = gfe(&quote, &request(json!({})));
    let basis = &doc.providers[0].pricing_basis;
    assert!(
        basis.starts_with("No provider is named on the quote"),
        "{basis}"
    );
    assert!(!basis.contains("this center"), "{basis}");
}

#[test]
fn the_shipped_center_lacks_npi_tin_and_address_and_says_so() {
    let doc = gfe(&knee_at_fort_worth(), &request(json!({})));
    let provider = &doc.providers[0];
    assert!(provider.npi.is_none() && provider.tin.is_none());
    assert!(provider.location.as_ref().unwrap().street_address.is_none());
    let kinds: Vec<ElementKind> = doc
        .missing_elements
        .iter()
        .filter(|m| m.line_code.is_none() && m.required)
        .map(|m| m.element)
        .collect();
    assert_eq!(
        kinds,
        [
            ElementKind::Npi,
            ElementKind::Tin,
            ElementKind::StreetAddress,
            ElementKind::Zip
        ]
    );
    assert!(
        doc.missing_elements
            .iter()
            .all(|m| m.provider_id.as_deref() == Some(FORT_WORTH))
    );
}

#[test]
fn codes_given_for_a_line_are_shown_and_no_longer_missing() {
    let req = request(json!({
        "diagnosis_codes": ["M17.11"],
        "lines": {"base": {"service_code": "20610", "diagnosis_codes": ["M17.12"]}}
    }));
    let doc = gfe(&knee_at_fort_worth(), &req);
    let [base, imaging] = &doc.providers[0].items[..] else {
        panic!()
    };
    assert_eq!(
        base.service_code.as_ref().map(|c| c.as_str()),
        Some("20610")
    );
    assert_eq!(base.diagnosis_codes[0].as_str(), "M17.12");
    assert_eq!(imaging.service_code, None);
    assert_eq!(imaging.diagnosis_codes[0].as_str(), "M17.11");
    let gaps = missing(&doc);
    assert!(!gaps.contains(&(ElementKind::ServiceCode, Some("base".into()))));
    assert!(gaps.contains(&(
        ElementKind::ServiceCode,
        Some("imaging_and_post_care".into())
    )));
    assert!(!gaps.iter().any(|(k, _)| *k == ElementKind::DiagnosisCodes));
}

#[test]
fn without_codes_every_item_lists_its_service_and_diagnosis_codes_as_missing() {
    let doc = gfe(&knee_at_fort_worth(), &request(json!({})));
    for line in ["base", "imaging_and_post_care"] {
        for kind in [ElementKind::ServiceCode, ElementKind::DiagnosisCodes] {
            assert!(
                missing(&doc).contains(&(kind, Some(line.into()))),
                "{kind:?} {line}"
            );
        }
    }
    assert!(
        doc.providers[0]
            .items
            .iter()
            .all(|i| i.service_code.is_none())
    );
}

#[test]
fn an_unpriced_add_on_is_a_missing_expected_charge() {
    let quote = stored(
        json!({"therapy": "knee_msc_injection", "add_ons": ["exosomes"]}),
        Some(FORT_WORTH),
        None,
    );
    let doc = gfe(&quote, &request(json!({})));
    assert!(missing(&doc).contains(&(ElementKind::ExpectedCharge, Some("exosomes".into()))));
    assert_eq!(doc.primary_service.scheduled_date, None);
}

#[test]
fn imaging_and_post_care_left_out_of_a_knee_quote_are_listed_as_separately_scheduled() {
    let quote = stored(
        json!({"therapy": "knee_msc_injection", "add_ons": []}),
        Some(FORT_WORTH),
        None,
    );
    let doc = gfe(&quote, &request(json!({})));
    let items = &doc.separately_scheduled.items;
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(
        items[0]
            .description
            .starts_with("Imaging guidance and post-procedure care")
    );
    assert!(items[0].source.contains("seed 000"));
    let quoted = gfe(&knee_at_fort_worth(), &request(json!({})));
    assert!(quoted.separately_scheduled.items.is_empty());
    assert!(
        quoted
            .separately_scheduled
            .note
            .contains("leaves none of it out")
    );
}

#[test]
fn therapies_whose_price_includes_nothing_extra_list_nothing_separately() {
    let quote = stored(json!({"therapy": "scaffold_construct"}), None, None);
    let doc = gfe(&quote, &request(json!({})));
    assert!(doc.separately_scheduled.items.is_empty());
    assert!(!doc.separately_scheduled.disclaimer.is_empty());
}

#[test]
fn a_quote_without_a_center_lists_the_provider_as_missing() {
    let quote = stored(json!({"therapy": "back_msc_prp"}), None, None);
    let doc = gfe(&quote, &request(json!({})));
    assert_eq!(doc.providers[0].provider_id, None);
    assert!(missing(&doc).contains(&(ElementKind::Provider, None)));
}

#[test]
fn todays_directory_entry_supplies_identifiers_added_since_the_quote() {
    let mut center = QuotedCenter::from(&QUOTING.directory().get(FORT_WORTH).unwrap());
    center.npi = Some("1234567893".parse().unwrap());
    center.tin = Some("12-3456789".parse().unwrap());
    let doc = gfe_of(&knee_at_fort_worth(), Some(&center), &request(json!({}))).unwrap();
    assert_eq!(
        doc.providers[0].npi.as_ref().map(|n| n.as_str()),
        Some("1234567893")
    );
    assert!(
        !missing(&doc)
            .iter()
            .any(|(k, _)| matches!(k, ElementKind::Npi | ElementKind::Tin))
    );
}

#[test]
fn codes_for_a_line_the_quote_does_not_have_are_refused_naming_it() {
    let req = request(json!({"lines": {"prp": {"service_code": "0232T"}}}));
    let err = gfe_of(&knee_at_fort_worth(), None, &req).unwrap_err();
    assert_eq!(err.pointer().as_deref(), Some("/lines/prp"));
    assert!(
        err.detail().contains("base, imaging_and_post_care"),
        "{err}"
    );
}

#[test]
fn a_birth_date_after_today_is_refused() {
    let mut req = request(json!({}));
    req.patient.date_of_birth = "2026-03-02".parse().unwrap();
    let err = gfe_of(&knee_at_fort_worth(), None, &req).unwrap_err();
    assert_eq!(err, GfeError::DateOfBirthInFuture);
}

#[test]
fn the_document_never_debug_prints_the_patient() {
    let doc = gfe(
        &knee_at_fort_worth(),
        &request(json!({"diagnosis_codes": ["M17.11"]})),
    );
    let printed = format!("{doc:?}");
    assert!(!printed.contains("Jordan") && !printed.contains("1961") && !printed.contains("M17"));
}

#[test]
fn every_line_priced_from_the_national_book_is_flagged_as_the_providers_missing_charge() {
    use crate::gfe::issued::ChargesBasis;
    let national = gfe(&knee_at_fort_worth(), &request(json!({})));
    assert!(national.draft);
    for item in &national.providers[0].items {
        assert_eq!(item.expected_charge_basis, ChargesBasis::NationalReference);
        assert!(
            national
                .missing_elements
                .iter()
                .any(|m| m.element == ElementKind::ProviderCharge
                    && m.line_code.as_deref() == Some(item.line_code.as_str())
                    && m.required),
            "{} is flagged",
            item.line_code
        );
    }
    let own = gfe(&knee_at_priced_center(), &request(json!({})));
    assert!(
        own.providers[0]
            .items
            .iter()
            .all(|i| i.expected_charge_basis == ChargesBasis::CenterPriceList)
    );
    assert!(
        !own.missing_elements
            .iter()
            .any(|m| m.element == ElementKind::ProviderCharge)
    );
}
