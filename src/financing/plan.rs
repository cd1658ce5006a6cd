//! Financing plans as the operator configures them, and the start-up check that a plan list is
//! sound before any payment is computed from it.

use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::amount::{MAX_AMOUNT, MIN_AMOUNT};
use crate::money::Cents;

/// The longest term a plan may have, in months.
pub const MAX_TERM_MONTHS: u32 = 120;
/// The highest APR a plan may have, in basis points (99.99%).
pub const MAX_APR_BPS: u32 = 9_999;
const MAX_ID_LEN: usize = 64;

/// How a plan charges interest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanKind {
    /// An installment loan at a fixed APR, repaid in equal monthly payments.
    FixedApr,
    /// A deferred-interest promotion on an open-end (revolving) credit account: no interest
    /// if the purchase is paid in full within the promotion; otherwise interest at the
    /// standard APR from the purchase date.
    DeferredInterest,
}

/// One financing plan the operator offers patients. Plans are configuration, set by the
/// operator under `[[financing.plans]]`; the ones shipped for local use are examples, say so,
/// and are refused in production.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "id": "example-apr-1790-24",
    "label": "Example: 17.90% APR for 24 months",
    "example": true,
    "kind": "fixed_apr",
    "apr_bps": 1790,
    "term_months": 24,
    "min_amount_cents": 100000,
    "max_amount_cents": 5000000
}))]
pub struct FinancingPlan {
    /// Stable identifier: lowercase letters, digits, `-` or `_`, starting with a letter.
    pub id: String,
    /// What the patient sees, e.g. "Example: 17.90% APR for 24 months".
    pub label: String,
    /// `true` for an example no lender offers: its label, headline and disclosure say so.
    /// Examples cannot be mixed with real plans, and production refuses them.
    #[serde(default)]
    pub example: bool,
    /// How the plan charges interest.
    pub kind: PlanKind,
    /// APR in basis points (1790 = 17.90%); 0 for a deferred-interest promotion's rate.
    pub apr_bps: u32,
    /// Number of monthly payments, 1 to 120.
    pub term_months: u32,
    /// Smallest amount the plan finances, in cents.
    pub min_amount_cents: Cents,
    /// Largest amount the plan finances, in cents.
    pub max_amount_cents: Cents,
    /// Deferred interest only: the APR charged from the purchase date when the promotional
    /// balance is not paid in full within the promotion, in basis points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard_apr_bps: Option<u32>,
    /// Deferred interest only: whether the standard APR is a variable rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard_apr_variable: Option<bool>,
    /// Deferred interest only: the least interest charged in a month any interest is charged,
    /// in cents (0 when the account has no minimum interest charge).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_interest_charge_cents: Option<Cents>,
    /// Deferred interest only: the account's annual (membership) fee, in cents (0 for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_fee_cents: Option<Cents>,
}

/// The `[financing]` configuration section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinancingSettings {
    /// The plans offered, in display order. Empty means no financing is shown.
    #[serde(default)]
    pub plans: Vec<FinancingPlan>,
}

impl FinancingSettings {
    /// Checks every plan; see [`validate_plans`].
    pub fn validate(&self) -> Result<(), PlanError> {
        validate_plans(&self.plans)
    }
}

/// A plan in the list is unsound. Names the plan (position and id) and the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("financing plan {index} (id `{id}`): {field}: {problem}", field = problem.field())]
pub struct PlanError {
    /// Position of the plan in the list, from 0.
    pub index: usize,
    /// The plan's id as configured.
    pub id: String,
    /// What is wrong.
    pub problem: PlanProblem,
}

impl PlanError {
    /// The offending field of the plan.
    pub fn field(&self) -> &'static str {
        self.problem.field()
    }
}

