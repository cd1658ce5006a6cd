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
mod fixtures;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod reference_cases;

use serde::Serialize;
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
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
        .filter_map(PlanOption::offer)
        .min_by_key(|o| (o.monthly_payment_cents, o.total_of_payments_cents))
        .map(|o| AsLowAs {
            plan_id: o.plan.id.clone(),
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
mod tests {
    use super::fixtures::{example_plans, plan};
    use super::*;

    #[test]
    fn every_plan_is_listed_in_order_as_an_offer_or_a_reason() {
        let plans = example_plans();
        // $1,200 is above the promotion's $200 minimum and the 24-month plan's $1,000, but
        // below the 36-month plan's $1,500.
        let o = options(&plans, Cents::new(120_000));
        let ids: Vec<&str> = o
            .options
            .iter()
            .map(|opt| match opt {
                PlanOption::Available { plan, .. } | PlanOption::NotAvailable { plan, .. } => {
                    plan.id.as_str()
                }
            })
            .collect();
        assert_eq!(ids, plans.iter().map(|p| p.id.as_str()).collect::<Vec<_>>());
        assert!(o.options[0].offer().is_some());
        assert!(o.options[1].offer().is_some());
        assert!(matches!(
            &o.options[2],
            PlanOption::NotAvailable { reason: NotAvailable::BelowPlanMinimum { .. }, detail, .. }
                if detail == "this plan finances amounts of $1,500.00 or more"
        ));
    }

    #[test]
    fn as_low_as_is_the_lowest_monthly_payment_with_its_disclosure() {
        let o = options(&example_plans(), Cents::new(1_000_000));
        let lowest = o.as_low_as.expect("all three plans finance $10,000");
        let min = o
            .options
            .iter()
            .filter_map(PlanOption::offer)
            .map(|x| x.monthly_payment_cents)
            .min()
            .unwrap();
        assert_eq!(lowest.monthly_payment_cents, min);
        assert_eq!(lowest.plan_id, "example-apr-1890-36");
        assert_eq!(lowest.text, format!("As low as {min}/month"));
        assert!(lowest.disclosure.contains("18.90% APR for 36 months"));
    }

    #[test]
    fn ties_on_monthly_payment_go_to_the_smaller_total_then_the_earlier_plan() {
        // 0.01% and 0% over 12 months on $960: both pay $80.00 a month (the 0.01% level
        // payment is $80.0043…), but the 0.01% plan charges interest.
        let plans = [
            plan("cheap", 1, 12),
            plan("free", 0, 12),
            plan("free-too", 0, 12),
        ];
        let o = options(&plans, Cents::new(96_000));
        let first = o.options[0].offer().unwrap();
        assert_eq!(first.monthly_payment_cents, Cents::new(8_000));
        assert!(first.finance_charge_cents > Cents::ZERO);
        assert_eq!(o.as_low_as.unwrap().plan_id, "free");
    }

    #[test]
    fn no_available_plan_means_no_as_low_as_line_and_no_figures() {
        let o = options(&example_plans(), Cents::ZERO);
        assert!(o.as_low_as.is_none());
        assert!(o.options.iter().all(|x| x.offer().is_none()));
        let json = serde_json::to_value(&o).unwrap();
        assert!(json.get("as_low_as").is_none());
        assert_eq!(json["options"][0]["status"], "not_available");
        assert_eq!(json["options"][0]["reason"]["code"], "amount_out_of_range");
        assert_eq!(json["notice"], PLANS_NOTICE);
    }

    #[test]
    fn no_plans_configured_means_an_empty_list() {
        let o = options(&[], Cents::new(500_000));
        assert!(o.options.is_empty() && o.as_low_as.is_none());
    }
}

#[cfg(test)]
mod schema_tests {
    use utoipa::PartialSchema;

    use super::fixtures::example_plans;
    use super::*;

    #[test]
    fn the_documented_offer_example_is_what_the_example_plan_really_offers() {
        let schema = serde_json::to_value(FinancingOffer::schema()).unwrap();
        let real = offer(&example_plans()[1], Cents::new(1_000_000)).unwrap();
        assert_eq!(schema["example"], serde_json::to_value(real).unwrap());
    }

    #[test]
    fn the_documented_as_low_as_example_is_what_the_example_plans_really_give() {
        let schema = serde_json::to_value(AsLowAs::schema()).unwrap();
        let real = options(&example_plans(), Cents::new(1_000_000))
            .as_low_as
            .unwrap();
        assert_eq!(schema["example"], serde_json::to_value(real).unwrap());
    }
}
