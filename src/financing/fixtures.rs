//! Test fixtures: the shipped example plans and a plan builder.

use serde::Deserialize;

use super::amount::{MAX_AMOUNT, MIN_AMOUNT};
use super::plan::{FinancingPlan, FinancingSettings, PlanKind};
use crate::money::Cents;

/// The `[financing]` part of the shipped configuration (other sections are not read here).
#[derive(Deserialize)]
struct Config {
    financing: FinancingSettings,
}

/// The example plans shipped for local use in `config/local.toml`.
pub(crate) fn example_plans() -> Vec<FinancingPlan> {
    let config: Config = toml::from_str(include_str!("../../config/local.toml"))
        .unwrap_or_else(|e| panic!("config/local.toml: {e}"));
    config.financing.plans
}

/// A valid plan covering the whole accepted amount range: fixed APR, or 0% when `apr_bps`
/// is 0.
pub(crate) fn plan(id: &str, apr_bps: u32, term_months: u32) -> FinancingPlan {
    FinancingPlan {
        id: id.to_owned(),
        label: format!("Plan {id}"),
        example: false,
        kind: PlanKind::FixedApr,
        apr_bps,
        term_months,
        min_amount_cents: MIN_AMOUNT,
        max_amount_cents: MAX_AMOUNT,
        standard_apr_bps: None,
        standard_apr_variable: None,
        minimum_interest_charge_cents: None,
        annual_fee_cents: None,
    }
}

/// A valid deferred-interest promotion covering the whole accepted amount range.
pub(crate) fn deferred(id: &str, standard_apr_bps: u32, term_months: u32) -> FinancingPlan {
    FinancingPlan {
        kind: PlanKind::DeferredInterest,
        standard_apr_bps: Some(standard_apr_bps),
        standard_apr_variable: Some(true),
        minimum_interest_charge_cents: Some(Cents::new(200)),
        annual_fee_cents: Some(Cents::ZERO),
        ..plan(id, 0, term_months)
    }
}
