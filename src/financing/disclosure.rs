//! Truth-in-Lending text for an offer (Regulation Z).
//!
//! A fixed-APR plan is closed-end credit: a payment amount is a triggering term, so the APR and
//! the terms of repayment over the full term go with it (12 CFR 1026.24(d)). A deferred-interest
//! promotion is open-end (revolving) credit and is described in its own words, never as an
//! installment loan: a payment amount brings the total of payments and the time to repay,
//! equally prominent (12 CFR 1026.16(b)(2)); the account's periodic rate as an APR, whether it
//! is variable, its minimum interest charge and its fees (12 CFR 1026.16(b)(1)); and that
//! interest is charged from the purchase date if the balance is not paid in full within the
//! promotion (12 CFR 1026.16(h)).

use std::fmt;

use crate::i18n::{self, Lang};
use crate::money::Cents;

/// The notice that goes with the plans shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// Said wherever example plans are shown: no lender offers them.
    ExamplePlans,
    /// Said wherever the operator's real plans are shown.
    Plans,
    /// Said where no plan is configured, instead of any payment figure.
    NoPlans,
}

impl Notice {
    /// The notice in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        i18n::text(
            lang,
            match self {
                Notice::ExamplePlans => "fin-example-plans-notice",
                Notice::Plans => "fin-plans-notice",
                Notice::NoPlans => "fin-no-plans-notice",
            },
        )
    }
}

/// An APR in basis points, shown as a percentage with two decimals: `17.90%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Apr(pub u32);

impl fmt::Display for Apr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}%", self.0 / 100, self.0 % 100)
    }
}

/// What a deferred-interest (revolving) account charges besides the promotion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Revolving {
    /// The APR charged from the purchase date if the promotion is not paid in full.
    pub standard_apr_bps: u32,
    /// Whether that APR is variable.
    pub variable: bool,
    /// The least interest charged in a month any interest is charged.
    pub minimum_interest_charge: Cents,
    /// The annual (membership) fee.
    pub annual_fee: Cents,
}

/// The figures a disclosure states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Terms {
    pub amount: Cents,
    pub apr_bps: u32,
    pub term_months: u32,
    pub monthly: Cents,
    pub final_payment: Cents,
    pub total: Cents,
    pub finance_charge: Cents,
    /// A deferred-interest promotion's account terms; `None` for an installment loan.
    pub revolving: Option<Revolving>,
    /// Whether the plan is an example no lender offers.
    pub example: bool,
}

/// The full disclosure for one offer, in `lang`: the representative example in the plan's own
/// kind of credit, and the notice that goes with the plans.
pub(crate) fn disclosure(t: &Terms, lang: Lang) -> String {
    let mut text = match &t.revolving {
        None => installment(t, lang),
        Some(account) => revolving(t, account, lang),
    };
    text.push(' ');
    let notice = if t.example {
        Notice::ExamplePlans
    } else {
        Notice::Plans
    };
    text.push_str(notice.text(lang));
    text
}

/// A closed-end installment loan: APR, every payment, total of payments, finance charge.
fn installment(t: &Terms, lang: Lang) -> String {
    let payments = if t.term_months <= 1 || t.final_payment == t.monthly {
        i18n::format(
            lang,
            "fin-installment-level",
            &[
                ("count", t.term_months.into()),
                ("payment", t.final_payment.to_string().into()),
            ],
        )
    } else {
        i18n::format(
            lang,
            "fin-installment-final",
            &[
                ("count", (t.term_months - 1).into()),
                ("payment", t.monthly.to_string().into()),
                ("final", t.final_payment.to_string().into()),
            ],
        )
    };
    i18n::format(
        lang,
        "fin-installment",
        &[
            ("amount", t.amount.to_string().into()),
            ("apr", Apr(t.apr_bps).to_string().into()),
            ("months", t.term_months.into()),
            ("payments", payments.into()),
            ("total", t.total.to_string().into()),
            ("finance_charge", t.finance_charge.to_string().into()),
        ],
    )
}

