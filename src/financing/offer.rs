//! One plan applied to one amount: the payment offer with its disclosure, or the reason the
//! plan cannot finance the amount (never a number in that case).

use crate::i18n::{self, Lang};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::amortization::{Repayment, Unrepayable, amortize, split_evenly};
use super::amount::{AMOUNT_RANGE, MAX_AMOUNT, MIN_AMOUNT};
use super::disclosure::{Revolving, Terms, disclosure};
use super::plan::{FinancingPlan, PlanKind};
use crate::money::Cents;

/// The plan an offer or refusal is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PlanSummary {
    /// The plan's id.
    #[schema(example = "example-apr-1790-24")]
    pub id: String,
    /// The plan's label.
    #[schema(example = "Example: 17.90% APR for 24 months")]
    pub label: String,
    /// How the plan charges interest.
    pub kind: PlanKind,
    /// `true` when the plan is an example no lender offers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
}

impl From<&FinancingPlan> for PlanSummary {
    fn from(plan: &FinancingPlan) -> Self {
        PlanSummary {
            id: plan.id.clone(),
            label: plan.label.clone(),
            kind: plan.kind,
            example: plan.example,
        }
    }
}

/// A monthly-payment offer for an amount on one plan (the plan is named beside it), with its
/// Truth-in-Lending disclosure.
/// The payments are `term_months - 1` payments of `monthly_payment_cents` followed by one of
/// `final_payment_cents`; they add up exactly to `total_of_payments_cents`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "amount_cents": 1000000,
    "monthly_payment_cents": 49876,
    "final_payment_cents": 49870,
    "term_months": 24,
    "apr_bps": 1790,
    "total_of_payments_cents": 1197018,
    "finance_charge_cents": 197018,
    "disclosure": "Representative example: $10,000.00 financed at 17.90% APR for 24 months with no down payment: 23 monthly payments of $498.76 and a final payment of $498.70; total of payments $11,970.18, finance charge $1,970.18. Plans shown are examples set by the operator of this service, not an offer of credit: no lender offers them. Financing is subject to credit approval by a lender, whose actual APR, terms and payments may differ."
}))]
pub struct FinancingOffer {
    /// The amount financed, in cents.
    pub amount_cents: Cents,
    /// Each monthly payment but the last, in cents. For a deferred-interest promotion, the
    /// payment that pays the balance in full within the promotion.
    pub monthly_payment_cents: Cents,
    /// The last payment, in cents: whatever clears the balance.
    pub final_payment_cents: Cents,
    /// Number of monthly payments.
    pub term_months: u32,
    /// APR in basis points (1790 = 17.90%). For a deferred-interest promotion this is the
    /// promotional rate, 0, which holds only if the balance is paid in full in time; see
    /// `standard_apr_bps`.
    pub apr_bps: u32,
    /// Deferred interest only: the APR charged from the purchase date if the promotional
    /// balance is not paid in full within `term_months`, in basis points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standard_apr_bps: Option<u32>,
    /// Deferred interest only: whether the standard APR is a variable rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard_apr_variable: Option<bool>,
    /// Deferred interest only: the account's minimum interest charge, in cents (0 for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_interest_charge_cents: Option<Cents>,
    /// Deferred interest only: the account's annual fee, in cents (0 for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_fee_cents: Option<Cents>,
    /// Sum of all payments, in cents.
    pub total_of_payments_cents: Cents,
    /// Interest paid: `total_of_payments_cents - amount_cents`.
    pub finance_charge_cents: Cents,
    /// Truth-in-Lending disclosure to show wherever a payment from this offer is shown.
    pub disclosure: String,
}

