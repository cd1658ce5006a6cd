//! Financing: the operator's payment plans, the exact monthly-payment arithmetic for an
//! amount, the "as low as $X/month" line, and the Truth-in-Lending (Regulation Z) disclosure
//! that goes with every payment shown.
//!
//! Plans are configuration (`[[financing.plans]]`), checked once at start-up with
//! [`validate_plans`]. Routes check the amount with [`financed_amount`] and call [`options`]
//! (every plan) or [`offer`] (one plan). All money is integer cents; no floating point.

mod amortization;
mod amount;
mod disclosure;
mod offer;
mod plan;

#[cfg(test)]
pub(crate) mod fixtures;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use amount::{AMOUNT_RANGE, AmountOutOfRange, MAX_AMOUNT, MIN_AMOUNT, financed_amount};
pub use disclosure::PLANS_NOTICE;
pub use offer::{FinancingOffer, NotAvailable, PlanSummary, offer};
pub use plan::{
    FinancingPlan, FinancingSettings, MAX_APR_BPS, MAX_TERM_MONTHS, PlanError, PlanKind,
    PlanProblem, validate_plans,
};

use crate::money::Cents;

/// Every plan applied to one amount, and the lowest monthly payment among them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FinancingOptions {
    /// The amount to finance, in cents.
    pub amount_cents: Cents,
    /// The lowest monthly payment among the available offers, with its disclosure; absent
    /// when no plan can finance the amount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_low_as: Option<AsLowAs>,
    /// Each configured plan, in configured order: an offer, or why it is not available.
    pub options: Vec<PlanOption>,
    /// That the plans are the operator's examples, not an offer of credit.
    #[schema(
        example = "Plans shown are examples set by the operator of this service, not an offer of credit. Financing is subject to credit approval by the lender, and the lender's actual APR, terms and payments may differ."
    )]
    pub notice: String,
}

/// The "as low as $X/month" line: the lowest monthly payment and the disclosure that must be
/// shown with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "plan_id": "example-apr-1890-36",
    "monthly_payment_cents": 36605,
    "text": "As low as $366.05/month",
    "disclosure": "Representative example: $10,000.00 financed at 18.90% APR for 36 months with no down payment: 35 monthly payments of $366.05 and a final payment of $366.30; total of payments $13,178.05, finance charge $3,178.05. Plans shown are examples set by the operator of this service, not an offer of credit. Financing is subject to credit approval by the lender, and the lender's actual APR, terms and payments may differ."
}))]
pub struct AsLowAs {
    /// The plan the payment comes from.
    pub plan_id: String,
    /// The lowest monthly payment, in cents.
    pub monthly_payment_cents: Cents,
    /// Headline text, e.g. "As low as $366.05/month".
    pub text: String,
    /// The offer's Truth-in-Lending disclosure; show it with the headline.
    pub disclosure: String,
}

/// One plan applied to the amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PlanOption {
    /// The plan can finance the amount.
    Available {
        /// The plan.
        plan: PlanSummary,
        /// The payment offer.
        offer: FinancingOffer,
    },
    /// The plan cannot finance the amount; no payment figures are given.
    NotAvailable {
        /// The plan.
        plan: PlanSummary,
        /// Why, as a stable code with the limit that applies.
        reason: NotAvailable,
        /// Why, in words.
        #[schema(example = "this plan finances amounts of $1,000.00 or more")]
        detail: String,
    },
}

impl PlanOption {
    /// The offer, when the plan is available.
    pub fn offer(&self) -> Option<&FinancingOffer> {
        match self {
            PlanOption::Available { offer, .. } => Some(offer),
            PlanOption::NotAvailable { .. } => None,
        }
    }
}

/// Applies every plan to `amount`. Never fails: an amount outside [`AMOUNT_RANGE`] makes
/// every plan not available. The "as low as" line is the lowest monthly payment among the
/// available offers; ties go to the smaller total of payments, then to the earlier plan.
pub fn options(plans: &[FinancingPlan], amount: Cents) -> FinancingOptions {
    let options: Vec<PlanOption> = plans
        .iter()
        .map(|plan| match offer(plan, amount) {
            Ok(offer) => PlanOption::Available {
                plan: PlanSummary::from(plan),
                offer,
            },
            Err(reason) => PlanOption::NotAvailable {
                plan: PlanSummary::from(plan),
                detail: reason.to_string(),
                reason,
            },
        })
        .collect();
    // min_by_key keeps the first of equal keys, so configured order breaks full ties.
    let as_low_as = options
        .iter()
        .filter_map(|option| match option {
            PlanOption::Available { plan, offer } => Some((plan, offer)),
            PlanOption::NotAvailable { .. } => None,
        })
        .min_by_key(|(_, o)| (o.monthly_payment_cents, o.total_of_payments_cents))
        .map(|(plan, o)| AsLowAs {
            plan_id: plan.id.clone(),
            monthly_payment_cents: o.monthly_payment_cents,
            text: disclosure::as_low_as_text(o.monthly_payment_cents),
            disclosure: o.disclosure.clone(),
        });
    FinancingOptions {
        amount_cents: amount,
        as_low_as,
        options,
        notice: PLANS_NOTICE.to_owned(),
    }
}

#[cfg(test)]
mod tests;