/// An open-end account with a deferred-interest promotion: what paying the purchase off
/// within the promotion takes, and what the account charges otherwise.
fn revolving(t: &Terms, account: &Revolving, lang: Lang) -> String {
    let n = t.term_months;
    let plan = if n <= 1 {
        i18n::format(
            lang,
            "fin-revolving-one",
            &[("final", t.final_payment.to_string().into())],
        )
    } else if t.final_payment == t.monthly {
        i18n::format(
            lang,
            "fin-revolving-level",
            &[
                ("payment", t.monthly.to_string().into()),
                ("months", n.into()),
            ],
        )
    } else {
        i18n::format(
            lang,
            "fin-revolving-final",
            &[
                ("payment", t.monthly.to_string().into()),
                ("level", (n - 1).into()),
                ("final", t.final_payment.to_string().into()),
                ("months", n.into()),
            ],
        )
    };
    let minimum = if account.minimum_interest_charge == Cents::ZERO {
        i18n::text(lang, "fin-no-minimum-interest").to_owned()
    } else {
        i18n::format(
            lang,
            "fin-minimum-interest",
            &[("amount", account.minimum_interest_charge.to_string().into())],
        )
    };
    let fee = if account.annual_fee == Cents::ZERO {
        i18n::text(lang, "fin-no-annual-fee").to_owned()
    } else {
        i18n::format(
            lang,
            "fin-annual-fee",
            &[("amount", account.annual_fee.to_string().into())],
        )
    };
    i18n::format(
        lang,
        "fin-revolving",
        &[
            ("amount", t.amount.to_string().into()),
            ("plan", plan.into()),
            ("months", n.into()),
            ("total", t.total.to_string().into()),
            ("apr", Apr(account.standard_apr_bps).to_string().into()),
            (
                "variable",
                if account.variable { "yes" } else { "no" }.into(),
            ),
            ("minimum", minimum.into()),
            ("fee", fee.into()),
        ],
    )
}

/// The patient-facing headline for the lowest monthly payment: `As low as $416.66/month`, or
/// `Example: as low as $416.66/month` for an example plan.
pub(crate) fn as_low_as_text(monthly: Cents, example: bool, lang: Lang) -> String {
    let key = if example {
        "fin-as-low-as-example"
    } else {
        "fin-as-low-as"
    };
    i18n::format(lang, key, &[("payment", monthly.to_string().into())])
}

