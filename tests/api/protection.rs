//! Rate limits, metrics and security headers.

use crate::helpers::{assert_problem, spawn_app, spawn_app_with};

#[tokio::test]
async fn a_caller_over_its_limit_gets_429_problem_with_retry_after_and_ratelimit_headers() {
    let app = spawn_app_with(|s| {
        s.rate_limit.per_second = 1;
        s.rate_limit.burst = 3;
    })
    .await;
    let mut last = None;
    for _ in 0..6 {
        let res = app.get("/health/live").await;
        if res.status() == 429 {
            last = Some(res);
            break;
        }
    }
    let res = last.expect("the fourth request within a second is limited");
    for header in ["retry-after", "ratelimit-policy", "ratelimit"] {
        assert!(res.headers().contains_key(header), "{header} missing");
    }
    assert_problem(res, 429, "rate_limited").await;
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_status() {
    let app = spawn_app().await;
    app.get("/health/live").await;
    app.get("/no/such/path").await;
    let res = app.get("/metrics").await;
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(text.contains("regenquote_http_requests_total"), "{text}");
    assert!(text.contains("endpoint=\"/health/live\""), "{text}");
    assert!(
        text.contains("regenquote_http_requests_duration_seconds_bucket"),
        "{text}"
    );
    assert!(text.contains("regenquote_quotes_created_total"), "{text}");
    assert!(text.contains("regenquote_rate_limited_total"), "{text}");
    assert!(
        !text.contains("/no/such/path"),
        "unmatched paths are masked"
    );
}

#[tokio::test]
async fn every_response_says_nosniff_and_the_docs_carry_a_content_security_policy() {
    let app = spawn_app().await;
    let res = app.get("/health/live").await;
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let res = app.get("/nope").await;
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    let res = app.get("/docs/").await;
    let csp = res.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'self'"), "{csp}");
}
