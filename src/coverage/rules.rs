//! The coverage rules file (`rules.toml`): the checks that turn it into a [`Rulebook`] whose
//! every reference resolves. Any failure names the table, the row (index
//! and id or code) and the field.

use std::collections::{BTreeMap, BTreeSet};

use super::answer::{Basis, CoverageStatus, NextStep, NextStepKind, Source};
use super::table::{PerCondition, PerPayer, PerTherapy};
use super::{Condition, Payer, is_orthopedic};
use crate::therapy::TherapyCode;

mod error;
mod rows;

pub use error::RulesError;

pub(crate) use rows::Setting;
use rows::{
    At, ConditionRow, NoteRow, RawFile, RuleRow, SourceRow, StepRow, TherapyRow, row, rows,
};

/// What the sources say about a condition.
#[derive(Debug, Clone)]
pub(crate) struct ConditionInfo {
    pub label: String,
    pub summary: String,
    pub sources: Vec<Source>,
}

/// The conditions a therapy is used for, and the sources that say so.
#[derive(Debug, Clone)]
pub(crate) struct TherapyInfo {
    pub label: String,
    pub primary: Condition,
    pub conditions: Vec<Condition>,
    pub sources: Vec<Source>,
    /// Where it is given; only outpatient therapies carry the Medicare ABN step.
    pub setting: Setting,
    pub off_indication_note: Option<String>,
}

/// One rule: the answer for its therapy, payers and conditions.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub index: usize,
    pub id: String,
    pub therapy: TherapyCode,
    pub payers: Vec<Payer>,
    pub conditions: Vec<Condition>,
    pub status: CoverageStatus,
    pub basis: Basis,
    pub explanation: String,
    pub sources: Vec<Source>,
}

/// A sentence added to answers, with its sources.
#[derive(Debug, Clone)]
pub(crate) struct Note {
    pub text: String,
    pub sources: Vec<Source>,
}

/// The validated rules file.
#[derive(Debug, Clone)]
pub(crate) struct Rulebook {
    pub conditions: PerCondition<ConditionInfo>,
    pub therapies: PerTherapy<TherapyInfo>,
    pub rules: Vec<Rule>,
    pub orthopedic_note: Note,
    /// Each payer's steps, one per kind that applies to it, in [`NextStepKind::ALL`] order.
    pub steps: PerPayer<Vec<NextStep>>,
}

type Sources = BTreeMap<String, Source>;

/// Parses and checks the whole file.
pub(crate) fn parse(text: &str) -> Result<Rulebook, RulesError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| RulesError::Syntax(e.to_string()))?;
    let sources = read_sources(raw.source)?;
    let conditions = read_conditions(&sources, raw.condition)?;
    let therapies = read_therapies(&sources, raw.therapy)?;
    let rules = read_rules(&sources, &therapies, raw.rule)?;
    let orthopedic_note = read_note(&sources, raw.orthopedic_note)?;
    let steps = read_steps(&sources, raw.next_step)?;
    Ok(Rulebook {
        conditions,
        therapies,
        rules,
        orthopedic_note,
        steps,
    })
}

fn read_sources(raw: Vec<toml::Table>) -> Result<Sources, RulesError> {
    let mut sources = BTreeMap::new();
    for (at, row) in rows::<SourceRow>("source", raw)? {
        at.text("id", &row.id)?;
        at.text("title", &row.title)?;
        at.text("citation", &row.citation)?;
        if let Some(quote) = &row.quote {
            at.text("quote", quote)?;
        }
        let source = Source {
            id: row.id.clone(),
            title: row.title,
            citation: row.citation,
            quote: row.quote,
        };
        if sources.insert(row.id, source).is_some() {
            return Err(at.err("id", "another source already has this id"));
        }
    }
    Ok(sources)
}