/// The terms a stated payment triggers, to be shown with the headline and as prominently:
/// how long, at what APR, and the total of payments (for a promotion, what happens if it is not
/// paid in full in time).
pub(crate) fn headline_terms(t: &Terms, lang: Lang) -> String {
    match &t.revolving {
        None => i18n::format(
            lang,
            "fin-headline-installment",
            &[
                ("months", t.term_months.into()),
                ("apr", Apr(t.apr_bps).to_string().into()),
                ("total", t.total.to_string().into()),
            ],
        ),
        Some(account) => i18n::format(
            lang,
            "fin-headline-revolving",
            &[
                ("months", t.term_months.into()),
                ("amount", t.amount.to_string().into()),
                ("total", t.total.to_string().into()),
                ("apr", Apr(account.standard_apr_bps).to_string().into()),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(term_months: u32, monthly: u64, final_payment: u64, total: u64) -> Terms {
        Terms {
            amount: Cents::new(1_000_000),
            apr_bps: 1790,
            term_months,
            monthly: Cents::new(monthly),
            final_payment: Cents::new(final_payment),
            total: Cents::new(total),
            finance_charge: Cents::new(total - 1_000_000),
            revolving: None,
            example: true,
        }
    }

    fn promotion(variable: bool, minimum: u64, fee: u64) -> Terms {
        Terms {
            apr_bps: 0,
            term_months: 12,
            monthly: Cents::new(83_333),
            final_payment: Cents::new(83_337),
            total: Cents::new(1_000_000),
            finance_charge: Cents::ZERO,
            revolving: Some(Revolving {
                standard_apr_bps: 2699,
                variable,
                minimum_interest_charge: Cents::new(minimum),
                annual_fee: Cents::new(fee),
            }),
            ..terms(12, 0, 0, 1_000_000)
        }
    }

    #[test]
    fn apr_shows_two_decimals() {
        assert_eq!(Apr(1790).to_string(), "17.90%");
        assert_eq!(Apr(2699).to_string(), "26.99%");
        assert_eq!(Apr(0).to_string(), "0.00%");
        assert_eq!(Apr(5).to_string(), "0.05%");
    }

    #[test]
    fn fixed_apr_disclosure_states_apr_payments_and_totals() {
        let text = disclosure(&terms(24, 49_876, 49_870, 1_197_018), Lang::En);
        assert!(
            text.starts_with(
                "Representative example: $10,000.00 financed at 17.90% APR for 24 months with \
                 no down payment: 23 monthly payments of $498.76 and a final payment of $498.70; \
                 total of payments $11,970.18, finance charge $1,970.18. Plans shown are examples"
            ),
            "{text}"
        );
        assert!(text.contains("not an offer of credit"));
        assert!(text.contains("subject to credit approval"));
        assert!(!text.contains("purchase date"));
    }

    #[test]
    fn a_real_plan_is_not_called_an_example() {
        let real = Terms {
            example: false,
            ..terms(24, 49_876, 49_870, 1_197_018)
        };
        let text = disclosure(&real, Lang::En);
        assert!(text.ends_with(Notice::Plans.text(Lang::En)), "{text}");
        assert!(
            !text.contains("examples") && !text.contains("Example"),
            "{text}"
        );
        assert_eq!(
            as_low_as_text(Cents::new(49_876), false, Lang::En),
            "As low as $498.76/month"
        );
    }

    #[test]
    fn equal_final_payment_is_stated_once_and_singulars_read_right() {
        let text = disclosure(&terms(24, 50_000, 50_000, 1_200_000), Lang::En);
        assert!(
            text.contains("for 24 months with no down payment: 24 monthly payments of $500.00;")
        );
        let text = disclosure(&terms(1, 1_014_917, 1_014_917, 1_014_917), Lang::En);
        assert!(
            text.contains("for 1 month with no down payment: 1 monthly payment of $10,149.17;")
        );
        let text = disclosure(&terms(2, 500_000, 500_010, 1_000_010), Lang::En);
        assert!(text.contains("1 monthly payment of $5,000.00 and a final payment of $5,000.10"));
    }

    #[test]
    fn a_deferred_interest_promotion_is_described_as_revolving_credit_not_as_a_loan() {
        let text = disclosure(&promotion(true, 200, 0), Lang::En);
        assert!(
            text.starts_with(
                "Deferred-interest promotion on a revolving credit account: for a $10,000.00 \
                 purchase, paying $833.33 a month for 11 months and $833.37 in month 12 pays it \
                 in full within the 12-month promotion: a total of payments of $10,000.00 over \
                 12 months."
            ),
            "{text}"
        );
        for loan_words in [
            "financed",
            "down payment",
            "final payment",
            "finance charge",
        ] {
            assert!(!text.contains(loan_words), "{loan_words}: {text}");
        }
        assert!(!text.contains("0.00% APR"), "{text}");
        assert!(text.contains(
            "Interest will be charged to your account from the purchase date at 26.99% APR, a \
             variable rate, if the promotional balance is not paid in full within 12 months."
        ));
        assert!(text.contains("Minimum monthly payments are required"));
        assert!(text.contains("Minimum interest charge: $2.00."));
        assert!(text.contains("No annual fee."));
        assert!(text.ends_with(Notice::ExamplePlans.text(Lang::En)));
    }

    #[test]
    fn a_fixed_standard_rate_no_minimum_charge_and_a_fee_read_as_such() {
        let text = disclosure(&promotion(false, 0, 2_500), Lang::En);
        assert!(!text.contains("variable"), "{text}");
        assert!(text.contains("No minimum interest charge."), "{text}");
        assert!(text.contains("Annual fee: $25.00."), "{text}");
    }

    #[test]
    fn the_headline_of_an_example_says_example_and_its_terms_state_period_apr_and_total() {
        assert_eq!(
            as_low_as_text(Cents::new(49_876), true, Lang::En),
            "Example: as low as $498.76/month"
        );
        assert_eq!(
            headline_terms(&terms(24, 49_876, 49_870, 1_197_018), Lang::En),
            "for 24 months at 17.90% APR with no down payment: total of payments $11,970.18"
        );
        let promo = headline_terms(&promotion(true, 200, 0), Lang::En);
        assert!(promo.contains("total of payments $10,000.00"), "{promo}");
        assert!(promo.contains("interest is charged from the purchase date at 26.99% APR"));
    }

    #[test]
    fn in_spanish_every_figure_is_stated_as_in_english() {
        let fixed = terms(24, 49_876, 49_870, 1_197_018);
        let text = disclosure(&fixed, Lang::Es);
        assert!(
            text.starts_with(
                "Ejemplo representativo: $10,000.00 financiados a una tasa de porcentaje anual \
                 (APR) de 17.90% por 24 meses sin pago inicial: 23 pagos mensuales de $498.76 y \
                 un pago final de $498.70; total de los pagos $11,970.18, cargo financiero \
                 $1,970.18."
            ),
            "{text}"
        );
        assert!(
            text.ends_with(Notice::ExamplePlans.text(Lang::Es)),
            "{text}"
        );
        let one = disclosure(&terms(1, 1_014_917, 1_014_917, 1_014_917), Lang::Es);
        assert!(
            one.contains("por 1 mes sin pago inicial: 1 pago mensual de $10,149.17;"),
            "{one}"
        );
        let promo = disclosure(&promotion(true, 200, 0), Lang::Es);
        for needle in [
            "cuenta de crédito rotativo",
            "pagar $833.33 al mes durante 11 meses y $833.37 en el mes 12",
            "26.99%, una tasa variable, si",
            "Cargo mínimo por intereses: $2.00.",
            "Sin cuota anual.",
        ] {
            assert!(promo.contains(needle), "{needle}: {promo}");
        }
        assert_eq!(
            as_low_as_text(Cents::new(49_876), true, Lang::Es),
            "Ejemplo: desde $498.76 al mes"
        );
        let headline = headline_terms(&promotion(false, 0, 2_500), Lang::Es);
        assert!(headline.contains("a una APR de 26.99%"), "{headline}");
    }
}
