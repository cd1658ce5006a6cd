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
async fn metrics_count_requests_by_route_template_and_status_on_their_own_listener() {
    let app = spawn_app().await;
    app.get("/health/live").await;
    app.get("/no/such/path").await;
    let metrics = app
        .metrics_address
        .as_deref()
        .expect("metrics listener runs");
    let res = app
        .client
        .get(format!("{metrics}/metrics"))
        .send()
        .await
        .unwrap();
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
async fn the_public_listener_does_not_serve_metrics() {
    let app = spawn_app().await;
    assert_problem(app.get("/metrics").await, 404, "not_found").await;
}

#[tokio::test]
async fn the_metrics_listener_can_be_turned_off() {
    let app = spawn_app_with(|s| s.metrics.enabled = false).await;
    assert!(app.metrics_address.is_none());
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

/// Sends `GET /health/live` with `authorization`, answering its status.
async fn live_with(app: &crate::helpers::TestApp, authorization: &str) -> u16 {
    app.client
        .get(app.url("/health/live"))
        .header("authorization", authorization)
        .send()
        .await
        .expect("request sent")
        .status()
        .as_u16()
}

#[tokio::test]
async fn forged_tokens_naming_a_clinics_key_id_do_not_lock_that_clinic_out() {
    let app = spawn_app_with(|s| {
        s.rate_limit.per_second = 1;
        s.rate_limit.burst = 3;
    })
    .await;
    for _ in 0..6 {
        live_with(&app, "Bearer rq_pk_clinic-web_forged").await;
    }
    let genuine = format!("Bearer {}", app.keys.clinic_web);
    assert_eq!(live_with(&app, &genuine).await, 200);
}

#[tokio::test]
async fn invented_key_ids_count_against_the_client_address() {
    let app = spawn_app_with(|s| {
        s.rate_limit.per_second = 1;
        s.rate_limit.burst = 3;
    })
    .await;
    let mut statuses = Vec::new();
    for n in 0..6 {
        statuses.push(live_with(&app, &format!("Bearer rq_sk_invented-{n}_anything")).await);
    }
    assert!(statuses.contains(&429), "{statuses:?}");
}

#[tokio::test]
async fn a_verified_key_sent_with_a_lowercase_scheme_is_charged_to_its_own_bucket() {
    let app = spawn_app_with(|s| {
        s.rate_limit.per_second = 1;
        s.rate_limit.burst = 3;
    })
    .await;
    for _ in 0..6 {
        app.get("/health/live").await;
    }
    assert_eq!(live_with(&app, "Bearer nothing-here").await, 429);
    let lowercase = format!("bearer {}", app.keys.clinic_office);
    assert_eq!(live_with(&app, &lowercase).await, 200);
}
