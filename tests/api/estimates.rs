//! `POST /v1/estimates`.

use serde_json::{Value, json};

use crate::helpers::{assert_problem, spawn_app, spawn_app_with};

#[tokio::test]
async fn a_default_knee_estimate_is_the_2026_total_row_with_a_base_line_inside_its_row() {
    let app = spawn_app().await;
    let res = app
        .post_json("/v1/estimates", &json!({"therapy": "knee_msc_injection"}))
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["currency"], "USD");
    assert_eq!(body["price_book"]["version"], "2026");
    let total = &body["total"];
    let (low, typical, high) = (
        total["low_cents"].as_u64().unwrap(),
        total["typical_cents"].as_u64().unwrap(),
        total["high_cents"].as_u64().unwrap(),
    );
    assert!(
        500_000 <= low && low <= typical && typical <= high && high <= 3_000_000,
        "{total}"
    );
    let lines = body["lines"].as_array().unwrap();
    let sum = |key: &str| lines.iter().map(|l| l[key].as_u64().unwrap()).sum::<u64>();
    assert_eq!(sum("low_cents"), low);
    assert_eq!(sum("high_cents"), high);
    let base = lines
        .iter()
        .find(|l| l["code"] == "base")
        .expect("a base line");
    assert!(
        base["low_cents"].as_u64().unwrap() >= 350_000
            && base["high_cents"].as_u64().unwrap() <= 2_500_000
    );
    assert!(!body["assumptions"].as_array().unwrap().is_empty());
    assert!(!body["disclaimers"].as_array().unwrap().is_empty());
    assert!(
        body["financing"]["as_low_as"]["monthly_payment_cents"]
            .as_u64()
            .unwrap()
            > 0
    );
    assert_eq!(body["financing"]["amount_cents"], typical);
}

#[tokio::test]
async fn two_knees_never_cost_less_than_one() {
    let app = spawn_app().await;
    let one: Value = app
        .post_json(
            "/v1/estimates",
            &json!({"therapy": "knee_msc_injection", "joints": 1}),
        )
        .await
        .json()
        .await
        .unwrap();
    let two: Value = app
        .post_json(
            "/v1/estimates",
            &json!({"therapy": "knee_msc_injection", "joints": 2}),
        )
        .await
        .json()
        .await
        .unwrap();
    for key in ["low_cents", "typical_cents", "high_cents"] {
        assert!(
            two["total"][key].as_u64() > one["total"][key].as_u64(),
            "{key}"
        );
    }
}

#[tokio::test]
async fn every_documented_example_request_is_answered() {
    let app = spawn_app().await;
    let doc = regenquote::http::openapi::document();
    let doc = serde_json::to_value(doc).unwrap();
    let examples = doc["paths"]["/v1/estimates"]["post"]["requestBody"]["content"]["application/json"]["examples"]
        .as_object()
        .expect("request examples");
    assert!(examples.len() >= 6, "one per therapy");
    for (name, example) in examples {
        let res = app.post_json("/v1/estimates", &example["value"]).await;
        let expected = if name == "hsct" || name == "remestemcel_l" {
            422
        } else {
            200
        };
        assert_eq!(res.status().as_u16(), expected, "example {name}");
    }
}