fn read_conditions(
    sources: &Sources,
    raw: Vec<toml::Table>,
) -> Result<PerCondition<ConditionInfo>, RulesError> {
    let mut conditions = BTreeMap::new();
    for (at, row) in rows::<ConditionRow>("condition", raw)? {
        at.text("label", &row.label)?;
        at.text("summary", &row.summary)?;
        let info = ConditionInfo {
            label: row.label,
            summary: row.summary,
            sources: cite_all(sources, &at, "sources", &row.sources)?,
        };
        if conditions.insert(row.code, info).is_some() {
            return Err(at.err("code", "another row already has this code"));
        }
    }
    PerCondition::try_build(|c| take(&mut conditions, c, "condition"))
}

fn read_therapies(
    sources: &Sources,
    raw: Vec<toml::Table>,
) -> Result<PerTherapy<TherapyInfo>, RulesError> {
    let mut therapies = BTreeMap::new();
    for (at, row) in rows::<TherapyRow>("therapy", raw)? {
        at.text("label", &row.label)?;
        if let Some(note) = &row.off_indication_note {
            at.text("off_indication_note", note)?;
        }
        distinct(&at, "conditions", &row.conditions)?;
        if !row.conditions.contains(&row.primary_condition) {
            return Err(at.err("primary_condition", "must be one of `conditions`"));
        }
        match (row.setting, &row.setting_source) {
            (Setting::Unknown, Some(_)) => {
                return Err(at.err(
                    "setting_source",
                    "an `unknown` setting cites nothing; remove it",
                ));
            }
            (Setting::Unknown, None) => {}
            (_, None) => {
                return Err(at.err(
                    "setting_source",
                    "cite the source that says where it is given",
                ));
            }
            (_, Some(id)) => {
                cite(sources, &at, "setting_source", id)?;
            }
        }
        let info = TherapyInfo {
            label: row.label,
            primary: row.primary_condition,
            conditions: row.conditions,
            sources: cite_all(sources, &at, "sources", &row.sources)?,
            setting: row.setting,
            off_indication_note: row.off_indication_note,
        };
        if therapies.insert(row.code, info).is_some() {
            return Err(at.err("code", "another row already has this code"));
        }
    }
    PerTherapy::try_build(|t| take(&mut therapies, t, "therapy"))
}

/// Checks each rule on its own; gaps and overlaps between rules are found when the
/// answers are built.
fn read_rules(
    sources: &Sources,
    therapies: &PerTherapy<TherapyInfo>,
    raw: Vec<toml::Table>,
) -> Result<Vec<Rule>, RulesError> {
    let mut rules = Vec::new();
    let mut ids = BTreeSet::new();
    for (at, row) in rows::<RuleRow>("rule", raw)? {
        at.text("id", &row.id)?;
        if !ids.insert(row.id.clone()) {
            return Err(at.err("id", "another rule already has this id"));
        }
        at.text("explanation", &row.explanation)?;
        distinct(&at, "payers", &row.payers)?;
        check_status(&at, &row)?;
        let listed = &therapies.get(row.therapy).conditions;
        let conditions = match row.conditions {
            None => listed.clone(),
            Some(conditions) => {
                distinct(&at, "conditions", &conditions)?;
                if let Some(c) = conditions.iter().find(|c| !listed.contains(c)) {
                    return Err(at.err(
                        "conditions",
                        format!(
                            "`{}` is not listed for `{}` in `therapy`; \
                             unlisted conditions are answered without a rule",
                            c, row.therapy
                        ),
                    ));
                }
                conditions
            }
        };
        rules.push(Rule {
            index: at.index,
            id: row.id,
            therapy: row.therapy,
            payers: row.payers,
            conditions,
            status: row.status,
            basis: row.basis,
            explanation: row.explanation,
            sources: cite_all(sources, &at, "sources", &row.sources)?,
        });
    }
    Ok(rules)
}

fn read_note(sources: &Sources, raw: toml::Table) -> Result<Note, RulesError> {
    let at = At {
        table: "orthopedic_note",
        index: 0,
        id: "orthopedic_note".into(),
    };
    let note: NoteRow = row(&at, raw)?;
    at.text("text", &note.text)?;
    Ok(Note {
        text: note.text,
        sources: cite_all(sources, &at, "sources", &note.sources)?,
    })
}

