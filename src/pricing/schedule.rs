//! The shape of a price schedule: the ranges a therapy costs at one provider. The national
//! 2026 price book and a center's own price book both use it.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::money::Cents;
use crate::therapy::AddOn;

/// A price range in cents, `low_cents <= high_cents`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "RawRange")]
pub struct PriceRange {
    /// Lowest price in cents.
    pub low_cents: Cents,
    /// Highest price in cents.
    pub high_cents: Cents,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    low_cents: Cents,
    high_cents: Cents,
}

/// `low_cents` is above `high_cents`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("low_cents ({low}) is above high_cents ({high})")]
pub struct InvertedRange {
    low: Cents,
    high: Cents,
}

impl PriceRange {
    /// A range, or an error when `low > high`.
    pub fn new(low: Cents, high: Cents) -> Result<Self, InvertedRange> {
        if low <= high {
            Ok(PriceRange {
                low_cents: low,
                high_cents: high,
            })
        } else {
            Err(InvertedRange { low, high })
        }
    }
}

impl TryFrom<RawRange> for PriceRange {
    type Error = InvertedRange;
    fn try_from(r: RawRange) -> Result<Self, Self::Error> {
        PriceRange::new(r.low_cents, r.high_cents)
    }
}

/// A center's own prices for one therapy. When a center has one, an estimate at that center
/// uses it instead of the national ranges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
// Documented under another name: generators name the inline map `Center.prices` itself
// `CenterPrices`, which would collide.
#[schema(as = TherapyPriceList)]
pub struct CenterPrices {
    /// Procedure price for one joint (or one treatment area).
    pub base: PriceRange,
    /// The center's typical price for the procedure, if it states one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typical_cents: Option<Cents>,
    /// Prices of add-ons the center offers; an add-on absent here is not priced by the center.
    #[serde(default)]
    pub add_ons: BTreeMap<AddOn, PriceRange>,
    /// Price of each session after the first, per joint, if the center states one; without it,
    /// additional sessions at this center are shown unpriced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_additional_session: Option<PriceRange>,
    /// Where these prices come from (the center's published price list, a contract, …).
    pub source: String,
    /// The date the prices were last confirmed.
    pub as_of: NaiveDate,
    /// The version of the center's published price list these prices come from; `None` for
    /// prices an operator's directory file sets. Not part of the file format.
    #[serde(skip)]
    pub published_version: Option<u32>,
}
