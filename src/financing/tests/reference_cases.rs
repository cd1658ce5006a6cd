//! Payments checked against figures computed independently with 50-digit decimal arithmetic
//! by `scripts/financing_reference.py` (textbook formula in decimal, same rounding rules).

use crate::financing::fixtures::plan;
use crate::financing::offer;
use crate::money::Cents;

/// (principal, apr_bps, term_months, monthly, final, total of payments), all cents.
const CASES: [(u64, u32, u32, u64, u64, u64); 16] = [
    (1000000, 1790, 24, 49876, 49870, 1197018),
    (1000000, 1890, 36, 36605, 36630, 1317805),
    (350000, 1790, 24, 17457, 17445, 418956),
    (2500000, 1890, 36, 91514, 91500, 3294490),
    (4500000, 999, 60, 95590, 95557, 5735367),
    (500000, 2699, 12, 48006, 48011, 576077),
    (123457, 1, 12, 10289, 10285, 123464),
    (100000000, 9999, 120, 8333062, 8320558, 999954936),
    (100000000, 599, 120, 1109703, 1109689, 133164346),
    (99999, 3500, 18, 7220, 7210, 129950),
    (250000, 1200, 1, 252500, 252500, 252500),
    (3000000, 2999, 48, 108001, 107959, 5184006),
    (1000000, 0, 12, 83333, 83337, 1000000),
    (777777, 0, 24, 32407, 32416, 777777),
    (5000, 2499, 6, 895, 896, 5371),
    (1500000, 750, 84, 23007, 23053, 1932634),
];

#[test]
fn payments_agree_to_the_cent_with_the_high_precision_reference() {
    for (principal, apr_bps, term, monthly, final_payment, total) in CASES {
        let o = offer(&plan("ref", apr_bps, term), Cents::new(principal))
            .unwrap_or_else(|e| panic!("{principal} at {apr_bps} for {term}: {e}"));
        let got = (
            o.monthly_payment_cents.get(),
            o.final_payment_cents.get(),
            o.total_of_payments_cents.get(),
        );
        assert_eq!(
            got,
            (monthly, final_payment, total),
            "{principal} cents at {apr_bps} bps for {term} months"
        );
        assert_eq!(o.finance_charge_cents.get(), total - principal);
    }
}
