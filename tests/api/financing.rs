//! `GET /v1/financing/options` and its batch form.

use serde_json::json;

use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn options_for_an_amount_list_every_plan_with_disclosures_and_an_as_low_as_line() {
    let app = spawn_app().await;
    let res = app.get("/v1/financing/options?amount_cents=1000000").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["amount_cents"], 1_000_000);
    let options = body["options"].as_array().unwrap();
    assert_eq!(options.len(), 3, "the three shipped example plans");
    let fixed = options
        .iter()
        .find(|o| o["plan"]["id"] == "example-apr-1790-24")
        .expect("the 17.90% example plan");
    assert_eq!(fixed["status"], "available");
    // $10,000 at 17.90% for 24 months: 23 x $498.76 and a final $498.70.
    assert_eq!(fixed["offer"]["monthly_payment_cents"], 49_876);
    assert_eq!(fixed["offer"]["total_of_payments_cents"], 1_197_018);
    assert_eq!(fixed["offer"]["finance_charge_cents"], 197_018);
    let disclosure = fixed["offer"]["disclosure"].as_str().unwrap();
    for needle in ["17.90% APR", "24 months", "$11,970.18"] {
        assert!(disclosure.contains(needle), "{needle} in {disclosure}");
    }
    let as_low_as = &body["as_low_as"];
    assert!(as_low_as["monthly_payment_cents"].as_u64().unwrap() > 0);
    assert!(as_low_as["disclosure"].as_str().unwrap().contains("APR"));
}

#[tokio::test]
async fn an_amount_outside_a_plans_limits_is_not_available_with_a_reason_never_a_number() {
    let app = spawn_app().await;
    let body: serde_json::Value = app
        .get("/v1/financing/options?amount_cents=4000000")
        .await
        .json()
        .await
        .unwrap();
    let deferred = body["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["plan"]["id"] == "example-deferred-0-12")
        .unwrap();
    assert_eq!(deferred["status"], "not_available");
    assert!(deferred.get("offer").is_none());
    assert!(!deferred["detail"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn bad_amounts_are_422_naming_amount_cents_and_the_range() {
    let app = spawn_app().await;
    for query in [
        "",
        "?amount_cents=",
        "?amount_cents=0",
        "?amount_cents=-5",
        "?amount_cents=abc",
        "?amount_cents=100000001",
        "?amount_cents=99999999999999999999999",
        "?amount_cents=1.5",
    ] {
        let res = app.get(&format!("/v1/financing/options{query}")).await;
        let body = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(body["errors"][0]["field"], "amount_cents", "{query}");
        assert!(
            body["errors"][0]["detail"]
                .as_str()
                .unwrap()
                .contains("100000000"),
            "{query}"
        );
    }
    let res = app
        .get("/v1/financing/options?amount_cents=100&term=12")
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "term");
}

#[tokio::test]
async fn the_batch_form_answers_each_amount_in_order() {
    let app = spawn_app().await;
    let res = app
        .post_json(
            "/v1/financing/options",
            &json!({"amounts_cents": [500000, 3000000]}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["results"][0]["amount_cents"], 500_000);
    assert_eq!(body["results"][1]["amount_cents"], 3_000_000);
}

#[tokio::test]
async fn the_batch_form_rejects_empty_oversized_and_out_of_range_lists() {
    let app = spawn_app().await;
    let cases = [
        (json!({"amounts_cents": []}), "/amounts_cents"),
        (json!({"amounts_cents": vec![100; 21]}), "/amounts_cents"),
        (json!({"amounts_cents": [100, 0]}), "/amounts_cents/1"),
        (json!({"amounts_cents": [100, -3]}), "/amounts_cents/1"),
        (json!({"amounts_cents": ["100"]}), "/amounts_cents/0"),
        (json!({}), "/amounts_cents"),
    ];
    for (body, pointer) in cases {
        let res = app.post_json("/v1/financing/options", &body).await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{body}");
    }
}
