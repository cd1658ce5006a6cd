//! The Good Faith Estimate document: every element 45 CFR 149.610(c)(1) asks for and what the
//! HHS standard form adds (the provider's contact, each item's location, the dispute process
//! and the notice of the right to an estimate), and a list of the elements the service could
//! not supply. While a required element is missing the document is a draft.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::centers::{CenterId, CenterKind, Npi, Phone, StateCode, Tin};
use crate::gfe::issued::{ChargesBasis, EstimateId};
use crate::gfe::regulation::{DisputeResolution, RequiredDisclaimer};
use crate::gfe::{Icd10Code, Patient, ServiceCode};
use crate::i18n::Lang;
use crate::money::Cents;
use crate::pricing::catalog::Disclaimer;
use crate::quoting::{QuoteId, QuoteStatus};
use crate::therapy::TherapyCode;

/// A Good Faith Estimate for an uninsured or self-pay patient, from a stored quote.
#[derive(Clone, Serialize, ToSchema)]
pub struct GoodFaithEstimate {
    /// The estimate's id: the service keeps its expected charges under it (never the patient's
    /// name, date of birth or diagnoses), and a bill is reconciled against it.
    pub id: EstimateId,
    /// `true` while an element 45 CFR 149.610(c)(1) requires is missing (listed in
    /// `missing_elements`): the document is a draft, marked so, until the provider completes it.
    pub draft: bool,
    /// The rule the document follows.
    #[schema(example = "45 CFR 149.610(c)(1)")]
    pub regulation: &'static str,
    /// When the document was produced (RFC 3339, UTC, whole seconds).
    pub issued_at: DateTime<Utc>,
    /// The stored quote the amounts come from.
    pub quote: QuoteReference,
    /// Who the estimate is for (as given; not stored).
    pub patient: Patient,
    /// The primary item or service, in plain words, and when it is scheduled.
    pub primary_service: PrimaryService,
    /// Diagnosis codes given for the whole estimate.
    pub diagnosis_codes: Vec<Icd10Code>,
    /// What the expected charges are, in plain words.
    pub expected_charge_basis: ExpectedChargeBasis,
    /// The items and services, grouped by the provider or facility expected to furnish them.
    pub providers: Vec<ProviderEstimate>,
    /// The expected charges of every provider, added up.
    pub total_expected_charges_cents: Cents,
    /// Items or services expected to be scheduled separately, not included above.
    pub separately_scheduled: SeparatelyScheduled,
    /// The statements the rule requires.
    pub disclaimers: Vec<RequiredDisclaimer>,
    /// How and when a bill may be disputed, and what happens then.
    pub dispute_resolution: DisputeResolution,
    /// The standard notice of the patient's right to a Good Faith Estimate.
    pub right_to_estimate: RequiredDisclaimer,
    /// What the sources say the patient must know about the therapy itself.
    pub clinical_disclaimers: Vec<Disclaimer>,
    /// Required elements the service could not supply; the provider must add them before
    /// giving the document to the patient. Never filled in by guessing.
    pub missing_elements: Vec<MissingElement>,
    /// The language its text is written in; answered as `Content-Language`, never in the body.
    #[serde(skip)]
    pub language: Lang,
}

/// The quote behind the document.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct QuoteReference {
    /// The quote's id.
    #[schema(value_type = String, example = "q_7kd2mzq4xw3hbn5rpt6vyc2fae")]
    pub id: QuoteId,
    /// The quote's status when the document was produced.
    pub status: QuoteStatus,
    /// When the quote was created.
    pub created_at: DateTime<Utc>,
    /// When the quote stops being valid.
    pub expires_at: DateTime<Utc>,
    /// The price book its amounts come from.
    #[schema(example = "2026")]
    pub price_book_version: String,
}

/// The primary item or service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PrimaryService {
    /// The therapy's catalog code.
    pub therapy: TherapyCode,
    /// What it is, in plain words.
    #[schema(
        example = "Single-knee MSC injection: intra-articular injection (often with PRP). 1 × MSC injection, per knee."
    )]
    pub description: String,
    /// The date it is scheduled for; absent when it is not scheduled yet.
    #[schema(value_type = Option<String>, format = Date, example = "2026-12-14")]
    pub scheduled_date: Option<NaiveDate>,
}

/// What the expected charges are. Always the charge the provider expects to bill: no caller
/// may choose another figure, so the $400 dispute protection is measured from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ExpectedChargeBasis {
    /// How each expected charge was set, and what the range shown beside it means.
    pub explanation: String,
}

/// One provider or facility and what it is expected to charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ProviderEstimate {
    /// The center's directory id; absent when the quote names no center.
    pub provider_id: Option<CenterId>,
    /// The provider's or facility's name; absent when the quote names no center.
    #[schema(example = "Regenerative Orthopedics")]
    pub name: Option<String>,
    /// What kind of provider it is.
    pub kind: Option<CenterKind>,
    /// `convening`: the provider scheduling and furnishing the primary service.
    #[schema(example = "convening")]
    pub role: &'static str,
    /// National Provider Identifier, when the directory has it.
    pub npi: Option<Npi>,
    /// Taxpayer Identification Number, when the directory has it.
    pub tin: Option<Tin>,
    /// Where the items or services are expected to be furnished.
    pub location: Option<ProviderLocation>,
    /// Whom the patient contacts about the estimate or a bill, as the standard form asks.
    pub contact: ProviderContact,
    /// Whose prices these are: the center's own price list or the national price book.
    pub pricing_basis: String,
    /// The same, as a code.
    pub charges_basis: ChargesBasis,
    /// The items and services, each with its codes and charges.
    pub items: Vec<EstimatedItem>,
    /// This provider's expected charges: the sum of its items' `expected_charge_cents`. A bill
    /// from it at least $400 over this may be disputed.
    pub expected_charges_cents: Cents,
    /// The sum of its items' low figures.
    pub low_total_cents: Cents,
    /// The sum of its items' high figures.
    pub high_total_cents: Cents,
}

