//! Money: integer US cents with checked arithmetic. No price ever passes through a float.

use std::fmt;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An amount of US dollars in whole cents. Never negative.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    ToSchema,
)]
#[serde(transparent)]
#[schema(value_type = u64, example = 500_000)]
pub struct Cents(u64);

/// Arithmetic on [`Cents`] left the representable range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("amount out of range")]
pub struct Overflow;

impl Cents {
    /// Zero cents.
    pub const ZERO: Cents = Cents(0);

    /// An amount of whole cents.
    pub const fn new(cents: u64) -> Self {
        Cents(cents)
    }

    /// An amount of whole dollars.
    pub const fn from_dollars(dollars: u64) -> Self {
        Cents(dollars * 100)
    }

    /// The amount in cents.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// `self + other`, or [`Overflow`].
    pub fn checked_add(self, other: Cents) -> Result<Cents, Overflow> {
        self.0.checked_add(other.0).map(Cents).ok_or(Overflow)
    }

    /// `self - other`, or [`Overflow`] when `other` is larger.
    pub fn checked_sub(self, other: Cents) -> Result<Cents, Overflow> {
        self.0.checked_sub(other.0).map(Cents).ok_or(Overflow)
    }

    /// `self * factor`, or [`Overflow`].
    pub fn checked_mul(self, factor: u64) -> Result<Cents, Overflow> {
        self.0.checked_mul(factor).map(Cents).ok_or(Overflow)
    }

    /// Sum of amounts, or [`Overflow`].
    pub fn checked_sum<I: IntoIterator<Item = Cents>>(items: I) -> Result<Cents, Overflow> {
        items
            .into_iter()
            .try_fold(Cents::ZERO, |acc, c| acc.checked_add(c))
    }
}

impl fmt::Display for Cents {
    /// `$1,234.56`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dollars = self.0 / 100;
        let cents = self.0 % 100;
        let digits = dollars.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        write!(f, "${grouped}.{cents:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn display_groups_thousands_and_shows_cents() {
        assert_eq!(Cents::new(0).to_string(), "$0.00");
        assert_eq!(Cents::new(5).to_string(), "$0.05");
        assert_eq!(Cents::new(350_000).to_string(), "$3,500.00");
        assert_eq!(Cents::new(123_456_789).to_string(), "$1,234,567.89");
    }

    #[test]
    fn checked_arithmetic_reports_overflow_instead_of_wrapping() {
        assert_eq!(
            Cents::new(u64::MAX).checked_add(Cents::new(1)),
            Err(Overflow)
        );
        assert_eq!(Cents::new(1).checked_sub(Cents::new(2)), Err(Overflow));
        assert_eq!(Cents::new(u64::MAX).checked_mul(2), Err(Overflow));
    }

    proptest! {
        #[test]
        fn sum_equals_fold_of_adds(xs in proptest::collection::vec(0u64..1_000_000_000, 0..20)) {
            let total = Cents::checked_sum(xs.iter().copied().map(Cents::new)).unwrap();
            prop_assert_eq!(total.get(), xs.iter().sum::<u64>());
        }

        #[test]
        fn add_then_sub_round_trips(a in 0u64..u64::MAX / 2, b in 0u64..u64::MAX / 2) {
            let s = Cents::new(a).checked_add(Cents::new(b)).unwrap();
            prop_assert_eq!(s.checked_sub(Cents::new(b)).unwrap(), Cents::new(a));
        }
    }
}
