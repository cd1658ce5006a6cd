//! The documented examples are what the example plans really give.

use utoipa::PartialSchema;

use crate::financing::fixtures::example_plans;
use crate::financing::*;

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
