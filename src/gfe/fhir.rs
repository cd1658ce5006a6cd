//! The Good Faith Estimate as HL7 FHIR R4: a Da Vinci Patient Cost Transparency (PCT) GFE
//! Bundle (STU2, canonical base [`PCT_BASE`]), for health systems and payers that read the
//! guide rather than this service's JSON.
//!
//! Written from the same [`GoodFaithEstimate`] the JSON and HTML documents are, so every amount
//! is the same. The Bundle is a `collection`: the GFE Summary Claim first, one Professional GFE
//! Claim per provider, the Patient (from the request; never stored), a self-pay Coverage and an
//! Organization per provider. Every reference is to a `urn:uuid:` `fullUrl` inside the Bundle.
//!
//! Nothing is invented: when an element the profiles require is missing (an NPI, a service code,
//! a taxonomy code, …) [`pct_bundle`] answers [`Incomplete`] with every missing element, unless
//! the caller asks for a [`BundleMode::Draft`]; a draft's Claims have status `draft`, the Bundle
//! carries the [`DRAFT_TAG`] and each missing element is a `gfeDisclaimer`.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::centers::{PlaceOfService, Taxonomy};
use crate::gfe::document::{
    ElementKind, EstimatedItem, MissingElement, ProviderEstimate, ProviderLocation,
};
use crate::gfe::{GoodFaithEstimate, Icd10Code, ServiceCode};
use crate::money::Cents;

/// The canonical base of the Da Vinci PCT implementation guide.
pub const PCT_BASE: &str = "http://hl7.org/fhir/us/davinci-pct";
/// `StructureDefinition` of the GFE Bundle.
pub const PROFILE_BUNDLE: &str =
    "http://hl7.org/fhir/us/davinci-pct/StructureDefinition/davinci-pct-gfe-bundle";
/// `StructureDefinition` of the GFE Summary Claim.
pub const PROFILE_SUMMARY: &str =
    "http://hl7.org/fhir/us/davinci-pct/StructureDefinition/davinci-pct-gfe-summary";
/// `StructureDefinition` of the Professional GFE Claim.
pub const PROFILE_PROFESSIONAL: &str =
    "http://hl7.org/fhir/us/davinci-pct/StructureDefinition/davinci-pct-gfe-professional";
/// `StructureDefinition` of the Coverage.
pub const PROFILE_COVERAGE: &str =
    "http://hl7.org/fhir/us/davinci-pct/StructureDefinition/davinci-pct-coverage";
/// `StructureDefinition` of the Organization.
pub const PROFILE_ORGANIZATION: &str =
    "http://hl7.org/fhir/us/davinci-pct/StructureDefinition/davinci-pct-organization";
/// `StructureDefinition` of US Core Patient (7.0.0), which the guide requires.
pub const PROFILE_PATIENT: &str =
    "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient|7.0.0";
/// The guide's disclaimer extension.
pub const GFE_DISCLAIMER: &str =
    "http://hl7.org/fhir/us/davinci-pct/StructureDefinition/gfeDisclaimer";
/// The `Bundle.meta.tag` of a draft.
pub const DRAFT_TAG: (&str, &str) = ("urn:regenquote:fhir-tag", "draft");
/// The system of the Bundle's and the Claims' identifiers: the Good Faith Estimate's id.
pub const IDENTIFIER_SYSTEM: &str = "urn:regenquote:good-faith-estimate";

const SERVICE_DESCRIPTION: &str =
    "http://hl7.org/fhir/us/davinci-pct/StructureDefinition/serviceDescription";
const PROVIDER_TAXONOMY: &str =
    "http://hl7.org/fhir/us/davinci-pct/StructureDefinition/providerTaxonomy";
const SUMMARY_TYPE: &str =
    "http://hl7.org/fhir/us/davinci-pct/CodeSystem/PCTEstimateTypeSummaryCSTemporaryTrialUse";
const DATA_ABSENT: &str = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
const COVERAGE_KIND: &str = "http://hl7.org/fhir/5.0/StructureDefinition/extension-Coverage.kind";
const SELF_PAY_DECLARED: &str =
    "http://hl7.org/fhir/us/davinci-pct/StructureDefinition/selfPayDeclared";
