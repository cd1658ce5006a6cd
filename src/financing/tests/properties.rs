//! Properties every offer keeps, over the whole accepted range of amounts and plans.

use proptest::prelude::*;

use crate::financing::amount::{MAX_AMOUNT, MIN_AMOUNT};
use crate::financing::fixtures::{deferred, plan};
use crate::financing::plan::{FinancingPlan, MAX_APR_BPS, MAX_TERM_MONTHS, PlanKind};
use crate::financing::{PlanOption, offer, options};
use crate::money::Cents;

fn amount() -> impl Strategy<Value = Cents> {
    prop_oneof![
        1u64..=10_000,
        1u64..=10_000_000,
        MIN_AMOUNT.get()..=MAX_AMOUNT.get()
    ]
    .prop_map(Cents::new)
}

fn valid_plan() -> impl Strategy<Value = FinancingPlan> {
    (0..=MAX_APR_BPS, 1..=MAX_TERM_MONTHS, any::<bool>()).prop_map(|(apr, term, promo)| {
        if promo {
            deferred("p", apr.max(1), term)
        } else {
            plan("p", apr, term)
        }
    })
}

fn any_plan() -> impl Strategy<Value = FinancingPlan> {
    (
        ".{0,8}",
        any::<bool>(),
        any::<u32>(),
        any::<u32>(),
        any::<u64>(),
        any::<u64>(),
        proptest::option::of(any::<u32>()),
        (
            any::<bool>(),
            proptest::option::of(any::<bool>()),
            proptest::option::of(any::<u64>()),
            proptest::option::of(any::<u64>()),
        ),
    )
        .prop_map(
            |(
                id,
                promo,
                apr_bps,
                term_months,
                min,
                max,
                standard,
                (example, variable, minimum, fee),
            )| FinancingPlan {
                id,
                label: "Example".into(),
                example,
                kind: if promo {
                    PlanKind::DeferredInterest
                } else {
                    PlanKind::FixedApr
                },
                apr_bps,
                term_months,
                min_amount_cents: Cents::new(min),
                max_amount_cents: Cents::new(max),
                standard_apr_bps: standard,
                standard_apr_variable: variable,
                minimum_interest_charge_cents: minimum.map(Cents::new),
                annual_fee_cents: fee.map(Cents::new),
            },
        )
}

proptest! {
    #[test]
    fn total_of_payments_is_principal_plus_finance_charge_and_never_less_than_principal(
        p in valid_plan(), amount in amount()
    ) {
        if let Ok(o) = offer(&p, amount) {
            prop_assert_eq!(
                o.total_of_payments_cents,
                amount.checked_add(o.finance_charge_cents).unwrap()
            );
            prop_assert!(o.total_of_payments_cents >= amount);
        }
    }

    #[test]
    fn payments_add_up_exactly_to_the_total(p in valid_plan(), amount in amount()) {
        if let Ok(o) = offer(&p, amount) {
            let level = o.monthly_payment_cents.checked_mul(u64::from(o.term_months - 1)).unwrap();
            prop_assert_eq!(level.checked_add(o.final_payment_cents).unwrap(), o.total_of_payments_cents);
            prop_assert!(o.monthly_payment_cents.get() >= 1 && o.final_payment_cents.get() >= 1);
        }
    }

    #[test]
    fn more_months_at_the_same_apr_never_raise_the_monthly_payment(
        apr in 0..=MAX_APR_BPS,
        (short, long) in (1..MAX_TERM_MONTHS).prop_flat_map(|s| (Just(s), s + 1..=MAX_TERM_MONTHS)),
        amount in amount(),
    ) {
        let short_offer = offer(&plan("s", apr, short), amount);
        let long_offer = offer(&plan("l", apr, long), amount);
        if let (Ok(s), Ok(l)) = (short_offer, long_offer) {
            prop_assert!(l.monthly_payment_cents <= s.monthly_payment_cents);
        }
    }

    #[test]
    fn zero_apr_divides_evenly_with_the_remainder_on_the_final_payment(
        term in 1..=MAX_TERM_MONTHS, amount in amount(), promo in any::<bool>()
    ) {
        let p = if promo { deferred("d", 2699, term) } else { plan("z", 0, term) };
        let n = u64::from(term);
        match offer(&p, amount) {
            Ok(o) => {
                prop_assert_eq!(o.monthly_payment_cents.get(), amount.get() / n);
                prop_assert_eq!(o.final_payment_cents.get(), amount.get() / n + amount.get() % n);
                prop_assert_eq!(o.finance_charge_cents, Cents::ZERO);
            }
            // Refused only when a share would be under one cent.
            Err(_) => prop_assert!(amount.get() < n),
        }
    }

    #[test]
    fn an_amount_outside_the_plan_limits_is_never_given_a_number(
        p in valid_plan(),
        (min, max) in (MIN_AMOUNT.get()..=MAX_AMOUNT.get())
            .prop_flat_map(|lo| (Just(lo), lo..=MAX_AMOUNT.get())),
        amount in prop_oneof![0..=MAX_AMOUNT.get() + 1, any::<u64>()],
    ) {
        let p = FinancingPlan { min_amount_cents: Cents::new(min), max_amount_cents: Cents::new(max), ..p };
        let outside = amount < min || amount > max;
        let listed = options(std::slice::from_ref(&p), Cents::new(amount));
        if outside {
            prop_assert!(offer(&p, Cents::new(amount)).is_err());
            prop_assert!(listed.options[0].offer().is_none());
            prop_assert!(listed.as_low_as.is_none());
        }
    }

    #[test]
    fn any_plan_and_any_amount_give_an_answer_without_panicking(
        p in any_plan(), amount in any::<u64>()
    ) {
        let _ = offer(&p, Cents::new(amount));
        let listed = options(&[p], Cents::new(amount));
        prop_assert_eq!(listed.options.len(), 1);
    }

    #[test]
    fn the_as_low_as_payment_is_the_smallest_available_monthly_payment(
        plans in proptest::collection::vec(valid_plan(), 0..5), amount in amount()
    ) {
        let listed = options(&plans, amount);
        let min = listed.options.iter().filter_map(PlanOption::offer).map(|o| o.monthly_payment_cents).min();
        prop_assert_eq!(listed.as_low_as.map(|a| a.monthly_payment_cents), min);
    }
}
