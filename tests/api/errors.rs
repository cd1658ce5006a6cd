//! Every error class answers problem+json with the right status, including the framework's own.

use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn unknown_path_is_404_problem() {
    let app = spawn_app().await;
    for path in ["/nope", "/v1/nothing-here", "/health/live/extra"] {
        assert_problem(app.get(path).await, 404, "not_found").await;
    }
}

#[tokio::test]
async fn wrong_method_is_405_problem_with_allow() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/health/live"))
        .send()
        .await
        .unwrap();
    let allow = res
        .headers()
        .get("allow")
        .map(|v| v.to_str().unwrap().to_owned());
    assert_problem(res, 405, "method_not_allowed").await;
    assert_eq!(allow.as_deref(), Some("GET"));
    let res = app
        .client
        .delete(app.url("/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_problem(res, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn no_error_response_is_plain_text() {
    let app = spawn_app().await;
    let requests = [
        app.client.get(app.url("/missing")),
        app.client.put(app.url("/health/ready")),
        app.client.patch(app.url("/docs/")),
    ];
    for req in requests {
        let res = req.send().await.unwrap();
        assert!(res.status().is_client_error(), "{}", res.status());
        let ct = res.headers().get("content-type").unwrap().to_str().unwrap();
        assert_eq!(ct, "application/problem+json");
    }
}

#[tokio::test]
async fn body_errors_answer_400_413_415_and_422_as_problem_json() {
    let app = spawn_app().await;
    let url = app.url("/v1/financing/options");
    let send = |body: Vec<u8>, content_type: Option<&'static str>| {
        let mut req = app.client.post(&url).body(body);
        if let Some(ct) = content_type {
            req = req.header("content-type", ct);
        }
        req.send()
    };
    let json = Some("application/json");
    let cases: Vec<(Vec<u8>, Option<&str>, u16, &str)> = vec![
        (
            b"{\"amounts_cents\": [1,".to_vec(),
            json,
            400,
            "malformed_json",
        ),
        (b"not json".to_vec(), json, 400, "malformed_json"),
        (
            b"{\"amounts_cents\": [1]}".to_vec(),
            Some("text/plain"),
            415,
            "unsupported_media_type",
        ),
        (
            b"{\"amounts_cents\": [1]}".to_vec(),
            None,
            415,
            "unsupported_media_type",
        ),
        (vec![b' '; 70_000], json, 413, "payload_too_large"),
        (
            b"{\"amounts_cents\": \"many\"}".to_vec(),
            json,
            422,
            "validation_failed",
        ),
    ];
    for (body, ct, status, code) in cases {
        let res = send(body, ct).await.unwrap();
        assert_problem(res, status, code).await;
    }
}