const US_NPI: &str = "http://hl7.org/fhir/sid/us-npi";
/// The IRS's OID, the system US Core uses for a Tax ID.
const US_TIN: &str = "urn:oid:2.16.840.1.113883.4.4";
const V2_0203: &str = "http://terminology.hl7.org/CodeSystem/v2-0203";
const ICD_10_CM: &str = "http://hl7.org/fhir/sid/icd-10-cm";
const CPT: &str = "http://www.ama-assn.org/go/cpt";
const HCPCS: &str = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
const NUCC: &str = "http://nucc.org/provider-taxonomy";
const CMS_POS: &str =
    "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set";

/// Whether a Bundle with missing elements is refused or given as a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BundleMode {
    /// Every required element must be there; else [`Incomplete`].
    Complete,
    /// The caller asked for a draft: missing elements are left out and listed, and the Bundle
    /// says it is a draft.
    Draft,
}

/// What the directory holds about a provider beyond the JSON document: the two codes the
/// Professional GFE needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderCodes {
    /// The NUCC taxonomy code (`Claim.provider` `providerTaxonomy`).
    pub taxonomy: Option<Taxonomy>,
    /// The CMS place-of-service code (`Claim.item.locationCodeableConcept`).
    pub place_of_service: Option<PlaceOfService>,
}

/// The Bundle needs elements the service does not hold; each is listed with where it is
/// supplied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the FHIR Bundle lacks {} required element(s)", .missing_elements.len())]
pub struct Incomplete {
    /// Every missing required element.
    pub missing_elements: Vec<MissingElement>,
}

/// The required elements a PCT GFE Bundle of `doc` lacks: the document's own required gaps, and
/// the taxonomy code, place of service and date of service the FHIR profiles add.
pub fn missing_elements(doc: &GoodFaithEstimate, codes: &ProviderCodes) -> Vec<MissingElement> {
    let mut missing: Vec<MissingElement> = doc
        .missing_elements
        .iter()
        .filter(|m| m.required)
        .cloned()
        .collect();
    for provider in &doc.providers {
        let Some(id) = provider.provider_id.as_ref() else {
            continue;
        };
        let name = provider.name.as_deref().unwrap_or("the provider");
        if codes.taxonomy.is_none() {
            missing.push(MissingElement {
                element: ElementKind::Taxonomy,
                required: true,
                provider_id: Some(id.to_string()),
                line_code: None,
                detail: format!("The NUCC provider taxonomy code of {name}."),
                supplied_by: "centers: taxonomy".into(),
            });
        }
        if codes.place_of_service.is_none() {
            missing.push(MissingElement {
                element: ElementKind::PlaceOfService,
                required: true,
                provider_id: Some(id.to_string()),
                line_code: None,
                detail: format!("The CMS place-of-service code where {name} gives the care."),
                supplied_by: "centers: place_of_service".into(),
            });
        }
    }
    if doc.primary_service.scheduled_date.is_none() {
        missing.push(MissingElement {
            element: ElementKind::ServiceDate,
            required: true,
            provider_id: None,
            line_code: None,
            detail: "The planned date of service: the quote is not scheduled.".into(),
            supplied_by: "scheduled_date, when the quote is made".into(),
        });
    }
    missing
}

