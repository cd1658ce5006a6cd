//! The therapy catalog: what each therapy is, what the 2026 sources say about it, what it costs
//! and which options an estimate accepts for it. These types are the `GET /v1/therapies` response
//! and are built once, by the price-book loader, from the data file.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::money::Cents;
use crate::pricing::PriceRange;
use crate::therapy::{AddOn, CellSource, TherapyCode};

/// The whole catalog, stamped with the price book that priced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TherapyCatalog {
    /// The price book the prices come from.
    pub price_book: PriceBookVersion,
    /// Every therapy, in catalog order.
    pub therapies: Vec<TherapyEntry>,
}

/// Which price book, and the dates it is effective for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PriceBookVersion {
    /// The book's version, e.g. `2026`.
    #[schema(examples("2026"))]
    pub version: String,
    /// First day the book's prices apply.
    #[schema(examples("2026-01-01"))]
    pub effective_from: NaiveDate,
    /// Last day the book's prices apply.
    #[schema(examples("2026-12-31"))]
    pub effective_to: NaiveDate,
}

/// One therapy in the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TherapyEntry {
    /// The therapy's code, as accepted by `POST /v1/estimates`.
    pub code: TherapyCode,
    /// Display name.
    #[schema(examples("Single-knee MSC injection"))]
    pub name: String,
    /// The row's wording in the 2026 cost table; absent when the table has no row for it.
    pub table_item: Option<String>,
    /// The cash price and estimate options, or an explicit statement that there is no cash price.
    pub cash_price: CashPrice,
    /// The sources' insurance-coverage wording for this therapy; absent when they give none.
    pub coverage: Option<SourcedText>,
    /// What the sources say about the therapy (cell source, delivery, benefits, limitations, …).
    pub attributes: Vec<Attribute>,
    /// The conditions it is used for and the stage of the clinical evidence.
    pub evidence: Vec<Evidence>,
    /// Reported clinical outcomes.
    pub outcomes: Vec<Outcome>,
    /// Disclaimers every estimate for this therapy carries.
    pub disclaimers: Vec<Disclaimer>,
    /// Every distinct source cited anywhere in this entry.
    pub sources: Vec<String>,
}

/// A statement and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourcedText {
    /// The statement, in the source's words.
    #[schema(examples("Rarely covered; classified as experimental"))]
    pub text: String,
    /// Where it comes from: the seed file, table and row, or the cited fact.
    pub source: String,
}

/// Whether the therapy has a cash price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CashPrice {
    /// The tables price it: the ranges and the options an estimate accepts.
    Priced(Box<PricedTherapy>),
    /// The tables give no cash price; estimates for it are refused.
    NoCashPrice(NoCashPrice),
}

/// Why a therapy has no cash price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoCashPrice {
    /// Why no price can be quoted.
    pub reason: String,
    /// Where that comes from.
    pub source: String,
}

/// A priced therapy: its ranges and the options an estimate for it accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PricedTherapy {
    /// The procedure for one joint (or one treatment), line code `base`.
    pub base: PriceLine,
    /// The table's all-in total for one joint, when it gives one.
    pub table_total: Option<SourcedRange>,
    /// Most joints one estimate may price (`joints` accepts 1 to this).
    #[schema(examples(2))]
    pub max_joints: u8,
    /// Why.
    pub max_joints_rationale: String,
    /// Most sessions one estimate may price (`sessions` accepts 1 to this).
    #[schema(examples(6))]
    pub max_sessions: u8,
    /// Why.
    pub max_sessions_rationale: String,
    /// Price of each session after the first, per joint; absent when only one session is offered.
    pub per_additional_session: Option<PriceLine>,
    /// Cell sources the therapy is offered with (`cell_source` accepts these).
    pub cell_sources: Vec<CellSourceOffer>,
    /// Why these cell sources.
    pub cell_sources_rationale: String,
    /// Add-ons offered with the therapy and how each is priced (`add_ons` accepts these).
    pub add_ons: Vec<AddOnOffer>,
    /// The priced add-on lines; one line may price several add-ons together.
    pub add_on_lines: Vec<PriceLine>,
    /// Add-ons an estimate includes when the request has no `add_ons`.
    pub default_add_ons: Vec<AddOn>,
    /// Why those defaults; absent when there are none.
    pub default_add_ons_rationale: Option<String>,
}

/// Line code of the procedure itself.
pub(crate) const BASE_LINE: &str = "base";
/// Line code of the sessions after the first.
pub(crate) const SESSIONS_LINE: &str = "additional_sessions";

/// A national price line: a range per unit, its typical price, and where both come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PriceLine {
    /// Line code, e.g. `base`, `prp`, `imaging_and_post_care`.
    #[schema(examples("imaging_and_post_care"))]
    pub code: String,
    /// What the line pays for.
    pub description: String,
    /// The add-ons this line prices (empty for the procedure itself and for sessions).
    pub add_ons: Vec<AddOn>,
    /// Lowest price per unit, in cents.
    pub low_cents: Cents,
    /// Typical price per unit, in cents.
    pub typical_cents: Cents,
    /// Highest price per unit, in cents.
    pub high_cents: Cents,
    /// How `typical_cents` was found.
    pub typical_method: TypicalMethod,
    /// Why that typical price, when it is sourced rather than computed.
    pub typical_rationale: Option<String>,
    /// Where a sourced typical price comes from.
    pub typical_source: Option<String>,
    /// Why the line is priced this way.
    pub rationale: String,
    /// Where the range comes from.
    pub source: String,
}

