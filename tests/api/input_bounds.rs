//! Input the service refuses before it reads it one way or another: keys written twice, query
//! parameters that are too long, not text or given twice, and errors that would echo too much.

use serde_json::Value;

use crate::helpers::{assert_problem, spawn_app};

/// POSTs `body` as JSON text to `path` with the clinic's back-office key.
async fn post_raw(app: &crate::helpers::TestApp, path: &str, body: &str) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .bearer_auth(&app.keys.clinic_office)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_key_written_twice_in_a_body_is_422_naming_it_on_every_route_that_reads_one() {
    let app = spawn_app().await;
    let cases = [
        (
            "/v1/estimates",
            r#"{"therapy":"knee_msc_injection","therapy":"prp_knee"}"#,
            "/therapy",
        ),
        (
            "/v1/quotes",
            r#"{"therapy":"knee_msc_injection","zip":"76102","zip":"10001"}"#,
            "/zip",
        ),
        (
            "/v1/financing/options",
            r#"{"amounts_cents":[100000],"amounts_cents":[200000]}"#,
            "/amounts_cents",
        ),
        (
            "/v1/quotes/q_aaaaaaaaaaaaaaaaaaaaaaaaaa/good-faith-estimate",
            r#"{"patient":{"name":"J","name":"K","date_of_birth":"1961-04-09"}}"#,
            "/patient/name",
        ),
        (
            "/v1/quotes/q_aaaaaaaaaaaaaaaaaaaaaaaaaa/reconcile",
            r#"{"bills":[{"a":1,"a":2}]}"#,
            "/bills/0/a",
        ),
    ];
    for (path, body, pointer) in cases {
        let res = post_raw(&app, path, body).await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(
            problem["errors"][0]["pointer"], pointer,
            "{path}: {problem}"
        );
        assert!(
            problem["errors"][0]["detail"]
                .as_str()
                .unwrap()
                .contains("more than once"),
            "{problem}"
        );
    }
}

#[tokio::test]
async fn the_same_key_in_two_different_objects_is_not_a_duplicate() {
    let app = spawn_app().await;
    let body = r#"{"therapy":"knee_msc_injection","zip":"76102"}"#;
    let res = post_raw(&app, "/v1/estimates", body).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_query_parameter_given_twice_is_422_naming_it() {
    let app = spawn_app().await;
    let res = app.get("/v1/centers?city=Dallas&city=Austin").await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "city", "{problem}");
    let res = app
        .get("/v1/coverage?therapy=knee_msc_injection&payer=medicare&payer=self_pay")
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "payer", "{problem}");
}

#[tokio::test]
async fn query_parameters_that_are_too_long_not_text_or_hold_control_characters_are_refused() {
    let app = spawn_app().await;
    let long = "a".repeat(8 * 1024);
    let cases = [
        format!("/v1/centers?city={long}"),
        "/v1/centers?city=Fort%00Worth".to_owned(),
        "/v1/centers?city=Fort%FFWorth".to_owned(),
        "/v1/centers?city=%C3".to_owned(),
        format!("/v1/coverage?therapy={long}&payer=medicare"),
        format!("/v1/financing/options?amount_cents={long}"),
    ];
    for path in cases {
        let res = app.get(&path).await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        let field = problem["errors"][0]["field"].as_str().unwrap().to_owned();
        assert!(
            ["city", "therapy", "amount_cents"].contains(&field.as_str()),
            "{path}: {problem}"
        );
        assert!(problem.to_string().len() < 2048, "{problem}");
    }
}

#[tokio::test]
async fn no_error_echoes_more_than_a_bounded_part_of_a_long_input() {
    let app = spawn_app().await;
    let long = "x".repeat(60_000);
    let bodies = [
        format!(r#"{{"therapy":"{long}"}}"#),
        format!(r#"{{"therapy":"knee_msc_injection","add_ons":["{long}"]}}"#),
    ];
    for body in bodies {
        let res = post_raw(&app, "/v1/estimates", &body).await;
        assert_eq!(res.status(), 422);
        let text = res.text().await.unwrap();
        assert!(text.len() < 4096, "{} bytes", text.len());
        let _: Value = serde_json::from_str(&text).unwrap();
    }
    for path in [
        format!("/v1/centers?zip={long}"),
        format!("/v1/centers?therapy={long}"),
        format!("/v1/coverage?therapy=knee_msc_injection&payer=medicare&condition={long}"),
    ] {
        let res = app.get(&path).await;
        assert_eq!(res.status(), 422);
        let text = res.text().await.unwrap();
        assert!(text.len() < 4096, "{} bytes", text.len());
    }
}