/// The PCT GFE Bundle of `doc`, or [`Incomplete`] when a required element is missing and
/// `mode` is [`BundleMode::Complete`].
pub fn pct_bundle(
    doc: &GoodFaithEstimate,
    codes: &ProviderCodes,
    mode: BundleMode,
) -> Result<Value, Incomplete> {
    let missing = missing_elements(doc, codes);
    if mode == BundleMode::Complete && !missing.is_empty() {
        return Err(Incomplete {
            missing_elements: missing,
        });
    }
    let draft = !missing.is_empty();
    let status = if draft { "draft" } else { "active" };
    let patient_url = new_full_url();
    let coverage_url = new_full_url();
    let created = doc.issued_at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let serviced = doc
        .primary_service
        .scheduled_date
        .map(|d| d.format("%Y-%m-%d").to_string());

    let mut entries = Vec::new();
    let mut claims = Vec::new();
    for (index, provider) in doc.providers.iter().enumerate() {
        let org_url = provider.provider_id.as_ref().map(|_| new_full_url());
        if let Some(org_url) = &org_url {
            entries.push(entry(org_url, organization(provider)));
        }
        let claim = professional_claim(
            doc,
            provider,
            index,
            codes,
            org_url.as_deref(),
            &Refs {
                patient: &patient_url,
                coverage: &coverage_url,
                created: &created,
                serviced: serviced.as_deref(),
                status,
            },
        );
        claims.push(entry(&new_full_url(), claim));
    }

    let mut disclaimers: Vec<String> = Vec::new();
    if draft {
        disclaimers.push(
            "DRAFT: this Good Faith Estimate lacks required elements and must not be given to \
             the patient until the provider supplies them."
                .into(),
        );
        disclaimers.extend(missing.iter().map(|m| {
            format!(
                "Missing: {} (supplied by {}).",
                m.detail.trim_end_matches('.'),
                m.supplied_by
            )
        }));
    }
    disclaimers.extend(doc.disclaimers.iter().map(|d| d.text.clone()));
    disclaimers.push(doc.right_to_estimate.text.clone());
    disclaimers.push(doc.expected_charge_basis.explanation.clone());
    disclaimers.extend(doc.clinical_disclaimers.iter().map(|d| d.text.clone()));

    let summary = summary_claim(
        doc,
        &disclaimers,
        &Refs {
            patient: &patient_url,
            coverage: &coverage_url,
            created: &created,
            serviced: serviced.as_deref(),
            status,
        },
    );

    let mut all = vec![entry(&new_full_url(), summary)];
    all.extend(claims);
    all.push(entry(&patient_url, patient(doc)));
    all.push(entry(&coverage_url, coverage(&patient_url)));
    all.extend(entries);

    let mut meta = json!({"profile": [PROFILE_BUNDLE]});
    if draft {
        meta["tag"] = json!([{"system": DRAFT_TAG.0, "code": DRAFT_TAG.1,
                              "display": "Draft: required elements are missing"}]);
    }
    Ok(json!({
        "resourceType": "Bundle",
        "meta": meta,
        "identifier": {"system": IDENTIFIER_SYSTEM, "value": doc.id.to_string()},
        "type": "collection",
        "timestamp": created,
        "entry": all,
    }))
}

/// What every Claim refers to.
struct Refs<'a> {
    patient: &'a str,
    coverage: &'a str,
    created: &'a str,
    serviced: Option<&'a str>,
    status: &'a str,
}

/// A fresh `urn:uuid:` for one entry: the resources exist only in this Bundle, so they get no
/// server URL, and a new Bundle of the same estimate shares no ids with an earlier one.
fn new_full_url() -> String {
    format!("urn:uuid:{}", Uuid::new_v4())
}

fn entry(full_url: &str, resource: Value) -> Value {
    json!({"fullUrl": full_url, "resource": resource})
}

fn reference(url: &str) -> Value {
    json!({"reference": url})
}

/// A Money of USD from cents, as the decimal FHIR writes.
fn money(cents: Cents) -> Value {
    let cents = cents.get();
    let value =
        serde_json::Number::from_f64(cents as f64 / 100.0).map_or(Value::Null, Value::Number);
    json!({"value": value, "currency": "USD"})
}

fn absent(code: &str) -> Value {
    json!([{"url": DATA_ABSENT, "valueCode": code}])
}

fn disclaimer_extensions(texts: &[String]) -> Vec<Value> {
    texts
        .iter()
        .map(|t| json!({"url": GFE_DISCLAIMER, "valueString": t}))
        .collect()
}

fn diagnoses(codes: &[Icd10Code]) -> Vec<Value> {
    codes
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let kind = if i == 0 { "principal" } else { "secondary" };
            json!({
                "sequence": i + 1,
                "diagnosisCodeableConcept": {"coding": [{"system": ICD_10_CM, "code": code.as_str()}]},
                "type": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/ex-diagnosistype", "code": kind}]}],
            })
        })
        .collect()
}

fn claim_base(refs: &Refs<'_>, profile: &str) -> Map<String, Value> {
    let mut claim = Map::new();
    claim.insert("resourceType".into(), json!("Claim"));
    claim.insert("meta".into(), json!({"profile": [profile]}));
    claim.insert("status".into(), json!(refs.status));
    claim.insert("use".into(), json!("predetermination"));
    claim.insert("patient".into(), reference(refs.patient));
    claim.insert("created".into(), json!(refs.created));
    claim.insert(
        "priority".into(),
        json!({"coding": [{"system": "http://terminology.hl7.org/CodeSystem/processpriority", "code": "normal"}]}),
    );
    claim.insert(
        "insurance".into(),
        json!([{"sequence": 1, "focal": true, "coverage": reference(refs.coverage)}]),
    );
    claim
}

