//! What a quote says, frozen when it is issued: the request, the priced estimate with its
//! financing, the coverage answer, the center and the scheduled date. One typed value is
//! written, read back for documents, and documented in the API, so nothing but the compiler
//! ties them together.
//!
//! Versions: quotes stored before `snapshot_version` existed carry none and read as version 1;
//! their center is the directory row of the time, with fields this type no longer names,
//! and their financing offers repeat their plan. Both read as this type, which ignores what
//! it does not name. Version 2 is what this code writes.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::calendar::CalendarDate;
use crate::centers::{
    Center, CenterId, CenterKind, CenterLocation, Npi, Phone, StateCode, Tin, Website,
};
use crate::coverage::{Condition, CoverageAnswer, Payer};
use crate::financing::FinancingOptions;
use crate::pricing::{Estimate, EstimateRequest};
use crate::quoting::QuoteId;
use crate::therapy::{AddOn, CellSource, TherapyCode};
use crate::zip::ZipCode;

/// The snapshot version this code writes.
pub const SNAPSHOT_VERSION: u32 = 2;

/// Everything a quote promises, frozen when it was issued.
#[derive(Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct QuoteSnapshot {
    /// The shape of this snapshot: 2 for quotes stored from now on. Quotes stored before
    /// version 2 carry none; read its absence as 1.
    #[serde(default = "version_one")]
    #[schema(minimum = 1, example = 2)]
    pub snapshot_version: u32,
    /// The request, as the client sent it.
    pub request: QuoteRequest,
    /// The priced estimate with its financing options.
    pub estimate: PricedEstimate,
    /// The coverage answer for the request's payer and condition.
    pub coverage: CoverageAnswer,
    /// The center that will perform the therapy, as it was when the quote was issued.
    #[serde(default)]
    pub center: Option<QuotedCenter>,
    /// The date the therapy is scheduled for, when known.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date, example = "2026-12-14")]
    pub scheduled_date: Option<NaiveDate>,
}

fn version_one() -> u32 {
    1
}

// The request holds the patient's ZIP code: `Debug` shows only what is quoted.
impl fmt::Debug for QuoteSnapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QuoteSnapshot")
            .field("snapshot_version", &self.snapshot_version)
            .field("therapy", &self.request.therapy)
            .field("lines", &self.estimate.estimate.lines.len())
            .finish_non_exhaustive()
    }
}

/// An estimate with the financing options for its typical total: what `POST /v1/estimates`
/// answers and what a quote freezes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PricedEstimate {
    /// The priced estimate.
    #[serde(flatten)]
    pub estimate: Estimate,
    /// Financing options for the typical total, with the "as low as" monthly line and its
    /// disclosure.
    pub financing: FinancingOptions,
}

/// What to quote: the estimate's options, plus the center, the date and the payer.
// The estimate's fields are repeated rather than flattened: serde cannot combine `flatten` with
// `deny_unknown_fields`, and an unknown field must stay a 422 naming it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "therapy": "knee_msc_injection", "joints": 1, "zip": "76102",
    "center_id": "regenerative-orthopedics-fort-worth", "scheduled_date": "2026-12-14",
    "payer": "self_pay"
}))]
pub struct QuoteRequest {
    /// The therapy to quote (as for an estimate).
    pub therapy: TherapyCode,
    /// Joints treated (as for an estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 255, examples(1))]
    pub joints: Option<u8>,
    /// Sessions (as for an estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 255, examples(1))]
    pub sessions: Option<u8>,
    /// Cell source (as for an estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell_source: Option<CellSource>,
    /// Add-ons (as for an estimate): absent for the therapy's defaults, `[]` for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<std::collections::BTreeSet<AddOn>>, max_items = 5)]
    pub add_ons: Option<Vec<AddOn>>,
    /// The patient's ZIP code (as for an estimate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip: Option<ZipCode>,
    /// The center that will perform the therapy; its own prices apply when it publishes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub center_id: Option<CenterId>,
    /// The date the therapy is scheduled for, if known (`YYYY-MM-DD`): not before today, not
    /// after the quote expires, and within the price book's dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheduled_date: Option<CalendarDate>,
    /// Who would pay, for the coverage answer stored with the quote (default `self_pay`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<Payer>,
    /// The condition treated, for the coverage answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// An earlier quote of the same account this one replaces; that one is marked superseded.
    /// Needs a secret key: with a publishable key it is 403.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<QuoteId>,
}

impl QuoteRequest {
    /// The estimate this quote prices.
    pub fn estimate_request(&self) -> EstimateRequest {
        EstimateRequest {
            therapy: self.therapy,
            joints: self.joints,
            sessions: self.sessions,
            cell_source: self.cell_source,
            add_ons: self.add_ons.clone(),
            zip: self.zip,
            center_id: self.center_id.clone(),
        }
    }
}

// The request holds the patient's ZIP code and condition: `Debug` shows the therapy only.
impl fmt::Debug for QuoteRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QuoteRequest")
            .field("therapy", &self.therapy)
            .finish_non_exhaustive()
    }
}

/// The center a quote names, as the directory had it when the quote was issued: who the
/// provider is and where, for the lender and for the Good Faith Estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct QuotedCenter {
    /// The center's directory id.
    pub id: CenterId,
    /// The center's name.
    #[schema(example = "Regenerative Orthopedics")]
    pub name: String,
    /// What kind of provider it is, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<CenterKind>,
    /// City.
    #[schema(example = "Fort Worth")]
    pub city: String,
    /// USPS state or territory code.
    pub state: StateCode,
    /// ZIP code of the center's address, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip: Option<ZipCode>,
    /// Street address, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    /// Where the center is, and how precisely that is known.
    pub location: CenterLocation,
    /// National Provider Identifier, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub npi: Option<Npi>,
    /// Taxpayer Identification Number (EIN), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tin: Option<Tin>,
    /// Website, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<Website>,
    /// Phone number, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<Phone>,
}

impl From<&Center> for QuotedCenter {
    fn from(c: &Center) -> Self {
        QuotedCenter {
            id: c.id.clone(),
            name: c.name.clone(),
            kind: c.kind,
            city: c.city.clone(),
            state: c.state,
            zip: c.zip,
            street_address: c.street_address.clone(),
            location: c.location,
            npi: c.npi.clone(),
            tin: c.tin.clone(),
            website: c.website.clone(),
            phone: c.phone.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
