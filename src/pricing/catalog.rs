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
    /// Disclaimers an estimate carries only when it chooses one of the named cell sources or
    /// add-ons (for example FDA's word on exosome products where exosomes are chosen).
    pub conditional_disclaimers: Vec<ConditionalDisclaimer>,
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
    /// How each session after the first is priced, per joint; absent when only one session is
    /// offered.
    pub per_additional_session: Option<SessionPricing>,
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

/// How sessions after the first are priced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "pricing", rename_all = "snake_case")]
pub enum SessionPricing {
    /// A national price per additional session, per joint.
    Priced {
        /// The price line, code `additional_sessions`.
        line: PriceLine,
    },
    /// No source gives a price for additional sessions: estimates show them unpriced (never as
    /// $0) and leave them out of the total; ask the center.
    Unpriced {
        /// What the line is for.
        description: String,
        /// Why it is unpriced.
        rationale: String,
        /// Where that comes from.
        source: String,
    },
}

impl SessionPricing {
    /// What an additional-session line is called.
    pub fn description(&self) -> &str {
        match self {
            SessionPricing::Priced { line } => &line.description,
            SessionPricing::Unpriced { description, .. } => description,
        }
    }
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
    /// What the typical price is, in one plain sentence.
    pub typical_rationale: Option<String>,
    /// Where a stated typical price, or the position of a derived one, comes from.
    pub typical_source: Option<String>,
    /// How the range was worked out from table rows that state theirs, e.g. one row minus
    /// another; absent when a row states the range itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derivation: Option<String>,
    /// Why the line is priced this way.
    pub rationale: String,
    /// Where the range comes from (for a derived range, the rows it is worked out from).
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
    /// A fixed fraction of the way from low to high, where a source's stated typical price
    /// falls in its range (the therapy's `typical_rationale` says which).
    Position,
}

impl TypicalMethod {
    /// The computation behind the method; `None` for a sourced or positioned typical price.
    pub fn computed(self) -> Option<ComputedTypical> {
        match self {
            TypicalMethod::GeometricMean => Some(ComputedTypical::GeometricMean),
            TypicalMethod::Midpoint => Some(ComputedTypical::Midpoint),
            TypicalMethod::Sourced | TypicalMethod::Position => None,
        }
    }
}

/// A point a fixed fraction of the way up a range: `numerator / denominator`, from 0 (the low
/// end) to 1 (the high end).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TypicalPosition {
    /// The fraction's numerator, at most `denominator`.
    pub numerator: u32,
    /// The fraction's denominator, at least 1.
    pub denominator: u32,
}

impl TypicalPosition {
    /// Whether this is a fraction from 0 to 1.
    pub fn is_valid(self) -> bool {
        self.denominator >= 1 && self.numerator <= self.denominator
    }

    /// The point of `range` this far up, rounded down to the cent; within the range whenever the
    /// position is valid.
    pub fn of(self, range: PriceRange) -> Cents {
        let (low, high) = (range.low_cents.get(), range.high_cents.get());
        let span = u128::from(high.saturating_sub(low));
        let step = span * u128::from(self.numerator) / u128::from(self.denominator.max(1));
        Cents::new(
            low.saturating_add(u64::try_from(step).unwrap_or(u64::MAX))
                .min(high),
        )
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
    /// For `as_therapy` add-ons, the therapy choosing it makes the procedure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub therapy: Option<TherapyCode>,
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
    /// Named by the sources but never priced: shown unpriced (`priced: false`) and left out of
    /// the total; ask the center.
    Unpriced,
    /// Choosing it makes the procedure another catalog therapy (named in `therapy`), and the
    /// estimate prices that therapy: one procedure has one price however it is asked for.
    AsTherapy,
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
    /// What a reader must know alongside a figure in the row, each with its source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<SourcedText>,
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
    /// What a reader must know alongside the reported figure, each with its source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<SourcedText>,
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

/// A disclaimer that applies only when the estimate chooses one of the named options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ConditionalDisclaimer {
    /// Cell sources that bring the disclaimer (any one of them).
    pub when_cell_sources: Vec<CellSource>,
    /// Add-ons that bring the disclaimer (any one of them).
    pub when_add_ons: Vec<AddOn>,
    /// The disclaimer.
    pub disclaimer: Disclaimer,
}

impl ConditionalDisclaimer {
    /// Whether an estimate choosing `cell_source` and `add_ons` carries it.
    pub fn applies(&self, cell_source: Option<CellSource>, add_ons: &[AddOn]) -> bool {
        cell_source.is_some_and(|c| self.when_cell_sources.contains(&c))
            || add_ons.iter().any(|a| self.when_add_ons.contains(a))
    }
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
