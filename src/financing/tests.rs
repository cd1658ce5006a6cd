//! Unit tests of the financing options.

mod properties;
mod reference_cases;
mod schema;

use super::*;
use crate::financing::fixtures::{example_plans, plan};

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
    assert_eq!(lowest.text, format!("Example: as low as {min}/month"));
    assert!(
        lowest.terms.contains("for 36 months at 18.90% APR"),
        "{}",
        lowest.terms
    );
    assert!(
        lowest.terms.contains("total of payments $13,178.05"),
        "{}",
        lowest.terms
    );
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
    assert_eq!(json["notice"], Notice::ExamplePlans.text(Lang::En));
}

#[test]
fn no_plans_configured_means_no_figures_and_a_notice_saying_why() {
    let o = options(&[], Cents::new(500_000));
    assert!(o.options.is_empty() && o.as_low_as.is_none());
    assert_eq!(o.notice, Notice::NoPlans.text(Lang::En));
    assert!(o.notice.contains("No financing plans are configured"));
}

#[test]
fn real_plans_are_never_called_examples() {
    let o = options(&[plan("real", 1790, 24)], Cents::new(1_000_000));
    let lowest = o.as_low_as.expect("an offer");
    assert_eq!(o.notice, Notice::Plans.text(Lang::En));
    assert!(lowest.text.starts_with("As low as"), "{}", lowest.text);
    // A representative example of the credit terms is what Regulation Z calls it; the plan
    // itself is never called an example.
    for text in [&lowest.text, &lowest.disclosure, &o.notice] {
        assert!(
            !text.contains("examples") && !text.contains("Example"),
            "{text}"
        );
    }
}

#[test]
fn a_deferred_interest_headline_carries_the_promotion_terms_beside_the_payment() {
    use crate::financing::fixtures::deferred;
    let o = options(&[deferred("promo", 2699, 12)], Cents::new(600_000));
    let lowest = o.as_low_as.expect("an offer");
    assert_eq!(lowest.text, "As low as $500.00/month");
    assert!(lowest.terms.contains("for 12 months"), "{}", lowest.terms);
    assert!(
        lowest.terms.contains("total of payments $6,000.00"),
        "{}",
        lowest.terms
    );
    assert!(
        lowest
            .terms
            .contains("from the purchase date at 26.99% APR"),
        "{}",
        lowest.terms
    );
}
