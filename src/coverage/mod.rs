//! Coverage: whether a payer will pay for a therapy, why, what the patient would pay, and
//! what they can do next. The rules live in `rules.toml` beside this module, are loaded and
//! checked once at start-up, and every answer cites its sources.

mod answer;
mod condition;
mod localize;
mod payer;
mod precomputed;
mod rules;
mod table;
#[cfg(test)]
mod tests;

use std::path::Path;

pub use answer::{
    Basis, CoverageAnswer, CoverageStatus, NextStep, NextStepKind, PatientResponsibility, Source,
};
pub use condition::{Condition, UnknownCondition};
pub use payer::{Payer, UnknownPayer};
pub use rules::RulesError;

use crate::i18n::{self, Lang};
use crate::money::Cents;
use crate::pricing::PriceRange;
use crate::therapy::TherapyCode;
use localize::localized;
use precomputed::{Precomputed, precompute};
use table::{PerPayer, PerTherapy};

/// The rules shipped with the binary.
pub(crate) const EMBEDDED: &str = include_str!("rules.toml");

/// Whether a therapy is an orthopedic MSC therapy. None of these is ever answered
/// `covered`: the sources class them all as experimental or investigational, and no MSC
/// product is FDA-approved for joints or the back. A rules file that says otherwise is
/// rejected.
pub const fn is_orthopedic(therapy: TherapyCode) -> bool {
    match therapy {
        TherapyCode::KneeMscInjection
        | TherapyCode::KneeMscPrp
        | TherapyCode::ScaffoldConstruct
        | TherapyCode::BackMscPrp => true,
        TherapyCode::Hsct | TherapyCode::RemestemcelL => false,
    }
}

/// The loaded coverage rules, ready to answer any question.
#[derive(Debug, Clone)]
pub struct CoverageRules {
    /// Every answer in each language, in [`Lang::ALL`] order.
    answers: Vec<PerTherapy<PerPayer<Precomputed>>>,
}

impl CoverageRules {
    /// The rules shipped with the binary (`src/coverage/rules.toml`).
    pub fn embedded() -> Result<Self, RulesError> {
        Self::parse(EMBEDDED)
    }

    /// Rules from an operator's file, replacing the shipped ones.
    pub fn from_path(path: &Path) -> Result<Self, RulesError> {
        let text = std::fs::read_to_string(path).map_err(|source| RulesError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text)
    }

    /// Rules from the text of a rules file.
    pub fn parse(text: &str) -> Result<Self, RulesError> {
        let book = rules::parse(text)?;
        let answers = Lang::ALL
            .into_iter()
            .map(|lang| precompute(&localized(&book, lang)?, lang))
            .collect::<Result<_, _>>()?;
        Ok(CoverageRules { answers })
    }

    /// Will `payer` pay for `therapy` for `condition` (the therapy's main use when `None`),
    /// and what should the patient do. `cash_price` is the therapy's cash price range, when
    /// one is known; it becomes the patient's responsibility whenever the answer is not
    /// `covered`. Answers every input, in English.
    pub fn answer(
        &self,
        therapy: TherapyCode,
        payer: Payer,
        condition: Option<Condition>,
        cash_price: Option<PriceRange>,
    ) -> CoverageAnswer {
        self.answer_in(therapy, payer, condition, cash_price, Lang::En)
    }

    /// [`CoverageRules::answer`] with its explanation, next steps and note in `lang` (English
    /// for any text without a translation); every code, amount and source is the same.
    pub fn answer_in(
        &self,
        therapy: TherapyCode,
        payer: Payer,
        condition: Option<Condition>,
        cash_price: Option<PriceRange>,
        lang: Lang,
    ) -> CoverageAnswer {
        let precomputed = self.answers[lang.index()].get(therapy).get(payer);
        let mut answer = match condition {
            Some(condition) => precomputed.by_condition.get(condition).clone(),
            None => precomputed.assumed.clone(),
        };
        answer.patient_responsibility =
            cash_price.and_then(|range| responsibility(answer.payer, answer.status, range, lang));
        answer
    }

    /// The answer shown as the example in the API documentation.
    pub(crate) fn schema_example() -> Option<CoverageAnswer> {
        // The seed's 2026 single-knee base range, $3,500 to $25,000.
        let range = PriceRange::new(Cents::from_dollars(3_500), Cents::from_dollars(25_000));
        let rules = Self::embedded().ok()?;
        Some(rules.answer(
            TherapyCode::KneeMscInjection,
            Payer::Commercial,
            None,
            range.ok(),
        ))
    }
}

/// What the patient would pay, unless the payer covers the therapy.
fn responsibility(
    payer: Payer,
    status: CoverageStatus,
    range: PriceRange,
    lang: Lang,
) -> Option<PatientResponsibility> {
    let when = match (payer.is_insurer(), status) {
        (_, CoverageStatus::Covered) => return None,
        (false, _) => "cov-pay-direct",
        (true, CoverageStatus::MayBeCovered) => "cov-pay-if-not-approved",
        (true, CoverageStatus::RarelyCovered | CoverageStatus::NotCovered) => {
            "cov-pay-unless-confirmed"
        }
    };
    Some(PatientResponsibility {
        low_cents: range.low_cents,
        high_cents: range.high_cents,
        note: format!(
            "{} {}",
            i18n::text(lang, when),
            i18n::text(lang, "cov-pay-cash-range")
        ),
    })
}
