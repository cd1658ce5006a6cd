//! Why a rules file was rejected: each error names the table, row and field to fix.

use std::path::PathBuf;

use crate::coverage::{Condition, Payer};
use crate::therapy::TherapyCode;

/// The coverage rules could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// The file could not be read.
    #[error("cannot read coverage rules from {path}: {source}")]
    Read {
        /// The path that was tried.
        path: PathBuf,
        /// Why reading failed.
        source: std::io::Error,
    },
    /// The file is not TOML, or its top-level tables are wrong.
    #[error("coverage rules are not valid: {0}")]
    Syntax(String),
    /// One row is wrong.
    #[error("coverage rules: {table}[{index}] `{id}`, field `{field}`: {problem}")]
    Row {
        /// The table, e.g. `rule`.
        table: &'static str,
        /// The row's position in its table, counting from 0.
        index: usize,
        /// The row's `id` (or `code`).
        id: String,
        /// The offending field.
        field: String,
        /// What is wrong and what would be accepted.
        problem: String,
    },
    /// A table lacks the row for a code every answer may need.
    #[error("coverage rules: table `{table}` has no row for `{code}`")]
    MissingRow {
        /// The table, e.g. `condition`.
        table: &'static str,
        /// The code with no row.
        code: String,
    },
    /// No rule answers a therapy, payer and listed condition.
    #[error(
        "coverage rules: no rule answers therapy `{therapy}` for payer `{payer}` and condition `{condition}`"
    )]
    Unanswered {
        /// The therapy.
        therapy: TherapyCode,
        /// The payer.
        payer: Payer,
        /// The condition the therapy is listed for.
        condition: Condition,
    },
    /// The `next_step` table lacks a step an answer may carry.
    #[error("coverage rules: table `next_step` has no `{kind}` step for payer `{payer}`")]
    MissingStep {
        /// The kind of step.
        kind: &'static str,
        /// The payer it is missing for.
        payer: Payer,
    },
}

impl RulesError {
    /// The offending field, when one row's field is at fault.
    pub fn field(&self) -> Option<&str> {
        match self {
            RulesError::Row { field, .. } => Some(field),
            _ => None,
        }
    }
}
