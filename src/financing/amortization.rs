//! Repayment arithmetic in exact integer cents: the level payment of a fixed-APR loan, the
//! month-by-month schedule that fixes the final payment, and the even split of a 0% balance.
//!
//! No floating point is used. The level payment is computed from the closed form with
//! arbitrary-precision integers, so it is exact before its single rounding.

use num_bigint::BigUint;

/// A monthly rate is `apr_bps / MONTHLY_RATE_DENOMINATOR` (12 months × 10,000 bps per unit).
const MONTHLY_RATE_DENOMINATOR: u64 = 120_000;

/// How an amount is repaid: `term_months - 1` equal payments of `monthly`, then `final_payment`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Repayment {
    /// Each payment but the last, in cents. Equals `final_payment` when the term is 1 month.
    pub monthly: u64,
    /// The last payment, in cents: whatever clears the balance.
    pub final_payment: u64,
    /// Sum of all payments, in cents.
    pub total: u64,
}

/// Why an amount cannot be repaid on the plan's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unrepayable {
    /// The amount is too small for the term: a payment would be under one cent, or the level
    /// payments would clear the balance before the final payment is due.
    TooSmallForTerm,
    /// A figure does not fit in cents. Unreachable for amounts in the accepted range.
    Overflow,
}

/// Repays `principal` cents over `term_months` payments at `apr_bps`, interest monthly.
///
/// Rounding, in order:
/// 1. The level payment `P·r / (1 − (1+r)^−n)`, with `r = apr_bps / 120000`, is computed
///    exactly as the fraction `P·a·(120000+a)^n / (120000·((120000+a)^n − 120000^n))` and
///    rounded half-up to the cent (half a cent rounds up).
/// 2. Each month's interest, `balance · r`, is rounded half-up to the cent and added to the
///    balance before that month's payment is subtracted.
/// 3. The final payment is the whole remaining balance plus its month's interest, so the
///    payments add up exactly to principal plus the rounded interest.
///
/// At 0% APR the principal is split by [`split_evenly`] instead.
pub(crate) fn amortize(
    principal: u64,
    apr_bps: u32,
    term_months: u32,
) -> Result<Repayment, Unrepayable> {
    if apr_bps == 0 {
        return split_evenly(principal, term_months);
    }
    if principal == 0 || term_months == 0 {
        return Err(Unrepayable::TooSmallForTerm);
    }
    let monthly = level_payment(principal, apr_bps, term_months)?;
    if monthly == 0 {
        return Err(Unrepayable::TooSmallForTerm);
    }
    let mut balance = u128::from(principal);
    let mut total: u128 = 0;
    for _ in 1..term_months {
        let owed = balance + interest(balance, apr_bps);
        // A level payment that reaches the whole balance early would leave nothing (or a
        // credit) for the final payment: the amount is too small for this term.
        balance = owed
            .checked_sub(u128::from(monthly))
            .filter(|left| *left > 0)
            .ok_or(Unrepayable::TooSmallForTerm)?;
        total += u128::from(monthly);
    }
    let final_payment = balance + interest(balance, apr_bps);
    total += final_payment;
    let final_payment = u64::try_from(final_payment).map_err(|_| Unrepayable::Overflow)?;
    Ok(Repayment {
        monthly: if term_months == 1 {
            final_payment
        } else {
            monthly
        },
        final_payment,
        total: u64::try_from(total).map_err(|_| Unrepayable::Overflow)?,
    })
}

/// Splits `principal` over `term_months` interest-free payments: each payment is the floor of
/// the even share, and the remainder (under one cent per payment) goes on the final payment.
pub(crate) fn split_evenly(principal: u64, term_months: u32) -> Result<Repayment, Unrepayable> {
    let monthly = principal
        .checked_div(u64::from(term_months))
        .filter(|share| *share > 0)
        .ok_or(Unrepayable::TooSmallForTerm)?;
    let remainder = principal % u64::from(term_months);
    Ok(Repayment {
        monthly,
        final_payment: monthly + remainder,
        total: principal,
    })
}

