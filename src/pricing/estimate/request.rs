//! What a patient asks an estimate for, and ready-to-run examples of it.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::centers::CenterId;
use crate::therapy::{AddOn, CellSource, TherapyCode};
use crate::zip::ZipCode;

/// A request for a self-pay price estimate. The therapy's catalog entry lists what each option
/// accepts (`GET /v1/therapies/{code}`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(examples(json!({
    "therapy": "knee_msc_injection",
    "joints": 1,
    "sessions": 1,
    "cell_source": "adipose",
    "zip": "76102"
})))]
pub struct EstimateRequest {
    /// The therapy to price. `hsct` and `remestemcel_l` have no cash price and are refused.
    pub therapy: TherapyCode,
    /// Number of joints treated (default 1, at most the therapy's `max_joints`). Every line is
    /// multiplied by it: a second joint is priced as a second single-joint procedure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 255, examples(1))]
    pub joints: Option<u8>,
    /// Number of sessions the treatment is split into (default 1, at most the therapy's
    /// `max_sessions`). Each session after the first adds the therapy's per-additional-session
    /// price per joint, which the national 2026 book sets at $0; more sessions never cost less.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 255, examples(1))]
    pub sessions: Option<u8>,
    /// Where the cells come from; must be one the therapy is offered with. It does not change
    /// the price (the 2026 table gives none per source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell_source: Option<CellSource>,
    /// Add-ons to include. Absent: the therapy's default add-ons. `[]`: none. Each adds its
    /// line: a priced range, $0 when already in the therapy's price, or an unpriced $0 line
    /// (`priced: false`) when the sources name it without a price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<std::collections::BTreeSet<AddOn>>, max_items = 5)]
    pub add_ons: Option<Vec<AddOn>>,
    /// The patient's ZIP code. It does not change the price: the 2026 table is national.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zip: Option<ZipCode>,
    /// A center to price at. When the center has its own price list, it replaces the national
    /// ranges; otherwise the national 2026 book prices the estimate and says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub center_id: Option<CenterId>,
}

impl EstimateRequest {
    /// A request for `therapy` with every option left to its default.
    pub fn for_therapy(therapy: TherapyCode) -> EstimateRequest {
        EstimateRequest {
            therapy,
            joints: None,
            sessions: None,
            cell_source: None,
            add_ons: None,
            zip: None,
            center_id: None,
        }
    }
}
