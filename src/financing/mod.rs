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
pub use disclosure::Notice;
pub use offer::{FinancingOffer, NotAvailable, PlanSummary, offer, offer_in};
pub use plan::{
    FinancingPlan, FinancingSettings, MAX_APR_BPS, MAX_TERM_MONTHS, PlanError, PlanKind,
    PlanProblem, validate_plans,
};

use crate::i18n::Lang;
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
    /// Each configured plan, in configured order: an offer, or why it is not available. Empty
    /// when the operator has configured no plans (as in production until real ones are set).
    pub options: Vec<PlanOption>,
    /// Whose plans these are: examples no lender offers, the operator's real plans, or why no
    /// financing is shown at all.
    #[schema(
        example = "Plans shown are examples set by the operator of this service, not an offer of credit: no lender offers them. Financing is subject to credit approval by a lender, whose actual APR, terms and payments may differ."
    )]
    pub notice: String,
}

/// The "as low as $X/month" line: the lowest monthly payment, the terms it triggers and the
/// disclosure that must be shown with it.
///
/// Show `text` and `terms` together and equally prominent (the same size, weight and colour):
/// a stated payment brings its repayment period, APR and total of payments with it (12 CFR
/// 1026.24(d); for a deferred-interest plan, equally prominent, 12 CFR 1026.16(b)(2)). Show
/// `disclosure` with them, clearly and conspicuously.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "plan_id": "example-apr-1890-36",
    "monthly_payment_cents": 36605,
    "text": "Example: as low as $366.05/month",
    "terms": "for 36 months at 18.90% APR with no down payment: total of payments $13,178.05",
    "disclosure": "Representative example: $10,000.00 financed at 18.90% APR for 36 months with no down payment: 35 monthly payments of $366.05 and a final payment of $366.30; total of payments $13,178.05, finance charge $3,178.05. Plans shown are examples set by the operator of this service, not an offer of credit: no lender offers them. Financing is subject to credit approval by a lender, whose actual APR, terms and payments may differ."
}))]
pub struct AsLowAs {
    /// The plan the payment comes from.
    pub plan_id: String,
    /// The lowest monthly payment, in cents.
    pub monthly_payment_cents: Cents,
    /// Headline text, e.g. "As low as $366.05/month"; it starts "Example:" when the plan is an
    /// example no lender offers.
    pub text: String,
    /// The repayment period, APR and total of payments the payment triggers, to be shown
    /// beside `text` and as prominently. Quotes stored before it existed carry none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub terms: String,
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
    options_in(plans, amount, Lang::En)
}

/// [`options`] with every text in `lang`; amounts, terms and codes are the same in every
/// language.
pub fn options_in(plans: &[FinancingPlan], amount: Cents, lang: Lang) -> FinancingOptions {
    let offers: Vec<(&FinancingPlan, Result<FinancingOffer, NotAvailable>)> = plans
        .iter()
        .map(|plan| (plan, offer_in(plan, amount, lang)))
        .collect();
    // min_by_key keeps the first of equal keys, so configured order breaks full ties.
    let as_low_as = offers
        .iter()
        .filter_map(|(plan, o)| o.as_ref().ok().map(|o| (*plan, o)))
        .min_by_key(|(_, o)| (o.monthly_payment_cents, o.total_of_payments_cents))
        .map(|(plan, o)| {
            let terms = offer::terms(
                plan,
                amount,
                (
                    o.monthly_payment_cents.get(),
                    o.final_payment_cents.get(),
                    o.total_of_payments_cents,
                ),
                o.finance_charge_cents,
            );
            AsLowAs {
                plan_id: plan.id.clone(),
                monthly_payment_cents: o.monthly_payment_cents,
                text: disclosure::as_low_as_text(o.monthly_payment_cents, plan.example, lang),
                terms: disclosure::headline_terms(&terms, lang),
                disclosure: o.disclosure.clone(),
            }
        });
    let options = offers
        .into_iter()
        .map(|(plan, offered)| match offered {
            Ok(offer) => PlanOption::Available {
                plan: PlanSummary::from(plan),
                offer,
            },
            Err(reason) => PlanOption::NotAvailable {
                plan: PlanSummary::from(plan),
                detail: reason.detail(lang),
                reason,
            },
        })
        .collect();
    // Examples cannot stand beside real plans (checked at start-up), so one notice fits all.
    let notice = if plans.is_empty() {
        Notice::NoPlans
    } else if plans.iter().all(|p| p.example) {
        Notice::ExamplePlans
    } else {
        Notice::Plans
    };
    FinancingOptions {
        amount_cents: amount,
        as_low_as,
        options,
        notice: notice.text(lang).to_owned(),
    }
}

#[cfg(test)]
mod tests;