fn summary_claim(doc: &GoodFaithEstimate, disclaimers: &[String], refs: &Refs<'_>) -> Value {
    let mut claim = claim_base(refs, PROFILE_SUMMARY);
    claim.insert(
        "type".into(),
        json!({"coding": [{"system": SUMMARY_TYPE, "code": "estimate-summary", "display": "Estimate Summary"}]}),
    );
    let mut extension = disclaimer_extensions(disclaimers);
    extension
        .push(json!({"url": SERVICE_DESCRIPTION, "valueString": doc.primary_service.description}));
    claim.insert("extension".into(), Value::Array(extension));
    if let Some(date) = refs.serviced {
        claim.insert("billablePeriod".into(), json!({"start": date, "end": date}));
    }
    claim.insert(
        "provider".into(),
        json!({"extension": absent("not-applicable")}),
    );
    if !doc.diagnosis_codes.is_empty() {
        claim.insert(
            "diagnosis".into(),
            Value::Array(diagnoses(&doc.diagnosis_codes)),
        );
    }
    claim.insert("total".into(), money(doc.total_expected_charges_cents));
    Value::Object(claim)
}

fn professional_claim(
    doc: &GoodFaithEstimate,
    provider: &ProviderEstimate,
    index: usize,
    codes: &ProviderCodes,
    org_url: Option<&str>,
    refs: &Refs<'_>,
) -> Value {
    let mut claim = claim_base(refs, PROFILE_PROFESSIONAL);
    claim.insert(
        "identifier".into(),
        json!([{
            "type": {"coding": [{"system": V2_0203, "code": "PLAC", "display": "Placer Identifier"}]},
            "system": IDENTIFIER_SYSTEM,
            "value": format!("{}-{}", doc.id, index + 1),
        }]),
    );
    claim.insert(
        "type".into(),
        json!({"coding": [{"system": "http://terminology.hl7.org/CodeSystem/claim-type", "code": "professional", "display": "Professional"}]}),
    );
    let mut provider_ref = match org_url {
        Some(url) => reference(url),
        None => json!({"display": "No provider is named on the quote"}),
    };
    if let Some(taxonomy) = &codes.taxonomy {
        provider_ref["extension"] = json!([{
            "url": PROVIDER_TAXONOMY,
            "valueCodeableConcept": {"coding": [{"system": NUCC, "code": taxonomy.as_str()}]},
        }]);
    }
    claim.insert("provider".into(), provider_ref);
    claim.insert(
        "payee".into(),
        json!({"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/payeetype", "code": "provider"}]}}),
    );
    let item_codes: Vec<Icd10Code> = provider
        .items
        .iter()
        .flat_map(|i| i.diagnosis_codes.iter().cloned())
        .fold(Vec::new(), |mut all, code| {
            if !all.contains(&code) {
                all.push(code);
            }
            all
        });
    if !item_codes.is_empty() {
        claim.insert("diagnosis".into(), Value::Array(diagnoses(&item_codes)));
    }
    let items: Vec<Value> = provider
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| claim_item(i + 1, item, &item_codes, codes, refs.serviced))
        .collect();
    claim.insert("item".into(), Value::Array(items));
    claim.insert("total".into(), money(provider.expected_charges_cents));
    Value::Object(claim)
}