/// Why a plan cannot finance an amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum NotAvailable {
    /// The amount is outside what the calculator accepts at all.
    #[error("the amount must be from {min_cents} to {max_cents}")]
    AmountOutOfRange {
        /// Smallest accepted amount, in cents.
        min_cents: Cents,
        /// Largest accepted amount, in cents.
        max_cents: Cents,
    },
    /// The amount is below the plan's minimum.
    #[error("this plan finances amounts of {min_amount_cents} or more")]
    BelowPlanMinimum {
        /// The plan's minimum, in cents.
        min_amount_cents: Cents,
    },
    /// The amount is above the plan's maximum.
    #[error("this plan finances amounts up to {max_amount_cents}")]
    AbovePlanMaximum {
        /// The plan's maximum, in cents.
        max_amount_cents: Cents,
    },
    /// The amount is too small to spread over the plan's payments.
    #[error("the amount is too small to spread over {term_months} monthly payments")]
    TooSmallForTerm {
        /// The plan's number of payments.
        term_months: u32,
    },
    /// The plan's configuration is unsound (start-up validation should have refused it).
    #[error("this plan is misconfigured ({field})")]
    PlanMisconfigured {
        /// The unsound field of the plan.
        field: String,
    },
}

impl NotAvailable {
    /// Why, in plain words in `lang` (the English is this error's `Display`).
    pub fn detail(&self, lang: Lang) -> String {
        match self {
            NotAvailable::AmountOutOfRange {
                min_cents,
                max_cents,
            } => i18n::format(
                lang,
                "fin-not-available-out-of-range",
                &[
                    ("min", min_cents.to_string().into()),
                    ("max", max_cents.to_string().into()),
                ],
            ),
            NotAvailable::BelowPlanMinimum { min_amount_cents } => i18n::format(
                lang,
                "fin-not-available-below-minimum",
                &[("min", min_amount_cents.to_string().into())],
            ),
            NotAvailable::AbovePlanMaximum { max_amount_cents } => i18n::format(
                lang,
                "fin-not-available-above-maximum",
                &[("max", max_amount_cents.to_string().into())],
            ),
            NotAvailable::TooSmallForTerm { term_months } => i18n::format(
                lang,
                "fin-not-available-too-small",
                &[("months", (*term_months).into())],
            ),
            NotAvailable::PlanMisconfigured { field } => i18n::format(
                lang,
                "fin-not-available-misconfigured",
                &[("field", field.as_str().into())],
            ),
        }
    }
}

/// The offer for `amount` on `plan`, or why there is none.
///
/// Rounding (all in integer cents, no floating point):
/// - Fixed APR above 0%: the level payment `P·r / (1 − (1+r)^−n)`, `r = apr_bps / 120000`,
///   is computed exactly with big integers and rounded half-up to the cent. The schedule then
///   adds each month's interest on the balance, rounded half-up to the cent, and subtracts the
///   payment; the final payment is whatever clears the balance, so the payments add up
///   exactly to `total_of_payments_cents`, and `finance_charge_cents` is the sum of the
///   rounded monthly interest.
/// - 0% APR, and a deferred-interest promotion: the amount divided by the number of
///   payments, rounded down, with the remainder (less than one cent per payment) on the
///   final payment. A promotion carries its standard APR for the disclosure.
///
/// Never panics. No figures are given when the amount is outside [`AMOUNT_RANGE`] or the
/// plan's limits, when it is too small to spread over the plan's payments (a payment under
/// one cent, or level payments that would clear it before the final one), or when the plan
/// is unsound.
pub fn offer(plan: &FinancingPlan, amount: Cents) -> Result<FinancingOffer, NotAvailable> {
    offer_in(plan, amount, Lang::En)
}