/// Exactly one step of each kind for each payer it applies to.
fn read_steps(
    sources: &Sources,
    raw: Vec<toml::Table>,
) -> Result<PerPayer<Vec<NextStep>>, RulesError> {
    let mut steps: BTreeMap<(Payer, NextStepKind), (String, NextStep)> = BTreeMap::new();
    for (at, row) in rows::<StepRow>("next_step", raw)? {
        at.text("action", &row.action)?;
        distinct(&at, "payers", &row.payers)?;
        let step = NextStep {
            kind: row.kind,
            action: row.action,
            source: cite(sources, &at, "source", &row.source)?,
        };
        let kind = row.kind.as_str();
        for &payer in &row.payers {
            if !row.kind.applies_to(payer) {
                let problem = format!("a `{kind}` step does not apply to `{payer}`");
                return Err(at.err("payers", problem));
            }
            let entry = (row.id.clone(), step.clone());
            if let Some((other, _)) = steps.insert((payer, row.kind), entry) {
                let problem = format!("step `{other}` already gives `{kind}` for `{payer}`");
                return Err(at.err("payers", problem));
            }
        }
    }
    PerPayer::try_build(|payer| {
        NextStepKind::ALL
            .into_iter()
            .filter(|kind| kind.applies_to(payer))
            .map(|kind| match steps.get(&(payer, kind)) {
                Some((_, step)) => Ok(step.clone()),
                None => Err(RulesError::MissingStep {
                    kind: kind.as_str(),
                    payer,
                }),
            })
            .collect()
    })
}

/// A rule's status must agree with its payers, basis and therapy.
fn check_status(at: &At, row: &RuleRow) -> Result<(), RulesError> {
    let self_pay = row.payers.contains(&Payer::SelfPay);
    if self_pay && row.payers.len() > 1 {
        return Err(at.err("payers", "give `self_pay` a rule of its own"));
    }
    if self_pay != (row.basis == Basis::SelfPay) {
        return Err(at.err(
            "basis",
            "`self_pay` is the basis of self-pay rules, and only theirs",
        ));
    }
    if row.basis == Basis::NoEstablishedIndication {
        return Err(at.err(
            "basis",
            "rules answer listed conditions; `no_established_indication` is given without one",
        ));
    }
    if row.status == CoverageStatus::Covered && is_orthopedic(row.therapy) {
        return Err(at.err(
            "status",
            format!(
                "`{}` is an orthopedic MSC therapy and is never `covered`",
                row.therapy
            ),
        ));
    }
    if !row.basis.supports(row.status) {
        return Err(at.err("status", "does not agree with `basis`"));
    }
    Ok(())
}

/// The source with this id.
fn cite(sources: &Sources, at: &At, field: &str, id: &str) -> Result<Source, RulesError> {
    sources.get(id).cloned().ok_or_else(|| {
        at.err(
            field,
            format!("no source has id `{id}`; add it to `source`"),
        )
    })
}

/// The sources with these ids; at least one is required.
fn cite_all(
    sources: &Sources,
    at: &At,
    field: &str,
    ids: &[String],
) -> Result<Vec<Source>, RulesError> {
    if ids.is_empty() {
        return Err(at.err(field, "cite at least one source"));
    }
    ids.iter().map(|id| cite(sources, at, field, id)).collect()
}

fn distinct<T: Ord + std::fmt::Display>(
    at: &At,
    field: &str,
    items: &[T],
) -> Result<(), RulesError> {
    if items.is_empty() {
        return Err(at.err(field, "must list at least one"));
    }
    let mut seen = BTreeSet::new();
    match items.iter().find(|item| !seen.insert(*item)) {
        Some(twice) => Err(at.err(field, format!("`{twice}` is listed twice"))),
        None => Ok(()),
    }
}

fn take<K: Ord + std::fmt::Display, V>(
    rows: &mut BTreeMap<K, V>,
    code: K,
    table: &'static str,
) -> Result<V, RulesError> {
    let missing = RulesError::MissingRow {
        table,
        code: code.to_string(),
    };
    rows.remove(&code).ok_or(missing)
}

#[cfg(test)]
mod tests;
