//! Truth-in-Lending text for an offer (Regulation Z, 12 CFR 1026.24(d) and 1026.16(h)).
//!
//! Whenever a payment amount is shown, the APR, the number and amounts of the payments, and
//! the total of payments go with it as a representative example. A deferred-interest offer
//! also says that interest is charged from the purchase date at the standard APR when the
//! promotional balance is not paid in full in time.

use std::fmt::{self, Write as _};

use crate::money::Cents;

/// Said wherever plans are shown: they are the operator's examples, not an offer of credit.
pub const PLANS_NOTICE: &str = "Plans shown are examples set by the operator of this service, \
    not an offer of credit. Financing is subject to credit approval by the lender, and the \
    lender's actual APR, terms and payments may differ.";

/// An APR in basis points, shown as a percentage with two decimals: `17.90%`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Apr(pub u32);

impl fmt::Display for Apr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}%", self.0 / 100, self.0 % 100)
    }
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
    /// Deferred interest only: the APR charged from the purchase date if not paid in full.
    pub standard_apr_bps: Option<u32>,
}

/// The full disclosure for one offer: representative example, deferred-interest warning when
/// it applies, and the notice that plans are examples.
pub(crate) fn disclosure(t: &Terms) -> String {
    let mut text = String::with_capacity(480);
    let months = plural(t.term_months, "month", "months");
    // Writing into a String cannot fail.
    let _ = match t.standard_apr_bps {
        None => write!(
            text,
            "Representative example: {} financed at {} APR for {} {months} with no down payment: ",
            t.amount,
            Apr(t.apr_bps),
            t.term_months
        ),
        // A deferred-interest promotion is not described as a 0% APR: interest accrues from
        // the purchase date and is only waived if the balance is paid in full in time.
        Some(_) => write!(
            text,
            "Representative example: {} financed on a deferred-interest promotion for {} \
             {months} with no down payment, paid in full within the promotion: ",
            t.amount, t.term_months
        ),
    };
    push_payments(&mut text, t);
    let _ = write!(
        text,
        "; total of payments {}, finance charge {}",
        t.total, t.finance_charge
    );
    let _ = match t.standard_apr_bps {
        None => write!(text, "."),
        Some(_) => write!(text, " if paid in full within {} {months}.", t.term_months),
    };
    if let Some(standard) = t.standard_apr_bps {
        let _ = write!(
            text,
            " Interest will be charged to your account from the purchase date at {} APR if the \
             promotional balance is not paid in full within {} {months}.",
            Apr(standard),
            t.term_months
        );
    }
    text.push(' ');
    text.push_str(PLANS_NOTICE);
    text
}

/// The patient-facing headline for the lowest monthly payment: `As low as $416.66/month`.
pub(crate) fn as_low_as_text(monthly: Cents) -> String {
    format!("As low as {monthly}/month")
}

/// "23 monthly payments of $498.76 and a final payment of $498.70", or "24 monthly payments
/// of $X" when the final payment equals the others.
fn push_payments(text: &mut String, t: &Terms) {
    let _ = if t.term_months <= 1 || t.final_payment == t.monthly {
        write!(
            text,
            "{} monthly {} of {}",
            t.term_months,
            plural(t.term_months, "payment", "payments"),
            t.final_payment
        )
    } else {
        let level = t.term_months - 1;
        write!(
            text,
            "{level} monthly {} of {} and a final payment of {}",
            plural(level, "payment", "payments"),
            t.monthly,
            t.final_payment
        )
    };
}

fn plural(n: u32, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
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
            standard_apr_bps: None,
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
        let text = disclosure(&terms(24, 49_876, 49_870, 1_197_018));
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
    fn equal_final_payment_is_stated_once_and_singulars_read_right() {
        let text = disclosure(&terms(24, 50_000, 50_000, 1_200_000));
        assert!(
            text.contains("for 24 months with no down payment: 24 monthly payments of $500.00;")
        );
        let text = disclosure(&terms(1, 1_014_917, 1_014_917, 1_014_917));
        assert!(
            text.contains("for 1 month with no down payment: 1 monthly payment of $10,149.17;")
        );
        let text = disclosure(&terms(2, 500_000, 500_010, 1_000_010));
        assert!(text.contains("1 monthly payment of $5,000.00 and a final payment of $5,000.10"));
    }

    #[test]
    fn deferred_interest_disclosure_warns_of_interest_from_the_purchase_date() {
        let t = Terms {
            apr_bps: 0,
            term_months: 12,
            monthly: Cents::new(83_333),
            final_payment: Cents::new(83_337),
            total: Cents::new(1_000_000),
            finance_charge: Cents::ZERO,
            standard_apr_bps: Some(2699),
            ..terms(12, 0, 0, 1_000_000)
        };
        let text = disclosure(&t);
        assert!(text.contains("deferred-interest promotion for 12 months with no down payment"));
        assert!(text.contains("finance charge $0.00 if paid in full within 12 months."));
        assert!(!text.contains("0.00% APR"), "{text}");
        assert!(text.contains("11 monthly payments of $833.33 and a final payment of $833.37"));
        assert!(text.contains(
            "Interest will be charged to your account from the purchase date at 26.99% APR if \
             the promotional balance is not paid in full within 12 months."
        ));
        assert!(text.ends_with(PLANS_NOTICE));
    }

    #[test]
    fn as_low_as_uses_the_money_display() {
        assert_eq!(
            as_low_as_text(Cents::new(49_876)),
            "As low as $498.76/month"
        );
    }
}