fn claim_item(
    sequence: usize,
    item: &EstimatedItem,
    claim_codes: &[Icd10Code],
    codes: &ProviderCodes,
    serviced: Option<&str>,
) -> Value {
    let mut out = Map::new();
    out.insert(
        "extension".into(),
        json!([{"url": SERVICE_DESCRIPTION, "valueString": item.description}]),
    );
    out.insert("sequence".into(), json!(sequence));
    let pointers: Vec<usize> = item
        .diagnosis_codes
        .iter()
        .filter_map(|c| claim_codes.iter().position(|k| k == c).map(|p| p + 1))
        .collect();
    if !pointers.is_empty() {
        out.insert("diagnosisSequence".into(), json!(pointers));
    }
    out.insert(
        "productOrService".into(),
        match &item.service_code {
            Some(code) => {
                json!({"coding": [{"system": service_system(code), "code": code.as_str()}],
                                 "text": item.description})
            }
            None => json!({"extension": absent("unknown"), "text": item.description}),
        },
    );
    if let Some(date) = serviced {
        out.insert("servicedDate".into(), json!(date));
    }
    if let Some(pos) = &codes.place_of_service {
        out.insert(
            "locationCodeableConcept".into(),
            json!({"coding": [{"system": CMS_POS, "code": pos.as_str()}]}),
        );
    }
    let (quantity, unit) = unit_price(item.expected_charge_cents, item.quantity);
    out.insert("quantity".into(), json!({"value": quantity}));
    out.insert("unitPrice".into(), money(unit));
    out.insert("net".into(), money(item.expected_charge_cents));
    Value::Object(out)
}

/// The quantity and unit price whose product is exactly `net`: the item's own quantity when
/// `net` divides by it, else the item as one unit (a unit price in fractions of a cent cannot
/// be written exactly).
pub fn unit_price(net: Cents, quantity: u32) -> (u32, Cents) {
    let q = u64::from(quantity.max(1));
    if net.get().is_multiple_of(q) {
        (quantity.max(1), Cents::new(net.get() / q))
    } else {
        (1, net)
    }
}

/// CPT for five digits or four digits and a letter; HCPCS Level II for a letter and four digits.
pub fn service_system(code: &ServiceCode) -> &'static str {
    if code.as_str().starts_with(|c: char| c.is_ascii_alphabetic()) {
        HCPCS
    } else {
        CPT
    }
}

fn patient(doc: &GoodFaithEstimate) -> Value {
    json!({
        "resourceType": "Patient",
        "meta": {"profile": [PROFILE_PATIENT]},
        "name": [{"text": doc.patient.name.as_str()}],
        "gender": "unknown",
        "birthDate": doc.patient.date_of_birth.to_string(),
    })
}

fn coverage(patient_url: &str) -> Value {
    json!({
        "resourceType": "Coverage",
        "meta": {"profile": [PROFILE_COVERAGE]},
        "extension": [
            {"url": COVERAGE_KIND, "valueCode": "self-pay"},
            {"url": SELF_PAY_DECLARED, "valueBoolean": true},
        ],
        "status": "active",
        "type": {"coding": [{"system": "https://nahdo.org/sopt", "code": "81", "display": "Self-pay"}]},
        "_subscriberId": {"extension": absent("not-applicable")},
        "beneficiary": reference(patient_url),
        "relationship": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/subscriber-relationship", "code": "self"}]},
        "payor": [reference(patient_url)],
    })
}

fn organization(provider: &ProviderEstimate) -> Value {
    let mut identifier = Vec::new();
    if let Some(npi) = &provider.npi {
        identifier.push(json!({
            "type": {"coding": [{"system": V2_0203, "code": "NPI"}]},
            "system": US_NPI, "value": npi.as_str(),
        }));
    }
    if let Some(tin) = &provider.tin {
        identifier.push(json!({
            "type": {"coding": [{"system": V2_0203, "code": "TAX"}]},
            "system": US_TIN, "value": tin.as_str(),
        }));
    }
    let mut org = json!({
        "resourceType": "Organization",
        "meta": {"profile": [PROFILE_ORGANIZATION]},
        "active": true,
        "type": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/organization-type", "code": "prov", "display": "Healthcare Provider"}]}],
        "name": provider.name.as_deref().unwrap_or_default(),
    });
    if !identifier.is_empty() {
        org["identifier"] = Value::Array(identifier);
    }
    if let Some(phone) = &provider.contact.phone {
        org["telecom"] = json!([{"system": "phone", "value": phone.as_str()}]);
    }
    if let Some(location) = &provider.location {
        org["address"] = json!([address(location)]);
    }
    org
}

fn address(location: &ProviderLocation) -> Value {
    let mut address = json!({
        "use": "work",
        "type": "physical",
        "city": location.city,
        "state": location.state.as_str(),
        "country": "US",
    });
    if let Some(street) = &location.street_address {
        address["line"] = json!([street]);
    }
    if let Some(zip) = &location.zip {
        address["postalCode"] = json!(zip.to_string());
    }
    address
}

#[cfg(test)]
mod tests;
