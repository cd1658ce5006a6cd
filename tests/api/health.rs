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
