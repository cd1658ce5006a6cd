//! What an estimate answers: itemised lines in integer cents, their totals, the assumptions
//! behind them, disclaimers, and the price book that priced them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::centers::CenterId;
use crate::money::Cents;
use crate::pricing::catalog::{Disclaimer, PriceBookVersion};
use crate::therapy::TherapyCode;

/// A self-pay price estimate. The lines add up exactly to `total`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Estimate {
    /// The therapy priced.
    pub therapy: TherapyCode,
    /// Currency of every amount.
    pub currency: Currency,
    /// The sum of the lines.
    pub total: EstimateTotal,
    /// Itemised lines: the procedure (`base`), additional sessions, then add-ons.
    pub lines: Vec<EstimateLine>,
    /// Every modelling choice behind the numbers, in plain words.
    pub assumptions: Vec<String>,
    /// What the patient must know before relying on the estimate, each with its source.
    pub disclaimers: Vec<Disclaimer>,
    /// The national price book in force.
    pub price_book: PriceBookVersion,
    /// Which price list set the prices: the national book or the center's own.
    pub priced_by: PricedBy,
}

/// ISO 4217 currency code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum Currency {
    /// US dollars.
    #[serde(rename = "USD")]
    Usd,
}

/// The estimate's total range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EstimateTotal {
    /// Lowest total, in cents.
    #[schema(examples(500_000))]
    pub low_cents: Cents,
    /// Typical total, in cents.
    #[schema(examples(1_023_861))]
    pub typical_cents: Cents,
    /// Highest total, in cents.
    #[schema(examples(3_000_000))]
    pub high_cents: Cents,
}

/// One itemised line. Amounts are for the whole quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EstimateLine {
    /// `base`, `additional_sessions`, an add-on line code (e.g. `imaging_and_post_care`) or an
    /// add-on (e.g. `exosomes`).
    #[schema(examples("base"))]
    pub code: String,
    /// What the line pays for.
    #[schema(examples("MSC injection, per knee"))]
    pub description: String,
    /// How many units: joints, or additional sessions × joints.
    #[schema(examples(1))]
    pub quantity: u32,
    /// Lowest price for the line, in cents.
    pub low_cents: Cents,
    /// Typical price for the line, in cents.
    pub typical_cents: Cents,
    /// Highest price for the line, in cents.
    pub high_cents: Cents,
    /// `false` when no source prices this item: it is shown at $0, left out of the total, and
    /// the patient should ask the center.
    pub priced: bool,
    /// Where the line's price (or its absence) comes from.
    pub source: String,
}

/// Which price list set the prices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PricedBy {
    /// The national price book (see `price_book`).
    NationalBook,
    /// The center's own price list.
    Center {
        /// The center, as given in the request.
        center_id: Option<CenterId>,
        /// Where the center's prices come from.
        source: String,
        /// When the center's prices were last confirmed.
        as_of: NaiveDate,
    },
}