/// What is wrong with one plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanProblem {
    /// The id is not a slug.
    IdNotSlug,
    /// Another plan earlier in the list has the same id.
    DuplicateId {
        /// Position of the earlier plan.
        first_index: usize,
    },
    /// The label is blank.
    LabelBlank,
    /// An example plan's label does not start with "Example".
    ExampleNotLabelled,
    /// Example plans and real ones in one list.
    ExamplesMixedWithRealPlans,
    /// A deferred-interest plan leaves out a term its disclosure must state.
    RevolvingTermMissing(&'static str),
    /// A fixed-APR plan gives a term only a deferred-interest (revolving) plan has.
    RevolvingTermNotAllowed(&'static str),
    /// The term is outside 1..=120 months.
    TermOutOfRange(u32),
    /// The APR is above 99.99%.
    AprTooHigh(u32),
    /// A deferred-interest promotion's own rate is not 0.
    PromotionalAprNotZero(u32),
    /// A deferred-interest plan has no standard APR.
    StandardAprMissing,
    /// A fixed-APR plan has a standard APR, which only deferred interest uses.
    StandardAprNotAllowed,
    /// The standard APR is outside 0.01%..=99.99%.
    StandardAprOutOfRange(u32),
    /// The minimum amount is outside the accepted amount range.
    MinAmountOutOfRange(Cents),
    /// The maximum amount is outside the accepted amount range.
    MaxAmountOutOfRange(Cents),
    /// The minimum amount is above the maximum.
    MinAboveMax {
        /// The configured minimum.
        min: Cents,
        /// The configured maximum.
        max: Cents,
    },
}

impl PlanProblem {
    /// The field the problem is in.
    pub fn field(&self) -> &'static str {
        match self {
            PlanProblem::IdNotSlug | PlanProblem::DuplicateId { .. } => "id",
            PlanProblem::LabelBlank | PlanProblem::ExampleNotLabelled => "label",
            PlanProblem::ExamplesMixedWithRealPlans => "example",
            PlanProblem::RevolvingTermMissing(field)
            | PlanProblem::RevolvingTermNotAllowed(field) => field,
            PlanProblem::TermOutOfRange(_) => "term_months",
            PlanProblem::AprTooHigh(_) | PlanProblem::PromotionalAprNotZero(_) => "apr_bps",
            PlanProblem::StandardAprMissing
            | PlanProblem::StandardAprNotAllowed
            | PlanProblem::StandardAprOutOfRange(_) => "standard_apr_bps",
            PlanProblem::MinAmountOutOfRange(_) | PlanProblem::MinAboveMax { .. } => {
                "min_amount_cents"
            }
            PlanProblem::MaxAmountOutOfRange(_) => "max_amount_cents",
        }
    }
}

impl fmt::Display for PlanProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (lo, hi) = (MIN_AMOUNT.get(), MAX_AMOUNT.get());
        match self {
            PlanProblem::IdNotSlug => write!(
                f,
                "must be 1 to {MAX_ID_LEN} lowercase letters, digits, `-` or `_`, starting with a letter"
            ),
            PlanProblem::DuplicateId { first_index } => {
                write!(f, "is already used by plan {first_index}")
            }
            PlanProblem::LabelBlank => f.write_str("must not be blank"),
            PlanProblem::ExampleNotLabelled => {
                f.write_str("an example plan's label must start with \"Example\"")
            }
            PlanProblem::ExamplesMixedWithRealPlans => f.write_str(
                "example plans cannot be listed beside real ones: a patient could not tell them \
                 apart; remove the examples",
            ),
            PlanProblem::RevolvingTermMissing(_) => f.write_str(
                "is required for a deferred_interest plan: its disclosure must state it (12 CFR \
                 1026.16(b)(1)); give 0 or false when the account has none",
            ),
            PlanProblem::RevolvingTermNotAllowed(_) => {
                f.write_str("is only accepted for a deferred_interest plan; remove it")
            }
            PlanProblem::TermOutOfRange(got) => {
                write!(f, "must be 1 to {MAX_TERM_MONTHS}, got {got}")
            }
            PlanProblem::AprTooHigh(got) => {
                write!(f, "must be 0 to {MAX_APR_BPS} (99.99%), got {got}")
            }
            PlanProblem::PromotionalAprNotZero(got) => write!(
                f,
                "must be 0 for a deferred_interest plan (its standard rate goes in standard_apr_bps), got {got}"
            ),
            PlanProblem::StandardAprMissing => write!(
                f,
                "is required for a deferred_interest plan: 1 to {MAX_APR_BPS} (0.01% to 99.99%)"
            ),
            PlanProblem::StandardAprNotAllowed => {
                f.write_str("is only accepted for a deferred_interest plan; remove it")
            }
            PlanProblem::StandardAprOutOfRange(got) => {
                write!(f, "must be 1 to {MAX_APR_BPS} (0.01% to 99.99%), got {got}")
            }
            PlanProblem::MinAmountOutOfRange(got) | PlanProblem::MaxAmountOutOfRange(got) => {
                write!(f, "must be {lo} to {hi} cents, got {}", got.get())
            }
            PlanProblem::MinAboveMax { min, max } => write!(
                f,
                "must not be above max_amount_cents ({} > {})",
                min.get(),
                max.get()
            ),
        }
    }
}

