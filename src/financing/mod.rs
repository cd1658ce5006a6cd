//! Financing: the operator's payment plans, the exact monthly-payment arithmetic for an
//! amount, the "as low as $X/month" line, and the Truth-in-Lending (Regulation Z) disclosure
//! that goes with every payment shown.

mod amortization;
mod amount;
mod disclosure;
mod offer;
mod plan;

#[cfg(test)]
mod fixtures;

pub use amount::{AMOUNT_RANGE, AmountOutOfRange, MAX_AMOUNT, MIN_AMOUNT, financed_amount};
pub use disclosure::PLANS_NOTICE;
pub use offer::{FinancingOffer, NotAvailable, PlanSummary, offer};
pub use plan::{
    FinancingPlan, FinancingSettings, MAX_APR_BPS, MAX_TERM_MONTHS, PlanError, PlanKind,
    PlanProblem, validate_plans,
};