/// [`offer`] with its disclosure in `lang`; every figure is the same in every language.
pub fn offer_in(
    plan: &FinancingPlan,
    amount: Cents,
    lang: Lang,
) -> Result<FinancingOffer, NotAvailable> {
    if !AMOUNT_RANGE.contains(&amount) {
        return Err(out_of_range());
    }
    if let Some(problem) = plan.problem() {
        return Err(NotAvailable::PlanMisconfigured {
            field: problem.field().to_owned(),
        });
    }
    if amount < plan.min_amount_cents {
        return Err(NotAvailable::BelowPlanMinimum {
            min_amount_cents: plan.min_amount_cents,
        });
    }
    if amount > plan.max_amount_cents {
        return Err(NotAvailable::AbovePlanMaximum {
            max_amount_cents: plan.max_amount_cents,
        });
    }
    let repaid = match plan.kind {
        PlanKind::FixedApr => amortize(amount.get(), plan.apr_bps, plan.term_months),
        PlanKind::DeferredInterest => split_evenly(amount.get(), plan.term_months),
    };
    let Repayment {
        monthly,
        final_payment,
        total,
    } = repaid.map_err(|why| match why {
        Unrepayable::TooSmallForTerm => NotAvailable::TooSmallForTerm {
            term_months: plan.term_months,
        },
        // Only reachable for amounts far above the accepted range.
        Unrepayable::Overflow => out_of_range(),
    })?;
    let total = Cents::new(total);
    // Every monthly interest is rounded to zero or more cents, so total >= amount; the
    // fallback only keeps this function free of panics.
    let finance_charge = total.checked_sub(amount).map_err(|_| out_of_range())?;
    let terms = terms(
        plan,
        amount,
        (monthly, final_payment, total),
        finance_charge,
    );
    Ok(FinancingOffer {
        amount_cents: amount,
        monthly_payment_cents: terms.monthly,
        final_payment_cents: terms.final_payment,
        term_months: plan.term_months,
        apr_bps: plan.apr_bps,
        standard_apr_bps: plan.standard_apr_bps,
        standard_apr_variable: plan.standard_apr_variable,
        minimum_interest_charge_cents: plan.minimum_interest_charge_cents,
        annual_fee_cents: plan.annual_fee_cents,
        total_of_payments_cents: total,
        finance_charge_cents: finance_charge,
        disclosure: disclosure(&terms, lang),
    })
}

/// The figures the disclosure and the headline state for an offer on `plan`.
pub(crate) fn terms(
    plan: &FinancingPlan,
    amount: Cents,
    (monthly, final_payment, total): (u64, u64, Cents),
    finance_charge: Cents,
) -> Terms {
    // A sound deferred-interest plan states every account term (checked at start-up).
    let revolving = match (plan.kind, plan.standard_apr_bps) {
        (PlanKind::DeferredInterest, Some(standard_apr_bps)) => Some(Revolving {
            standard_apr_bps,
            variable: plan.standard_apr_variable.unwrap_or(false),
            minimum_interest_charge: plan.minimum_interest_charge_cents.unwrap_or(Cents::ZERO),
            annual_fee: plan.annual_fee_cents.unwrap_or(Cents::ZERO),
        }),
        _ => None,
    };
    Terms {
        amount,
        apr_bps: plan.apr_bps,
        term_months: plan.term_months,
        monthly: Cents::new(monthly),
        final_payment: Cents::new(final_payment),
        total,
        finance_charge,
        revolving,
        example: plan.example,
    }
}

