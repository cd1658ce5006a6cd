//! Cross-origin calls from clinic websites.

use serde_json::json;

use crate::helpers::{TestApp, assert_problem, spawn_app_with};

const CLINIC: &str = "https://clinic.example";

async fn app() -> TestApp {
    spawn_app_with(|s| s.cors.allowed_origins = vec![CLINIC.into()]).await
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_lowercase())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_preflight_from_an_allowed_origin_allows_the_headers_the_api_needs() {
    let app = app().await;
    let res = app
        .client
        .request(reqwest::Method::OPTIONS, app.url("/v1/estimates"))
        .header("origin", CLINIC)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type, authorization, idempotency-key",
        )
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(header(&res, "access-control-allow-origin"), CLINIC);
    let allowed = header(&res, "access-control-allow-headers");
    for h in ["content-type", "authorization", "idempotency-key"] {
        assert!(allowed.contains(h), "{h} in {allowed}");
    }
    assert!(header(&res, "access-control-allow-methods").contains("post"));
}

#[tokio::test]
async fn responses_to_an_allowed_origin_expose_request_id_location_and_rate_limit_headers() {
    let app = app().await;
    let res = app
        .client
        .get(app.url("/v1/therapies"))
        .header("origin", CLINIC)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "access-control-allow-origin"), CLINIC);
    let exposed = header(&res, "access-control-expose-headers");
    for h in [
        "x-request-id",
        "location",
        "retry-after",
        "ratelimit",
        "ratelimit-policy",
        "idempotent-replayed",
    ] {
        assert!(exposed.contains(h), "{h} in {exposed}");
    }
}

#[tokio::test]
async fn error_responses_carry_cors_headers_too() {
    let app = app().await;
    let res = app
        .client
        .post(app.url("/v1/estimates"))
        .header("origin", CLINIC)
        .json(&json!({"therapy": "knee"}))
        .send()
        .await
        .unwrap();
    assert_eq!(header(&res, "access-control-allow-origin"), CLINIC);
    assert_problem(res, 422, "validation_failed").await;
}

#[tokio::test]
async fn a_request_from_an_origin_that_is_not_allowed_is_refused_with_403_problem() {
    let app = app().await;
    let res = app
        .client
        .post(app.url("/v1/estimates"))
        .header("origin", "https://evil.example")
        .json(&json!({"therapy": "knee_msc_injection"}))
        .send()
        .await
        .unwrap();
    assert_eq!(header(&res, "access-control-allow-origin"), "");
    assert_problem(res, 403, "origin_not_allowed").await;
}

#[tokio::test]
async fn the_apis_own_pages_may_post_to_it_from_the_same_origin() {
    let app = app().await;
    let own = app.address.clone();
    let res = app
        .client
        .post(app.url("/v1/estimates"))
        .header("origin", own)
        .json(&json!({"therapy": "knee_msc_injection"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_malformed_configured_origin_stops_start_up() {
    for bad in [
        "clinic.example",
        "https://clinic.example/",
        "https://clinic.example/path",
        "*",
    ] {
        let db = crate::helpers::ScratchDir::new();
        let mut settings = crate::helpers::test_settings(&db);
        settings.cors.allowed_origins = vec![bad.into()];
        let err = match regenquote::app::startup::Application::build(settings).await {
            Ok(_) => panic!("{bad} must be refused"),
            Err(e) => e.to_string(),
        };
        assert!(err.contains("cors.allowed_origins"), "{err}");
    }
}