/// Whom to contact at a provider. The center directory holds a phone number at most; the
/// provider fills in the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ProviderContact {
    /// The person to contact, when known.
    pub person: Option<String>,
    /// The phone number, when the directory has it.
    pub phone: Option<Phone>,
    /// The email address, when known.
    pub email: Option<String>,
}

/// Where a provider furnishes the items or services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ProviderLocation {
    /// Street address, when the directory has it.
    pub street_address: Option<String>,
    /// City.
    #[schema(example = "Fort Worth")]
    pub city: String,
    /// USPS state or territory code.
    pub state: StateCode,
    /// ZIP code, when the directory has it.
    #[schema(value_type = Option<String>, example = "76102")]
    pub zip: Option<crate::zip::ZipCode>,
}

/// One item or service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct EstimatedItem {
    /// The quote's line code, e.g. `base` or `imaging_and_post_care`.
    #[schema(example = "base")]
    pub line_code: String,
    /// What it is.
    #[schema(example = "MSC injection, per knee")]
    pub description: String,
    /// How many units: joints, or additional sessions × joints.
    #[schema(example = 1)]
    pub quantity: u32,
    /// Where the item or service is provided: its provider's location, as the standard form
    /// lists it per item; absent when the quote names no provider.
    pub service_location: Option<ProviderLocation>,
    /// The CPT or HCPCS code, when the request gave one; never derived.
    pub service_code: Option<ServiceCode>,
    /// Diagnosis codes for this item: the line's own, else the estimate's.
    pub diagnosis_codes: Vec<Icd10Code>,
    /// The expected charge (the figure named by `expected_charge_basis`).
    #[schema(example = 750_000)]
    pub expected_charge_cents: Cents,
    /// Whose price the expected charge is: `center_price_list`, the provider's own published
    /// price, or `national_reference`, the national reference price standing in for a charge
    /// the provider has not stated (then listed in `missing_elements` as `provider_charge`).
    pub expected_charge_basis: ChargesBasis,
    /// Lowest price for the item.
    pub low_cents: Cents,
    /// Typical price for the item.
    pub typical_cents: Cents,
    /// Highest price for the item.
    pub high_cents: Cents,
    /// `false` when no source prices the item: shown at $0 and listed in `missing_elements`.
    pub priced: bool,
    /// Where the price comes from.
    pub source: String,
}

/// Items or services expected to be scheduled separately.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SeparatelyScheduled {
    /// The statement the rule puts above the list.
    pub disclaimer: String,
    /// The items, possibly none.
    pub items: Vec<SeparateItem>,
    /// What could and could not be derived.
    pub note: String,
}

/// An item or service expected to be scheduled separately.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct SeparateItem {
    /// What it is.
    #[schema(example = "Imaging guidance and post-procedure care, per knee")]
    pub description: String,
    /// Why it is listed.
    pub reason: String,
    /// Where that comes from.
    pub source: String,
}

/// An element the service could not supply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct MissingElement {
    /// Which element.
    pub element: ElementKind,
    /// `true` when 45 CFR 149.610(c)(1) requires it (the document stays a draft until it is
    /// there); `false` for what the standard form asks besides (the provider's contact).
    pub required: bool,
    /// The provider it is missing for, if it belongs to one.
    pub provider_id: Option<String>,
    /// The item it is missing for, if it belongs to one.
    pub line_code: Option<String>,
    /// What is missing, in plain words.
    pub detail: String,
    /// Where a developer supplies it: a request field (e.g. `lines.base.service_code`) or a
    /// field of the center's directory record (e.g. `centers: npi`).
    pub supplied_by: String,
}

/// The elements that can be missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ElementKind {
    /// The provider or facility itself (the quote names no center).
    Provider,
    /// The provider's National Provider Identifier.
    Npi,
    /// The provider's Taxpayer Identification Number.
    Tin,
    /// The street address where the items or services are furnished.
    StreetAddress,
    /// The ZIP code of that address.
    Zip,
    /// An item's service code.
    ServiceCode,
    /// An item's diagnosis codes.
    DiagnosisCodes,
    /// An item's expected charge (no source prices it).
    ExpectedCharge,
    /// The provider's own charge for an item priced from the national reference book: the
    /// No Surprises Act's expected charge is the provider's own cash price (45 CFR 149.610).
    ProviderCharge,
    /// The person to contact at the provider (standard form).
    ContactPerson,
    /// The provider's phone number (standard form).
    Phone,
    /// The provider's email address (standard form).
    Email,
    /// The provider's NUCC taxonomy code (the FHIR Bundle only).
    Taxonomy,
    /// The CMS place-of-service code of the items (the FHIR Bundle only).
    PlaceOfService,
    /// The planned date of service (the FHIR Bundle only): the quote's scheduled date.
    ServiceDate,
}

// The document names the patient: `Debug` shows its shape only.
impl fmt::Debug for GoodFaithEstimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GoodFaithEstimate")
            .field("id", &self.id)
            .field("quote", &self.quote.id)
            .field("patient", &self.patient)
            .field("providers", &self.providers.len())
            .field("missing_elements", &self.missing_elements.len())
            .finish_non_exhaustive()
    }
}