fn out_of_range() -> NotAvailable {
    NotAvailable::AmountOutOfRange {
        min_cents: MIN_AMOUNT,
        max_cents: MAX_AMOUNT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::financing::fixtures::{deferred, example_plans, plan};

    #[test]
    fn fixed_apr_offer_carries_the_schedule_and_its_disclosure() {
        let o = offer(&plan("p", 1790, 24), Cents::new(1_000_000)).unwrap();
        assert_eq!(o.monthly_payment_cents, Cents::new(49_876));
        assert_eq!(o.final_payment_cents, Cents::new(49_870));
        assert_eq!(o.total_of_payments_cents, Cents::new(1_197_018));
        assert_eq!(o.finance_charge_cents, Cents::new(197_018));
        assert_eq!(o.standard_apr_bps, None);
        assert!(o.disclosure.contains("23 monthly payments of $498.76"));
    }

    #[test]
    fn deferred_interest_pays_off_within_the_promotion_and_carries_the_standard_apr() {
        let o = offer(&deferred("d", 2699, 12), Cents::new(500_000)).unwrap();
        assert_eq!(o.monthly_payment_cents, Cents::new(41_666));
        assert_eq!(o.final_payment_cents, Cents::new(41_674));
        assert_eq!(o.total_of_payments_cents, Cents::new(500_000));
        assert_eq!(o.finance_charge_cents, Cents::ZERO);
        assert_eq!((o.apr_bps, o.standard_apr_bps), (0, Some(2699)));
        assert!(
            o.disclosure
                .contains("from the purchase date at 26.99% APR")
        );
        assert_eq!(o.standard_apr_variable, Some(true));
        assert_eq!(o.minimum_interest_charge_cents, Some(Cents::new(200)));
        assert_eq!(o.annual_fee_cents, Some(Cents::ZERO));
    }

    #[test]
    fn amounts_outside_the_plan_limits_get_the_limit_as_the_reason() {
        let plans = example_plans();
        let fixed = &plans[1];
        assert_eq!(
            offer(fixed, Cents::new(99_999)),
            Err(NotAvailable::BelowPlanMinimum {
                min_amount_cents: Cents::new(100_000)
            })
        );
        let err = offer(fixed, Cents::new(3_500_001)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "this plan finances amounts up to $35,000.00"
        );
        assert!(offer(fixed, Cents::new(3_500_000)).is_ok());
        assert!(offer(fixed, Cents::new(100_000)).is_ok());
    }

    #[test]
    fn amounts_outside_the_accepted_range_are_refused_before_the_plan_is_consulted() {
        for amount in [0, MAX_AMOUNT.get() + 1, u64::MAX] {
            assert_eq!(
                offer(&plan("p", 9_999, 120), Cents::new(amount)),
                Err(out_of_range())
            );
        }
    }

    #[test]
    fn a_misconfigured_plan_is_refused_naming_the_field() {
        let mut p = plan("p", 1790, 24);
        p.term_months = 0;
        assert_eq!(
            offer(&p, Cents::new(100_000)),
            Err(NotAvailable::PlanMisconfigured {
                field: "term_months".into()
            })
        );
    }

    #[test]
    fn refusals_serialize_with_a_stable_code() {
        let json = serde_json::to_value(NotAvailable::TooSmallForTerm { term_months: 12 }).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "too_small_for_term", "term_months": 12})
        );
    }

    #[test]
    fn offers_serialize_money_as_integer_cents_and_omit_absent_standard_apr() {
        let o = offer(&plan("p", 1790, 24), Cents::new(1_000_000)).unwrap();
        let json = serde_json::to_value(&o).unwrap();
        assert_eq!(json["monthly_payment_cents"], 49_876);
        assert!(
            json.get("plan").is_none(),
            "the plan is named beside the offer, once"
        );
        assert!(json.get("standard_apr_bps").is_none());
    }

    #[test]
    fn every_reason_reads_in_english_as_its_display_and_has_a_spanish_text() {
        let reasons = [
            NotAvailable::AmountOutOfRange {
                min_cents: Cents::new(10_000),
                max_cents: Cents::new(10_000_000),
            },
            NotAvailable::BelowPlanMinimum {
                min_amount_cents: Cents::new(100_000),
            },
            NotAvailable::AbovePlanMaximum {
                max_amount_cents: Cents::new(3_500_000),
            },
            NotAvailable::TooSmallForTerm { term_months: 12 },
            NotAvailable::PlanMisconfigured {
                field: "term_months".into(),
            },
        ];
        for reason in reasons {
            assert_eq!(reason.detail(Lang::En), reason.to_string());
            assert_ne!(reason.detail(Lang::Es), reason.to_string());
        }
    }
}
