use crate::helpers::spawn_app;

#[tokio::test]
async fn live_answers_ok_with_a_request_id() {
    let app = spawn_app().await;
    let res = app.get("/health/live").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().contains_key("x-request-id"));
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn ready_answers_ok_when_the_database_is_reachable() {
    let app = spawn_app().await;
    let res = app.get("/health/ready").await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn ready_answers_503_problem_when_the_database_is_unreachable() {
    // Nothing listens on port 1: the lazy PostgreSQL pool cannot connect.
    let app = crate::helpers::spawn_app_with(|s| {
        s.database.url = "postgres://nobody@127.0.0.1:1/none".into();
    })
    .await;
    let res = app.get("/health/ready").await;
    crate::helpers::assert_problem(res, 503, "service_unavailable").await;
}

#[tokio::test]
async fn a_reachable_postgres_that_cannot_be_used_answers_503_with_retry_after_and_no_detail() {
    let Ok(url) = std::env::var("TEST_DATABASE_URL") else {
        return crate::helpers::skip("PostgreSQL run (TEST_DATABASE_URL is not set)");
    };
    let (server, _database) = url.rsplit_once('/').expect("a URL with a database");
    let (scheme, host) = server.split_once("://").expect("a URL with a scheme");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let cases = [
        // The server answers, but has no such database.
        format!("{scheme}://postgres@{host}/regenquote_no_such_database"),
        // The server answers, but refuses the role.
        format!("{scheme}://regenquote_no_such_role@{host}/postgres"),
    ];
    for url in cases {
        let app = crate::helpers::spawn_app_with(|s| s.database.url = url.clone()).await;
        let create = app
            .post_as(
                &app.keys.clinic_office,
                "/v1/quotes",
                &serde_json::json!({"therapy": "knee_msc_injection"}),
            )
            .send()
            .await
            .unwrap();
        let read = app
            .get_as(
                &app.keys.clinic_office,
                "/v1/quotes/q_aaaaaaaaaaaaaaaaaaaaaaaaaa",
            )
            .await;
        for res in [create, read] {
            assert_eq!(res.headers()["retry-after"], "2", "{url}");
            let body = crate::helpers::assert_problem(res, 503, "service_unavailable").await;
            let text = body.to_string();
            for leak in ["regenquote_no_such", "postgres", "role", "3D000", "28000"] {
                assert!(!text.contains(leak), "{leak} in {text}");
            }
        }
        let ready = app.get("/health/ready").await;
        crate::helpers::assert_problem(ready, 503, "service_unavailable").await;
    }
}
