//! The price-book file as written on disk, before validation. Field names here are the data
//! file's keys; `validate` turns these into the catalog or says which row and field is wrong.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::money::Cents;
use crate::pricing::PriceRange;
use crate::pricing::catalog::{
    AddOnPricing, Attribute, CellSourceOffer, ComputedTypical, NoCashPrice, SourcedText,
    TypicalMethod, TypicalPosition,
};
use crate::therapy::{AddOn, CellSource, TherapyCode};

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BookFile {
    pub version: String,
    pub effective_from: NaiveDate,
    pub effective_to: NaiveDate,
    pub currency: String,
    pub source: String,
    pub typical: TypicalFile,
    pub assumptions: Assumptions,
    pub add_on_labels: BTreeMap<AddOn, String>,
    pub disclaimers: Vec<DisclaimerFile>,
    /// Named lists of caveats that rows carrying a figure point to with `caveat_set`.
    #[serde(default)]
    pub caveat_sets: BTreeMap<String, Vec<SourcedText>>,
    #[serde(default)]
    pub outcome_sets: BTreeMap<String, Vec<OutcomeFile>>,
    pub therapies: Vec<TherapyFile>,
}

/// `[typical]`: how a range's typical price is found when a line states none.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TypicalFile {
    pub default_method: ComputedTypical,
    pub rationale: String,
}

/// `[assumptions]`: the plain-words statements an estimate makes about its modelling choices.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Assumptions {
    pub per_joint: String,
    pub sessions_per_joint: String,
    pub cell_source: String,
    pub zip: String,
    pub unpriced_add_on: String,
    pub center_prices: String,
    pub center_unpriced_add_on: String,
    pub center_unpriced_sessions: String,
    pub center_typical: String,
    pub no_center_prices: String,
}

impl Assumptions {
    /// Every statement with its key, for validation.
    pub(super) fn named(&self) -> [(&'static str, &str); 10] {
        [
            ("per_joint", &self.per_joint),
            ("sessions_per_joint", &self.sessions_per_joint),
            ("cell_source", &self.cell_source),
            ("zip", &self.zip),
            ("unpriced_add_on", &self.unpriced_add_on),
            ("center_prices", &self.center_prices),
            ("center_unpriced_add_on", &self.center_unpriced_add_on),
            ("center_unpriced_sessions", &self.center_unpriced_sessions),
            ("center_typical", &self.center_typical),
            ("no_center_prices", &self.no_center_prices),
        ]
    }
}

/// `[[disclaimers]]`. With `when_cell_sources` or `when_add_ons`, only estimates that choose one
/// of them carry it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DisclaimerFile {
    pub code: String,
    pub applies_to: Vec<TherapyCode>,
    #[serde(default)]
    pub when_cell_sources: Vec<CellSource>,
    #[serde(default)]
    pub when_add_ons: Vec<AddOn>,
    pub text: String,
    pub source: String,
}

/// A row of the clinical-outcomes summary as written in the file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OutcomeFile {
    pub metric: String,
    pub reported_results: String,
    #[serde(default)]
    pub timeframe: Option<String>,
    #[serde(default)]
    pub adverse_events: Option<String>,
    /// The caveats the figure must carry, by `caveat_sets` name.
    #[serde(default)]
    pub caveat_set: Option<String>,
    pub source: String,
}

/// A row of the table of stem-cell applications as written in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EvidenceFile {
    pub condition: String,
    pub stem_cell_types: String,
    pub clinical_evidence: String,
    pub typical_delivery: String,
    /// The caveats the figure must carry, by `caveat_sets` name.
    #[serde(default)]
    pub caveat_set: Option<String>,
    pub source: String,
}

/// `[[therapies]]`: one row per therapy code.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TherapyFile {
    pub code: TherapyCode,
    pub name: String,
    #[serde(default)]
    pub table_item: Option<String>,
    #[serde(default)]
    pub outcome_set: Option<String>,
    /// How this therapy's typical prices are placed in their ranges, when not the book's default.
    #[serde(default)]
    pub typical: Option<TherapyTypicalFile>,
    #[serde(default)]
    pub coverage: Option<SourcedText>,
    #[serde(default)]
    pub price: Option<PriceFile>,
    #[serde(default)]
    pub no_cash_price: Option<NoCashPrice>,
    #[serde(default)]
    pub estimate: Option<EstimateFile>,
    #[serde(default)]
    pub attributes: Vec<Attribute>,
    #[serde(default)]
    pub evidence: Vec<EvidenceFile>,
    #[serde(default)]
    pub outcomes: Vec<OutcomeFile>,
}

/// `[therapies.typical]`: every range of the therapy takes its typical price at one position.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TherapyTypicalFile {
    pub position: TypicalPosition,
    pub rationale: String,
    pub source: String,
}

/// `[therapies.price]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PriceFile {
    pub base: LineFile,
    #[serde(default)]
    pub table_total: Option<RangeFile>,
}

/// A range quoted from a table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RangeFile {
    pub range: PriceRange,
    pub source: String,
}

/// A price line: the base, the additional-session price, or an add-on line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LineFile {
    /// Only add-on lines name their code; the base and session lines have fixed codes.
    #[serde(default)]
    pub code: Option<String>,
    /// Only add-on lines list the add-ons they price.
    #[serde(default)]
    pub add_ons: Vec<AddOn>,
    pub description: String,
    pub range: PriceRange,
    #[serde(default)]
    pub typical_method: Option<TypicalMethod>,
    #[serde(default)]
    pub typical_cents: Option<Cents>,
    #[serde(default)]
    pub typical_rationale: Option<String>,
    #[serde(default)]
    pub typical_source: Option<String>,
    /// How a range no row states was worked out from rows that do; absent for a stated range.
    #[serde(default)]
    pub derivation: Option<String>,
    pub rationale: String,
    pub source: String,
}

/// `[therapies.estimate.per_additional_session]`: a price per additional session, or a
/// statement that no source gives one.
#[derive(Debug, Deserialize)]
#[serde(tag = "pricing", rename_all = "snake_case", deny_unknown_fields)]
pub(super) enum SessionFile {
    /// Priced by a line.
    Priced(LineFile),
    /// No source prices additional sessions.
    Unpriced {
        description: String,
        rationale: String,
        source: String,
    },
}

/// `[therapies.estimate]`: the options an estimate accepts for a priced therapy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EstimateFile {
    pub max_joints: u8,
    pub max_joints_rationale: String,
    pub max_sessions: u8,
    pub max_sessions_rationale: String,
    #[serde(default)]
    pub per_additional_session: Option<SessionFile>,
    pub cell_sources: Vec<CellSourceOffer>,
    pub cell_sources_rationale: String,
    #[serde(default)]
    pub default_add_ons: Vec<AddOn>,
    #[serde(default)]
    pub default_add_ons_rationale: Option<String>,
    #[serde(default)]
    pub add_on_lines: Vec<LineFile>,
    #[serde(default)]
    pub add_ons: Vec<AddOnFile>,
}

/// `[[therapies.estimate.add_ons]]`: an offered add-on. A `priced` one names its line (which
/// carries the rationale and source); an `as_therapy` one names the therapy it makes the
/// procedure; `included` and `unpriced` ones carry their own rationale and source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AddOnFile {
    pub add_on: AddOn,
    pub pricing: AddOnPricing,
    #[serde(default)]
    pub line: Option<String>,
    #[serde(default)]
    pub therapy: Option<TherapyCode>,
    #[serde(default)]
    pub rationale: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
}