impl PriceLine {
    /// The line's range per unit.
    pub fn range(&self) -> PriceRange {
        PriceRange {
            low_cents: self.low_cents,
            high_cents: self.high_cents,
        }
    }
}

/// A range quoted from a table, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SourcedRange {
    /// Lowest price, in cents.
    pub low_cents: Cents,
    /// Highest price, in cents.
    pub high_cents: Cents,
    /// Where the range comes from.
    pub source: String,
}

/// How a line's typical price is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TypicalMethod {
    /// Integer square root of low × high (in cents).
    GeometricMean,
    /// Halfway between low and high, rounded down to the cent.
    Midpoint,
    /// A typical price stated by a source.
    Sourced,
}

impl TypicalMethod {
    /// The computation behind the method; `None` for a sourced typical price.
    pub fn computed(self) -> Option<ComputedTypical> {
        match self {
            TypicalMethod::GeometricMean => Some(ComputedTypical::GeometricMean),
            TypicalMethod::Midpoint => Some(ComputedTypical::Midpoint),
            TypicalMethod::Sourced => None,
        }
    }
}

/// A typical price computed from a range alone (every method but `sourced`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ComputedTypical {
    /// Integer square root of low × high (in cents).
    GeometricMean,
    /// Halfway between low and high, rounded down to the cent.
    Midpoint,
}

impl ComputedTypical {
    /// The typical price of `range`; within it whenever `low_cents <= high_cents`.
    pub fn of(self, range: PriceRange) -> Cents {
        let (low, high) = (range.low_cents.get(), range.high_cents.get());
        let typical = match self {
            // In u128 the product cannot overflow, and its square root is at most `high`.
            ComputedTypical::GeometricMean => {
                let root = (u128::from(low) * u128::from(high)).isqrt();
                u64::try_from(root).unwrap_or(high)
            }
            ComputedTypical::Midpoint => low + high.saturating_sub(low) / 2,
        };
        Cents::new(typical)
    }

    /// The same method, as a line's [`TypicalMethod`].
    pub fn method(self) -> TypicalMethod {
        match self {
            ComputedTypical::GeometricMean => TypicalMethod::GeometricMean,
            ComputedTypical::Midpoint => TypicalMethod::Midpoint,
        }
    }
}

/// A cell source the therapy is offered with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CellSourceOffer {
    /// The cell source.
    pub cell_source: CellSource,
    /// Where the sources say it is used for this therapy.
    pub source: String,
}

/// An add-on offered with a therapy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AddOnOffer {
    /// The add-on.
    pub add_on: AddOn,
    /// Display label.
    pub label: String,
    /// How an estimate prices it.
    pub pricing: AddOnPricing,
    /// For `priced` add-ons, the code of the line in `add_on_lines` that prices it.
    pub line: Option<String>,
    /// Why it is priced this way.
    pub rationale: String,
    /// Where that comes from.
    pub source: String,
}

/// How an estimate prices an add-on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AddOnPricing {
    /// Priced by a line in `add_on_lines`.
    Priced,
    /// Already in the therapy's own price; adds nothing.
    Included,
    /// Named by the sources but never priced: shown at $0 with `priced: false`; ask the center.
    Unpriced,
}

/// One thing the sources say about a therapy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Attribute {
    /// What the statement is about.
    pub name: AttributeName,
    /// The statement, in the source's words.
    #[schema(examples("Bone-marrow or adipose (autologous)"))]
    pub value: String,
    /// The table and row (or passage) it comes from.
    pub source: String,
}

/// The kinds of statement the catalog carries about a therapy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttributeName {
    /// Where the cells come from.
    CellSource,
    /// How the cells are delivered.
    DeliveryMethod,
    /// The main benefits.
    MainBenefits,
    /// The main limitations.
    MainLimitations,
    /// The state of the clinical evidence.
    ClinicalEvidence,
    /// How regulators classify it.
    RegulatoryStatus,
    /// How far its development has come.
    DevelopmentStage,
    /// When in a course of care it is offered.
    PlaceInCare,
}

/// A row of the sources' table of stem-cell applications across diseases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Disease or condition.
    #[schema(examples("Knee osteoarthritis"))]
    pub condition: String,
    /// Stem-cell types used for it.
    pub stem_cell_types: String,
    /// Stage of the clinical evidence.
    pub clinical_evidence: String,
    /// Typical delivery.
    pub typical_delivery: String,
    /// The table and row.
    pub source: String,
}

/// A row of the sources' clinical-outcomes summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// What was measured.
    #[schema(examples("Pain relief (VAS)"))]
    pub metric: String,
    /// What was reported.
    pub reported_results: String,
    /// When improvement appears; absent when the table gives none.
    #[serde(default)]
    pub timeframe: Option<String>,
    /// Adverse events and their frequency; absent when the table gives none.
    #[serde(default)]
    pub adverse_events: Option<String>,
    /// The table and row.
    pub source: String,
}

/// A disclaimer an estimate carries, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Disclaimer {
    /// Stable code, e.g. `investigational`, `results_not_guaranteed`, `insurance`,
    /// `not_fda_approved`, `coverage`.
    #[schema(examples("results_not_guaranteed"))]
    pub code: String,
    /// The disclaimer.
    #[schema(examples("Results vary and cannot be guaranteed."))]
    pub text: String,
    /// Where it comes from.
    pub source: String,
}

/// The wire name of a catalog enum value (`bone_marrow`, `imaging_guidance`, …), for messages and
/// line codes.
pub(crate) fn wire_name<T: Serialize + std::fmt::Debug>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        // Every catalog enum serialises as a string; Debug is only a fallback for the message.
        _ => format!("{value:?}"),
    }
}