/// A remembered answer is byte for byte the one the service works out afresh, for every
/// documented example and whichever of two requests came first; failures are never remembered.
#[tokio::test]
async fn remembered_answers_are_the_answers_worked_out_afresh() {
    let cached = spawn_app().await;
    let fresh = spawn_app_with(|s| s.answer_cache.estimates_bytes = 0).await;
    let doc = serde_json::to_value(regenquote::http::openapi::document()).unwrap();
    let examples = doc["paths"]["/v1/estimates"]["post"]["requestBody"]["content"]["application/json"]["examples"]
        .as_object()
        .expect("request examples")
        .clone();
    for (name, example) in &examples {
        let body = &example["value"];
        let mut answers = Vec::new();
        for app in [&cached, &cached, &fresh] {
            let res = app.post_json("/v1/estimates", body).await;
            let status = res.status().as_u16();
            let content_type = res.headers()["content-type"].to_str().unwrap().to_owned();
            let mut bytes = res.bytes().await.unwrap().to_vec();
            if status != 200 {
                // A problem names its own request; the rest must be the same.
                let mut problem: Value = serde_json::from_slice(&bytes).unwrap();
                problem.as_object_mut().unwrap().remove("request_id");
                bytes = serde_json::to_vec(&problem).unwrap();
            }
            answers.push((status, content_type, bytes));
        }
        assert_eq!(answers[0], answers[1], "example {name}: a repeat");
        assert_eq!(answers[0], answers[2], "example {name}: cached and fresh");
    }
    assert!(
        examples.keys().any(|name| name == "hsct"),
        "a refused example"
    );
    // The same therapy with different options is a different answer, not the remembered one.
    let one = cached
        .post_json("/v1/estimates", &json!({"therapy": "knee_msc_injection"}))
        .await
        .json::<Value>()
        .await
        .unwrap();
    let two = cached
        .post_json(
            "/v1/estimates",
            &json!({"therapy": "knee_msc_injection", "joints": 2}),
        )
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert!(
        two["total"]["typical_cents"].as_u64().unwrap()
            > one["total"]["typical_cents"].as_u64().unwrap()
    );
}

#[tokio::test]
async fn bad_estimate_requests_are_422_naming_the_field() {
    let app = spawn_app().await;
    let cases = [
        (json!({"therapy": "knee"}), "/therapy", "knee_msc_injection"),
        (json!({}), "/therapy", ""),
        (json!({"therapy": "hsct"}), "/therapy", "cash price"),
        (
            json!({"therapy": "knee_msc_injection", "joints": 0}),
            "/joints",
            "",
        ),
        (
            json!({"therapy": "knee_msc_injection", "joints": 3}),
            "/joints",
            "",
        ),
        (
            json!({"therapy": "knee_msc_injection", "joints": -1}),
            "/joints",
            "",
        ),
        (
            json!({"therapy": "knee_msc_injection", "sessions": 7}),
            "/sessions",
            "",
        ),
        (
            json!({"therapy": "knee_msc_injection", "add_ons": ["gold"]}),
            "/add_ons/0",
            "prp",
        ),
        (
            json!({"therapy": "knee_msc_prp", "cell_source": "umbilical_cord"}),
            "/cell_source",
            "bone_marrow",
        ),
        (
            json!({"therapy": "knee_msc_injection", "colour": "red"}),
            "/colour",
            "",
        ),
        (
            json!({"therapy": "knee_msc_injection", "zip": "7610"}),
            "/zip",
            "five digits",
        ),
        (
            json!({"therapy": "knee_msc_injection", "zip": 76102}),
            "/zip",
            "",
        ),
        (
            json!({"therapy": "knee_msc_injection", "center_id": "nowhere"}),
            "/center_id",
            "",
        ),
    ];
    for (body, pointer, accepted) in cases {
        let res = app.post_json("/v1/estimates", &body).await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        let error = &problem["errors"][0];
        assert_eq!(error["pointer"], pointer, "{body}: {problem}");
        assert!(
            error["detail"].as_str().unwrap().contains(accepted),
            "{body}: {error}"
        );
    }
}

#[tokio::test]
async fn an_answer_remembered_for_one_zip_is_never_given_for_an_unknown_one() {
    let app = spawn_app().await;
    let body = |zip: &str| json!({"therapy": "knee_msc_injection", "joints": 2, "zip": zip});
    let first = app.post_json("/v1/estimates", &body("76102")).await;
    assert_eq!(first.status(), 200);
    let first: Value = first.json().await.unwrap();
    let other = app.post_json("/v1/estimates", &body("10016")).await;
    assert_eq!(other.status(), 200);
    assert_eq!(other.json::<Value>().await.unwrap(), first);
    let unknown = app.post_json("/v1/estimates", &body("00000")).await;
    assert_problem(unknown, 422, "unknown_zip").await;
}