impl FinancingPlan {
    /// The first problem with this plan on its own, if any (uniqueness is a list property).
    pub fn problem(&self) -> Option<PlanProblem> {
        let amounts = MIN_AMOUNT..=MAX_AMOUNT;
        if !is_slug(&self.id) {
            return Some(PlanProblem::IdNotSlug);
        }
        if self.label.trim().is_empty() {
            return Some(PlanProblem::LabelBlank);
        }
        if self.example && !self.label.starts_with("Example") {
            return Some(PlanProblem::ExampleNotLabelled);
        }
        if !(1..=MAX_TERM_MONTHS).contains(&self.term_months) {
            return Some(PlanProblem::TermOutOfRange(self.term_months));
        }
        if self.apr_bps > MAX_APR_BPS {
            return Some(PlanProblem::AprTooHigh(self.apr_bps));
        }
        match (self.kind, self.standard_apr_bps) {
            (PlanKind::FixedApr, Some(_)) => return Some(PlanProblem::StandardAprNotAllowed),
            (PlanKind::FixedApr, None) => {}
            (PlanKind::DeferredInterest, _) if self.apr_bps != 0 => {
                return Some(PlanProblem::PromotionalAprNotZero(self.apr_bps));
            }
            (PlanKind::DeferredInterest, None) => return Some(PlanProblem::StandardAprMissing),
            (PlanKind::DeferredInterest, Some(s)) if !(1..=MAX_APR_BPS).contains(&s) => {
                return Some(PlanProblem::StandardAprOutOfRange(s));
            }
            (PlanKind::DeferredInterest, Some(_)) => {}
        }
        let revolving_terms = [
            (
                "standard_apr_variable",
                self.standard_apr_variable.is_some(),
            ),
            (
                "minimum_interest_charge_cents",
                self.minimum_interest_charge_cents.is_some(),
            ),
            ("annual_fee_cents", self.annual_fee_cents.is_some()),
        ];
        for (field, given) in revolving_terms {
            match (self.kind, given) {
                (PlanKind::FixedApr, true) => {
                    return Some(PlanProblem::RevolvingTermNotAllowed(field));
                }
                (PlanKind::DeferredInterest, false) => {
                    return Some(PlanProblem::RevolvingTermMissing(field));
                }
                _ => {}
            }
        }
        if !amounts.contains(&self.min_amount_cents) {
            return Some(PlanProblem::MinAmountOutOfRange(self.min_amount_cents));
        }
        if !amounts.contains(&self.max_amount_cents) {
            return Some(PlanProblem::MaxAmountOutOfRange(self.max_amount_cents));
        }
        if self.min_amount_cents > self.max_amount_cents {
            return Some(PlanProblem::MinAboveMax {
                min: self.min_amount_cents,
                max: self.max_amount_cents,
            });
        }
        None
    }
}

/// Checks a plan list once at start-up: each plan sound on its own and the ids unique. The
/// first problem found is reported, naming the plan's position, id and field.
pub fn validate_plans(plans: &[FinancingPlan]) -> Result<(), PlanError> {
    let examples = plans.iter().any(|p| p.example);
    for (index, plan) in plans.iter().enumerate() {
        let duplicate = plans[..index]
            .iter()
            .position(|earlier| earlier.id == plan.id)
            .map(|first_index| PlanProblem::DuplicateId { first_index });
        let mixed = (examples && !plan.example).then_some(PlanProblem::ExamplesMixedWithRealPlans);
        if let Some(problem) = plan.problem().or(duplicate).or(mixed) {
            return Err(PlanError {
                index,
                id: plan.id.clone(),
                problem,
            });
        }
    }
    Ok(())
}

