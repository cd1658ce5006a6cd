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
    /// What the typical figures are, in one plain sentence: every typical price is derived
    /// from a range, and this says how. Quotes stored before it existed carry none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub typical_explanation: String,
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
    /// Typical total, in cents: a derived figure (see `typical_explanation`).
    #[schema(examples(750_000))]
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
    /// `false` when no source prices this item: it is unpriced (its amounts are 0 only so
    /// that the lines still add up), left out of the total, and the patient should ask the
    /// center. Show it as unpriced, never as $0.
    pub priced: bool,
    /// For an item already in another line's price, that line's code (e.g. `base`): it adds
    /// nothing because the other line pays for it. Show it as included, never as $0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(examples("base"))]
    pub included_in: Option<String>,
    /// How the range was worked out from table rows that state theirs (e.g. one row minus
    /// another), when no row states it; absent for a range a row states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derivation: Option<String>,
    /// Where the line's price (or its absence) comes from; for a derived range, the rows it is
    /// worked out from.
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
        /// When the center's prices were last confirmed (for a published price list, the day
        /// its version took effect).
        as_of: NaiveDate,
        /// The version of the center's published price list that set the prices; absent for
        /// prices from the operator's directory. A quote keeps it: a later version never
        /// changes a stored quote.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        price_list_version: Option<u32>,
    },
}
