//! The range of amounts the financing calculator accepts, and the check a route applies to
//! `amount_cents` before asking for payment options.

use std::ops::RangeInclusive;

use crate::money::Cents;

/// The smallest amount accepted for financing: one cent.
pub const MIN_AMOUNT: Cents = Cents::new(1);
/// The largest amount accepted for financing: $1,000,000.00. Far above any procedure in the
/// 2026 tables, and low enough that every payment figure fits comfortably in [`Cents`].
pub const MAX_AMOUNT: Cents = Cents::from_dollars(1_000_000);

/// The accepted amounts, inclusive.
pub const AMOUNT_RANGE: RangeInclusive<Cents> = MIN_AMOUNT..=MAX_AMOUNT;

/// `amount_cents` is outside the accepted range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "amount_cents must be from {min} to {max} ({min_money} to {max_money}), got {got}",
    min = MIN_AMOUNT.get(),
    max = MAX_AMOUNT.get(),
    min_money = MIN_AMOUNT,
    max_money = MAX_AMOUNT
)]
pub struct AmountOutOfRange {
    /// The amount given, in cents.
    pub got: u64,
}

impl AmountOutOfRange {
    /// The offending field.
    pub fn field(&self) -> &'static str {
        "amount_cents"
    }
}

/// The amount as [`Cents`] when it is within [`AMOUNT_RANGE`].
pub fn financed_amount(amount_cents: u64) -> Result<Cents, AmountOutOfRange> {
    let amount = Cents::new(amount_cents);
    if AMOUNT_RANGE.contains(&amount) {
        Ok(amount)
    } else {
        Err(AmountOutOfRange { got: amount_cents })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_from_one_cent_to_a_million_dollars_are_accepted() {
        assert_eq!(financed_amount(1), Ok(Cents::new(1)));
        assert_eq!(financed_amount(100_000_000), Ok(Cents::new(100_000_000)));
    }

    #[test]
    fn zero_and_amounts_above_a_million_dollars_are_refused_naming_the_field_and_range() {
        for got in [0, 100_000_001, u64::MAX] {
            let err = financed_amount(got).unwrap_err();
            assert_eq!(err.field(), "amount_cents");
            assert_eq!(
                err.to_string(),
                format!(
                    "amount_cents must be from 1 to 100000000 ($0.01 to $1,000,000.00), got {got}"
                )
            );
        }
    }
}
