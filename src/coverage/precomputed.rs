//! Every answer, built once from the validated rules: one per therapy, payer and condition,
//! plus one per therapy and payer for when no condition is given. Building them at start-up
//! means a gap or an overlap in the rules fails the load, and answering never can.

use super::answer::NextStepKind;
use super::answer::{Basis, CoverageAnswer, CoverageStatus, Source};
use super::rules::{Rule, Rulebook, RulesError, Setting};
use super::table::{PerCondition, PerPayer, PerTherapy};
use super::{Condition, Payer, is_orthopedic};
use crate::i18n::{self, Lang};
use crate::therapy::TherapyCode;

/// The answers for one therapy and payer.
#[derive(Debug, Clone)]
pub(crate) struct Precomputed {
    /// The answer when no condition is given: the therapy's main use, assumed.
    pub assumed: CoverageAnswer,
    /// The answer for each condition.
    pub by_condition: PerCondition<CoverageAnswer>,
}

/// Builds every answer in `lang` from `book` (whose texts are already in `lang`), or names the
/// rule that prevents it.
pub(crate) fn precompute(
    book: &Rulebook,
    lang: Lang,
) -> Result<PerTherapy<PerPayer<Precomputed>>, RulesError> {
    PerTherapy::try_build(|therapy| {
        PerPayer::try_build(|payer| {
            let by_condition = PerCondition::try_build(|condition| {
                answer_for(book, lang, therapy, payer, condition)
            })?;
            let info = book.therapies.get(therapy);
            let mut assumed = by_condition.get(info.primary).clone();
            assumed.condition_assumed = true;
            assumed.explanation = i18n::format(
                lang,
                "cov-assumed",
                &[
                    (
                        "condition",
                        book.conditions.get(info.primary).label.as_str().into(),
                    ),
                    ("therapy", info.label.as_str().into()),
                    ("explanation", assumed.explanation.as_str().into()),
                ],
            );
            Ok(Precomputed {
                assumed,
                by_condition,
            })
        })
    })
}

fn answer_for(
    book: &Rulebook,
    lang: Lang,
    therapy: TherapyCode,
    payer: Payer,
    condition: Condition,
) -> Result<CoverageAnswer, RulesError> {
    let (status, basis, mut explanation, mut sources) =
        if book.therapies.get(therapy).conditions.contains(&condition) {
            let rule = the_rule(book, therapy, payer, condition)?;
            (
                rule.status,
                rule.basis,
                rule.explanation.clone(),
                rule.sources.clone(),
            )
        } else {
            off_indication(book, lang, therapy, payer, condition)
        };
    if is_orthopedic(therapy) {
        explanation.push(' ');
        explanation.push_str(&book.orthopedic_note.text);
        sources.extend(book.orthopedic_note.sources.iter().cloned());
    }
    // The ABN is the Medicare Part B notice: only treatments a source says are given
    // outpatient carry it.
    let outpatient = book.therapies.get(therapy).setting == Setting::Outpatient;
    let next_steps = book
        .steps
        .get(payer)
        .iter()
        .filter(|step| step.kind.offered(payer, status))
        .filter(|step| step.kind != NextStepKind::AdvanceBeneficiaryNotice || outpatient)
        .cloned()
        .collect();
    Ok(CoverageAnswer {
        therapy,
        payer,
        condition,
        condition_assumed: false,
        status,
        basis,
        explanation,
        patient_responsibility: None,
        next_steps,
        sources: without_repeats(sources),
    })
}

/// The one rule answering a therapy, payer and listed condition.
fn the_rule(
    book: &Rulebook,
    therapy: TherapyCode,
    payer: Payer,
    condition: Condition,
) -> Result<&Rule, RulesError> {
    let mut matching = book.rules.iter().filter(|rule| {
        rule.therapy == therapy
            && rule.payers.contains(&payer)
            && rule.conditions.contains(&condition)
    });
    let first = matching.next().ok_or(RulesError::Unanswered {
        therapy,
        payer,
        condition,
    })?;
    match matching.next() {
        None => Ok(first),
        Some(second) => Err(RulesError::Row {
            table: "rule",
            index: second.index,
            id: second.id.clone(),
            field: "payers".into(),
            problem: format!(
                "rule `{}` already answers `{therapy}` for `{payer}` and `{condition}`",
                first.id
            ),
        }),
    }
}

/// The answer for a condition the sources do not list the therapy for.
fn off_indication(
    book: &Rulebook,
    lang: Lang,
    therapy: TherapyCode,
    payer: Payer,
    condition: Condition,
) -> (CoverageStatus, Basis, String, Vec<Source>) {
    let info = book.therapies.get(therapy);
    let asked = book.conditions.get(condition);
    let listed: Vec<&str> = info
        .conditions
        .iter()
        .map(|c| book.conditions.get(*c).label.as_str())
        .collect();
    let mut text = i18n::format(
        lang,
        "cov-off-indication",
        &[
            ("therapy", info.label.as_str().into()),
            ("asked", asked.label.as_str().into()),
            ("listed", in_words(lang, &listed).into()),
        ],
    );
    if let Some(note) = &info.off_indication_note {
        text.push(' ');
        text.push_str(note);
    }
    text.push(' ');
    text.push_str(&asked.summary);
    text.push(' ');
    text.push_str(i18n::text(
        lang,
        if payer.is_insurer() {
            "cov-off-insurer"
        } else {
            "cov-off-self-pay"
        },
    ));
    let mut sources = info.sources.clone();
    sources.extend(asked.sources.iter().cloned());
    (
        CoverageStatus::NotCovered,
        Basis::NoEstablishedIndication,
        text,
        sources,
    )
}

/// `a`, `a and b`, `a, b and c` (in Spanish `a, b y c`).
fn in_words(lang: Lang, items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => i18n::format(
            lang,
            "cov-list-and",
            &[("init", init.join(", ").into()), ("last", (*last).into())],
        ),
    }
}

/// Keeps the first of each source id, in order.
fn without_repeats(sources: Vec<Source>) -> Vec<Source> {
    let mut seen = std::collections::BTreeSet::new();
    sources
        .into_iter()
        .filter(|s| seen.insert(s.id.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_english() {
        assert_eq!(in_words(Lang::En, &["a"]), "a");
        assert_eq!(in_words(Lang::En, &["a", "b"]), "a and b");
        assert_eq!(in_words(Lang::En, &["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn lists_read_as_spanish() {
        assert_eq!(in_words(Lang::Es, &["a", "b", "c"]), "a, b y c");
    }
}