fn is_slug(id: &str) -> bool {
    let mut chars = id.chars();
    id.len() <= MAX_ID_LEN
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::financing::fixtures::{example_plans, plan};

    fn first_problem(plans: &[FinancingPlan]) -> (usize, &'static str) {
        let err = validate_plans(plans).unwrap_err();
        (err.index, err.field())
    }

    #[test]
    fn shipped_example_plans_are_valid_and_labelled_as_examples() {
        let plans = example_plans();
        assert_eq!(validate_plans(&plans), Ok(()));
        assert!(plans.len() >= 3);
        assert!(
            plans
                .iter()
                .all(|p| p.example && p.label.starts_with("Example: "))
        );
    }

    #[test]
    fn examples_must_say_so_and_cannot_stand_beside_real_plans() {
        let mut unlabelled = plan("e", 1790, 24);
        unlabelled.example = true;
        unlabelled.label = "17.90% APR for 24 months".into();
        assert_eq!(first_problem(&[unlabelled]), (0, "label"));
        let mut example = plan("e", 1790, 24);
        example.example = true;
        example.label = "Example: e".into();
        let real = plan("r", 1790, 24);
        let err = validate_plans(&[example, real]).unwrap_err();
        assert_eq!((err.index, err.field()), (1, "example"));
        assert!(
            err.to_string().contains("could not tell them apart"),
            "{err}"
        );
    }

    #[test]
    fn a_deferred_interest_plan_must_state_every_term_its_disclosure_needs() {
        use crate::financing::fixtures::deferred;
        for field in [
            "standard_apr_variable",
            "minimum_interest_charge_cents",
            "annual_fee_cents",
        ] {
            let mut p = deferred("d", 2699, 12);
            match field {
                "standard_apr_variable" => p.standard_apr_variable = None,
                "minimum_interest_charge_cents" => p.minimum_interest_charge_cents = None,
                _ => p.annual_fee_cents = None,
            }
            let err = validate_plans(&[p]).unwrap_err();
            assert_eq!(err.field(), field);
            assert!(err.to_string().contains("1026.16(b)(1)"), "{err}");
            let mut fixed = plan("f", 1790, 24);
            fixed.annual_fee_cents = Some(Cents::ZERO);
            assert_eq!(first_problem(&[fixed]), (0, "annual_fee_cents"));
        }
    }

    #[test]
    fn duplicate_ids_are_reported_on_the_second_plan() {
        let plans = [plan("a", 0, 12), plan("b", 0, 12), plan("a", 1790, 24)];
        let err = validate_plans(&plans).unwrap_err();
        assert_eq!((err.index, err.field()), (2, "id"));
        assert_eq!(err.problem, PlanProblem::DuplicateId { first_index: 0 });
        assert!(err.to_string().contains("plan 2 (id `a`): id:"), "{err}");
    }

    #[test]
    fn each_unsound_field_is_named() {
        let mut cases: Vec<(FinancingPlan, &str)> = Vec::new();
        let base = plan("p", 1790, 24);
        let mut p = base.clone();
        p.id = "Bad Id".into();
        cases.push((p, "id"));
        let mut p = base.clone();
        p.label = "  ".into();
        cases.push((p, "label"));
        for term in [0, 121] {
            let mut p = base.clone();
            p.term_months = term;
            cases.push((p, "term_months"));
        }
        let mut p = base.clone();
        p.apr_bps = 10_000;
        cases.push((p, "apr_bps"));
        let mut p = base.clone();
        p.standard_apr_bps = Some(2699);
        cases.push((p, "standard_apr_bps"));
        let mut p = base.clone();
        p.min_amount_cents = Cents::ZERO;
        cases.push((p, "min_amount_cents"));
        let mut p = base.clone();
        p.max_amount_cents = Cents::new(MAX_AMOUNT.get() + 1);
        cases.push((p, "max_amount_cents"));
        let mut p = base.clone();
        p.min_amount_cents = Cents::new(600_000);
        p.max_amount_cents = Cents::new(500_000);
        cases.push((p, "min_amount_cents"));
        let mut deferred = base.clone();
        deferred.kind = PlanKind::DeferredInterest;
        deferred.apr_bps = 0;
        cases.push((deferred.clone(), "standard_apr_bps"));
        let mut p = deferred.clone();
        p.standard_apr_bps = Some(0);
        cases.push((p, "standard_apr_bps"));
        let mut p = deferred.clone();
        p.standard_apr_bps = Some(2699);
        p.apr_bps = 500;
        cases.push((p, "apr_bps"));
        for (p, field) in cases {
            assert_eq!(first_problem(std::slice::from_ref(&p)), (0, field), "{p:?}");
        }
    }

    #[test]
    fn limits_equal_to_each_other_and_to_the_range_ends_are_accepted() {
        let mut p = plan("edge", 9_999, 120);
        p.min_amount_cents = MAX_AMOUNT;
        p.max_amount_cents = MAX_AMOUNT;
        assert_eq!(validate_plans(&[p.clone()]), Ok(()));
        p.min_amount_cents = MIN_AMOUNT;
        p.term_months = 1;
        assert_eq!(validate_plans(&[p]), Ok(()));
    }

    #[test]
    fn unknown_fields_in_a_plan_are_rejected() {
        let toml = r#"
            [[plans]]
            id = "x"
            label = "Example"
            kind = "fixed_apr"
            apr_bps = 0
            term_months = 12
            min_amount_cents = 1
            max_amount_cents = 2
            lender = "someone"
        "#;
        let err = toml::from_str::<FinancingSettings>(toml).unwrap_err();
        assert!(err.to_string().contains("lender"), "{err}");
    }

    #[test]
    fn slugs_start_with_a_letter_and_stay_short() {
        assert!(is_slug("example-0-12_a"));
        assert!(!is_slug(""));
        assert!(!is_slug("1plan"));
        assert!(!is_slug("plan!"));
        assert!(!is_slug(&"a".repeat(MAX_ID_LEN + 1)));
    }
}
