//! The row formats of `rules.toml`, and reading each row so a failure names the table, the
//! row (index and id or code) and the field.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::RulesError;
use crate::coverage::answer::{Basis, CoverageStatus, NextStepKind};
use crate::coverage::{Condition, Payer};
use crate::therapy::TherapyCode;

/// The file's top-level tables; each row is read on its own so errors can name it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFile {
    pub source: Vec<toml::Table>,
    pub condition: Vec<toml::Table>,
    pub therapy: Vec<toml::Table>,
    pub rule: Vec<toml::Table>,
    pub orthopedic_note: toml::Table,
    pub next_step: Vec<toml::Table>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SourceRow {
    pub id: String,
    pub title: String,
    pub citation: String,
    pub quote: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConditionRow {
    pub code: Condition,
    pub label: String,
    pub summary: String,
    pub sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TherapyRow {
    pub code: TherapyCode,
    pub label: String,
    pub primary_condition: Condition,
    pub conditions: Vec<Condition>,
    pub sources: Vec<String>,
    pub setting: Setting,
    pub setting_source: Option<String>,
    pub off_indication_note: Option<String>,
}

/// Where a therapy is given, as far as a source says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Setting {
    /// A source says it is given outpatient (Medicare Part B).
    Outpatient,
    /// A source says it is an inpatient procedure.
    Inpatient,
    /// No source says.
    Unknown,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RuleRow {
    pub id: String,
    pub therapy: TherapyCode,
    pub payers: Vec<Payer>,
    pub conditions: Option<Vec<Condition>>,
    pub status: CoverageStatus,
    pub basis: Basis,
    pub explanation: String,
    pub sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NoteRow {
    pub text: String,
    pub sources: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StepRow {
    pub id: String,
    pub kind: NextStepKind,
    pub payers: Vec<Payer>,
    pub action: String,
    pub source: String,
}

/// Where a row sits, so every error can name it.
#[derive(Clone)]
pub(super) struct At {
    pub table: &'static str,
    pub index: usize,
    pub id: String,
}

impl At {
    pub(super) fn err(&self, field: &str, problem: impl Into<String>) -> RulesError {
        RulesError::Row {
            table: self.table,
            index: self.index,
            id: self.id.clone(),
            field: field.to_owned(),
            problem: problem.into(),
        }
    }

    /// Rejects an empty text field.
    pub(super) fn text(&self, field: &str, value: &str) -> Result<(), RulesError> {
        if value.trim().is_empty() {
            return Err(self.err(field, "must not be empty"));
        }
        Ok(())
    }
}

/// Deserializes every row of a table, naming the row and field on failure.
pub(super) fn rows<T: DeserializeOwned>(
    table: &'static str,
    raw: Vec<toml::Table>,
) -> Result<Vec<(At, T)>, RulesError> {
    raw.into_iter()
        .enumerate()
        .map(|(index, fields)| {
            let id = ["id", "code"]
                .into_iter()
                .find_map(|key| fields.get(key).and_then(toml::Value::as_str))
                .unwrap_or("?")
                .to_owned();
            let at = At { table, index, id };
            row(&at, fields).map(|value| (at, value))
        })
        .collect()
}

pub(super) fn row<T: DeserializeOwned>(at: &At, fields: toml::Table) -> Result<T, RulesError> {
    serde_path_to_error::deserialize(toml::Value::Table(fields)).map_err(|e| {
        let path = e.path().to_string();
        let problem = e.inner().to_string();
        // A missing or unknown field fails at the row itself; its name is in the message.
        let field = if path == "." {
            problem.split('`').nth(1).unwrap_or("?").to_owned()
        } else {
            path
        };
        at.err(&field, problem.trim())
    })
}