/// The level payment, exact then rounded half-up to the cent.
fn level_payment(principal: u64, apr_bps: u32, term_months: u32) -> Result<u64, Unrepayable> {
    let a = BigUint::from(apr_bps);
    let denominator_base = BigUint::from(MONTHLY_RATE_DENOMINATOR);
    let grown = (&denominator_base + &a).pow(term_months);
    let base = denominator_base.pow(term_months);
    // (120000+a)^n > 120000^n because a > 0 and n > 0, so the difference is positive.
    let numerator = BigUint::from(principal) * a * grown.clone();
    let denominator = BigUint::from(MONTHLY_RATE_DENOMINATOR) * (grown - base);
    // floor((2·num + den) / (2·den)) is num/den rounded half-up.
    let rounded = (numerator * 2u32 + &denominator) / (denominator * 2u32);
    u64::try_from(&rounded).map_err(|_| Unrepayable::Overflow)
}

/// One month's interest on `balance` cents at `apr_bps`, rounded half-up to the cent.
fn interest(balance: u128, apr_bps: u32) -> u128 {
    let d = u128::from(MONTHLY_RATE_DENOMINATOR);
    // balance < 2^64 and apr_bps < 2^32, so the product cannot overflow u128.
    (balance * u128::from(apr_bps) * 2 + d) / (2 * d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_thousand_dollars_at_17_90_for_24_months_pays_498_76_then_498_70() {
        let r = amortize(1_000_000, 1790, 24).unwrap();
        assert_eq!(
            r,
            Repayment {
                monthly: 49_876,
                final_payment: 49_870,
                total: 1_197_018
            }
        );
    }

    #[test]
    fn monthly_interest_rounds_half_a_cent_up_and_less_down() {
        // 1790 bps / 12 = 0.149166…% a month.
        assert_eq!(interest(1_000, 1790), 15); // 14.9166…
        assert_eq!(interest(1_100, 1790), 16); // 16.4083…
        assert_eq!(interest(120_000, 1), 1); // exactly 1
        assert_eq!(interest(60_000, 1), 1); // exactly 0.5
        assert_eq!(interest(59_999, 1), 0); // just under 0.5
    }

    #[test]
    fn level_payment_rounds_half_up_at_the_exact_half_cent() {
        // One month: payment = P·(1 + a/120000). P = 60000, a = 1 → 60000.5 → 60001.
        assert_eq!(level_payment(60_000, 1, 1), Ok(60_001));
        assert_eq!(level_payment(59_999, 1, 1), Ok(59_999));
    }

    #[test]
    fn zero_apr_divides_evenly_with_the_remainder_last() {
        assert_eq!(
            amortize(100_000, 0, 12),
            Ok(Repayment {
                monthly: 8_333,
                final_payment: 8_337,
                total: 100_000
            })
        );
    }

    #[test]
    fn one_month_term_is_a_single_payment_of_principal_plus_interest() {
        let r = amortize(100_000, 1200, 1).unwrap();
        assert_eq!(
            (r.monthly, r.final_payment, r.total),
            (101_000, 101_000, 101_000)
        );
    }

    #[test]
    fn amounts_too_small_for_the_term_are_refused() {
        // Under one cent a month.
        assert_eq!(split_evenly(11, 12), Err(Unrepayable::TooSmallForTerm));
        assert_eq!(amortize(10, 1790, 24), Err(Unrepayable::TooSmallForTerm));
        // 11¢ at 17.90% over 24 months: the level payment is 1¢ (0.549… rounded), which
        // clears the balance in 11 months.
        assert_eq!(amortize(11, 1790, 24), Err(Unrepayable::TooSmallForTerm));
        assert_eq!(amortize(0, 1790, 24), Err(Unrepayable::TooSmallForTerm));
        assert_eq!(split_evenly(100, 0), Err(Unrepayable::TooSmallForTerm));
    }

    #[test]
    fn the_largest_figures_fit_without_overflow() {
        let r = amortize(u64::MAX / 16, 9_999, 120).unwrap();
        assert!(r.total > u64::MAX / 16);
        assert_eq!(amortize(u64::MAX, 9_999, 120), Err(Unrepayable::Overflow));
    }
}
