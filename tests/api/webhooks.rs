//! `/v1/webhook-endpoints`: registering, reading, changing, deleting and rotating, with every
//! authorization case and bad input. Delivery is in `webhook_delivery`.

use regenquote::webhooks::signature::WebhookSecret;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app_with};

/// Test settings for webhooks: loopback receivers allowed, a quick worker.
pub fn webhook_settings(s: &mut regenquote::app::configuration::Settings) {
    s.webhooks.allowed_insecure_hosts = vec!["127.0.0.1".into()];
    s.webhooks.poll_interval_ms = 50;
    s.webhooks.timeout_ms = 1000;
    s.webhooks.max_endpoints_per_account = 1000;
}

/// The apps to run on: SQLite, and PostgreSQL when configured.
pub async fn webhook_apps() -> Vec<TestApp> {
    webhook_apps_with(|_| {}).await
}

/// As [`webhook_apps`], with `customise` applied after the webhook test settings.
pub async fn webhook_apps_with(
    customise: impl Fn(&mut regenquote::app::configuration::Settings),
) -> Vec<TestApp> {
    let mut apps = vec![
        spawn_app_with(|s| {
            webhook_settings(s);
            customise(s);
        })
        .await,
    ];
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => {
            let app = spawn_app_with(|s| {
                webhook_settings(s);
                customise(s);
                s.database.url = url;
            })
            .await;
            // The shared database keeps earlier runs' endpoints, whose receivers are gone.
            let stale = (chrono::Utc::now() - chrono::TimeDelta::minutes(10)).timestamp_millis();
            let old = format!("(SELECT id FROM webhook_endpoints WHERE created_at < {stale})");
            app.execute(&format!(
                "DELETE FROM webhook_attempts WHERE endpoint_id IN {old}; \
                 DELETE FROM webhook_deliveries WHERE endpoint_id IN {old}; \
                 DELETE FROM webhook_endpoints WHERE created_at < {stale};"
            ))
            .await;
            apps.push(app);
        }
        _ => crate::helpers::skip("PostgreSQL run (TEST_DATABASE_URL is not set)"),
    }
    apps
}

/// Sends `method path` with `key` (none when empty) and `body`.
pub async fn call(
    app: &TestApp,
    method: Method,
    key: &str,
    path: &str,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut req = app.client.request(method, app.url(path));
    if !key.is_empty() {
        req = req.bearer_auth(key);
    }
    if key.starts_with("rq_pk_") {
        req = req.header("origin", crate::helpers::CLINIC_ORIGIN);
    }
    if let Some(body) = body {
        req = req.json(body);
    }
    req.send().await.expect("request sent")
}

/// Registers `url` for `events` with `key`; the 201's body.
pub async fn register(app: &TestApp, key: &str, url: &str, events: &[&str]) -> Value {
    let res = call(
        app,
        Method::POST,
        key,
        "/v1/webhook-endpoints",
        Some(&json!({"url": url, "events": events})),
    )
    .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

const HOOK: &str = "http://127.0.0.1:9/hooks";

#[tokio::test]
async fn an_endpoint_is_registered_with_its_secret_once_then_read_changed_and_deleted() {
    for app in webhook_apps().await {
        let key = &app.keys.clinic_office;
        let res = call(
            &app,
            Method::POST,
            key,
            "/v1/webhook-endpoints",
            Some(&json!({"url": HOOK, "events": ["quote.created", "quote.expired"]})),
        )
        .await;
        assert_eq!(res.status(), 201);
        let location = res.headers()["location"].to_str().unwrap().to_owned();
        assert_eq!(res.headers()["cache-control"], "no-store");
        let created: Value = res.json().await.unwrap();
        let id = created["id"].as_str().unwrap();
        assert!(id.starts_with("we_"), "{created}");
        assert_eq!(location, format!("/v1/webhook-endpoints/{id}"));
        let secret = created["secret"].as_str().unwrap();
        WebhookSecret::parse(secret).expect("a whsec_ secret");
        assert_eq!(created["events"], json!(["quote.created", "quote.expired"]));
        assert_eq!(created["enabled"], true);
        assert_eq!(created["receives"], "account");

        let read: Value = app.get_as(key, &location).await.json().await.unwrap();
        assert!(read.get("secret").is_none(), "{read}");
        assert_eq!(read["url"], HOOK);

        let list: Value = app
            .get_as(key, "/v1/webhook-endpoints?limit=100")
            .await
            .json()
            .await
            .unwrap();
        let listed = list["data"].as_array().unwrap();
        assert!(listed.iter().any(|e| e["id"] == id), "{list}");
        assert!(listed.iter().all(|e| e.get("secret").is_none()));

        let patch = json!({"enabled": false, "events": ["quote.superseded"]});
        let res = call(&app, Method::PATCH, key, &location, Some(&patch)).await;
        assert_eq!(res.status(), 200);
        let changed: Value = res.json().await.unwrap();
        assert_eq!(changed["enabled"], false);
        assert_eq!(changed["events"], json!(["quote.superseded"]));
        assert_eq!(changed["url"], HOOK, "a field left out stays");

        let res = call(&app, Method::DELETE, key, &location, None).await;
        assert_eq!(res.status(), 204);
        assert_eq!(app.get_as(key, &location).await.status(), 404);
        let res = call(&app, Method::DELETE, key, &location, None).await;
        assert_eq!(res.status(), 404);
    }
}

#[tokio::test]
async fn the_list_is_paged_with_a_bounded_limit_and_a_cursor() {
    let app = spawn_app_with(webhook_settings).await;
    let key = &app.keys.clinic_office;
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(register(&app, key, HOOK, &["quote.created"]).await["id"].clone());
    }
    let page: Value = app
        .get_as(key, "/v1/webhook-endpoints?limit=2")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    assert_eq!(page["has_more"], true);
    let last = page["data"][1]["id"].as_str().unwrap();
    let next: Value = app
        .get_as(
            key,
            &format!("/v1/webhook-endpoints?limit=2&starting_after={last}"),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(next["data"].as_array().unwrap().len(), 1);
    assert_eq!(next["has_more"], false);
    let seen: Vec<Value> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .chain(next["data"].as_array().unwrap())
        .map(|e| e["id"].clone())
        .collect();
    assert_eq!(seen, ids, "oldest first, each once");
    for bad in ["limit=0", "limit=101", "limit=many"] {
        let res = app
            .get_as(key, &format!("/v1/webhook-endpoints?{bad}"))
            .await;
        assert_eq!(res.status(), 422, "{bad}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["errors"][0]["field"], "limit", "{body}");
    }
}

#[tokio::test]
async fn rotating_a_secret_answers_a_new_one_and_keeps_the_old_signing_for_a_day() {
    let app = spawn_app_with(webhook_settings).await;
    let key = &app.keys.clinic_office;
    let created = register(&app, key, HOOK, &["quote.created"]).await;
    let path = format!(
        "/v1/webhook-endpoints/{}/rotate-secret",
        created["id"].as_str().unwrap()
    );
    let res = call(&app, Method::POST, key, &path, None).await;
    assert_eq!(res.status(), 200);
    let rotated: Value = res.json().await.unwrap();
    assert_ne!(rotated["secret"], created["secret"]);
    WebhookSecret::parse(rotated["secret"].as_str().unwrap()).unwrap();
    let until: chrono::DateTime<chrono::Utc> = rotated["previous_secret_expires_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let hours = (until - chrono::Utc::now()).num_minutes() as f64 / 60.0;
    assert!((23.9..=24.0).contains(&hours), "{hours}");
}

/// Every operation, as (method, path, body), on endpoint `id`.
fn operations(id: &str) -> Vec<(Method, String, Option<Value>)> {
    let one = format!("/v1/webhook-endpoints/{id}");
    vec![
        (
            Method::POST,
            "/v1/webhook-endpoints".into(),
            Some(json!({"url": HOOK, "events": ["quote.created"]})),
        ),
        (Method::GET, "/v1/webhook-endpoints".into(), None),
        (Method::GET, one.clone(), None),
        (Method::PATCH, one.clone(), Some(json!({"enabled": true}))),
        (Method::POST, format!("{one}/rotate-secret"), None),
        (Method::GET, format!("{one}/deliveries"), None),
        (
            Method::POST,
            format!("{one}/deliveries/msg_2b7xq4kd9mzw3hbn5rpt6vyc2f/resend"),
            None,
        ),
        (Method::DELETE, one, None),
    ]
}

#[tokio::test]
async fn every_operation_needs_a_secret_key_of_the_endpoints_account() {
    let app = spawn_app_with(webhook_settings).await;
    let created = register(&app, &app.keys.clinic_office, HOOK, &["quote.created"]).await;
    let id = created["id"].as_str().unwrap();
    let bad_key =
        "rq_sk_clinic-office_0000000000000000000000000000000000000000000000000000000000000000";
    for (method, path, body) in operations(id) {
        let what = format!("{method} {path}");
        for (key, status, code) in [
            ("", 401, "unauthorized"),
            (bad_key, 401, "unauthorized"),
            (app.keys.clinic_web.as_str(), 403, "forbidden"),
        ] {
            let res = call(&app, method.clone(), key, &path, body.as_ref()).await;
            assert_eq!(res.status(), status, "{what} with {key:.12}");
            assert_eq!(
                res.headers()["content-type"],
                "application/problem+json",
                "{what}"
            );
            let problem: Value = res.json().await.unwrap();
            assert_eq!(problem["code"], code, "{what}");
        }
        // Another account's endpoint is as unknown as one that does not exist.
        if path.contains(id) {
            let res = call(
                &app,
                method.clone(),
                &app.keys.other_office,
                &path,
                body.as_ref(),
            )
            .await;
            assert_eq!(res.status(), 404, "{what} by another account");
            let problem: Value = res.json().await.unwrap();
            assert_eq!(problem["code"], "not_found");
        }
    }
    // The other account's list does not show it, and the endpoint is still there, unchanged.
    let theirs: Value = app
        .get_as(&app.keys.other_office, "/v1/webhook-endpoints")
        .await
        .json()
        .await
        .unwrap();
    assert!(!theirs.to_string().contains(id));
    let ours = app
        .get_as(
            &app.keys.clinic_office,
            &format!("/v1/webhook-endpoints/{id}"),
        )
        .await;
    assert_eq!(ours.status(), 200);
}

#[tokio::test]
async fn bad_urls_and_event_lists_are_422_naming_the_field() {
    let app = spawn_app_with(webhook_settings).await;
    let key = &app.keys.clinic_office;
    let long = format!("https://lender.example/{}", "a".repeat(3000));
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"url": "not a url", "events": ["quote.created"]}),
            "/url",
        ),
        (
            json!({"url": "ftp://lender.example/h", "events": ["quote.created"]}),
            "/url",
        ),
        // Plain http only for listed hosts.
        (
            json!({"url": "http://lender.example/h", "events": ["quote.created"]}),
            "/url",
        ),
        (
            json!({"url": "https://user:pw@lender.example/h", "events": ["quote.created"]}),
            "/url",
        ),
        (
            json!({"url": "https://lender.example/h#x", "events": ["quote.created"]}),
            "/url",
        ),
        // The service's own network, unless listed.
        (
            json!({"url": "https://10.0.0.8/h", "events": ["quote.created"]}),
            "/url",
        ),
        (
            json!({"url": "https://169.254.169.254/latest", "events": ["quote.created"]}),
            "/url",
        ),
        (
            json!({"url": "https://[::1]/h", "events": ["quote.created"]}),
            "/url",
        ),
        (
            json!({"url": "https://localhost/h", "events": ["quote.created"]}),
            "/url",
        ),
        (json!({"url": long, "events": ["quote.created"]}), "/url"),
        (json!({"url": HOOK, "events": []}), "/events"),
        (
            json!({"url": HOOK, "events": ["quote.created", "quote.paid"]}),
            "/events/1",
        ),
        (
            json!({"url": HOOK, "events": vec!["quote.created"; 9]}),
            "/events",
        ),
    ];
    for (body, pointer) in cases {
        let res = call(
            &app,
            Method::POST,
            key,
            "/v1/webhook-endpoints",
            Some(&body),
        )
        .await;
        assert_eq!(res.status(), 422, "{body:.200}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["code"], "validation_failed", "{problem}");
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{problem}");
        assert!(
            problem.to_string().len() < 2000,
            "no unbounded echo: {problem:.300}"
        );
    }
    for body in [
        json!({"url": HOOK}),
        json!({"events": ["quote.created"]}),
        json!({"url": HOOK, "events": ["quote.created"], "secret": "whsec_mine"}),
        json!({"url": 7, "events": ["quote.created"]}),
    ] {
        let res = call(
            &app,
            Method::POST,
            key,
            "/v1/webhook-endpoints",
            Some(&body),
        )
        .await;
        assert!(res.status().is_client_error(), "{body}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
    }
    // A change is judged by the same rules.
    let created = register(&app, key, HOOK, &["quote.created"]).await;
    let path = format!("/v1/webhook-endpoints/{}", created["id"].as_str().unwrap());
    for (body, pointer) in [
        (json!({"url": "https://10.1.2.3/h"}), "/url"),
        (json!({"events": ["quote.created", "nope"]}), "/events/1"),
        (json!({"events": []}), "/events"),
    ] {
        let res = call(&app, Method::PATCH, key, &path, Some(&body)).await;
        assert_eq!(res.status(), 422, "{body}");
        let problem: Value = res.json().await.unwrap();
        assert_eq!(problem["errors"][0]["pointer"], pointer, "{problem}");
    }
}

#[tokio::test]
async fn an_account_registers_at_most_the_configured_number_of_endpoints() {
    let app = spawn_app_with(|s| {
        webhook_settings(s);
        s.webhooks.max_endpoints_per_account = 2;
    })
    .await;
    let key = &app.keys.clinic_office;
    register(&app, key, HOOK, &["quote.created"]).await;
    register(&app, key, HOOK, &["quote.created"]).await;
    let body = json!({"url": HOOK, "events": ["quote.created"]});
    let res = call(
        &app,
        Method::POST,
        key,
        "/v1/webhook-endpoints",
        Some(&body),
    )
    .await;
    assert_eq!(res.status(), 409);
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["code"], "limit_reached");
    // Another account has its own allowance.
    register(&app, &app.keys.other_office, HOOK, &["quote.created"]).await;
}

#[tokio::test]
async fn a_partners_endpoint_receives_every_accounts_events() {
    let app = spawn_app_with(webhook_settings).await;
    let created = register(&app, &app.keys.lender, HOOK, &["quote.created"]).await;
    assert_eq!(created["receives"], "every_account");
}

#[tokio::test]
async fn webhook_routes_send_no_cors_headers_even_to_an_allowed_origin() {
    let app = spawn_app_with(webhook_settings).await;
    let no_cors = |res: &reqwest::Response| {
        assert!(
            res.headers()
                .keys()
                .all(|h| !h.as_str().starts_with("access-control-")),
            "{:?}",
            res.headers()
        );
    };
    let res = app
        .client
        .get(app.url("/v1/webhook-endpoints"))
        .bearer_auth(&app.keys.clinic_office)
        .header("origin", crate::helpers::CLINIC_ORIGIN)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    no_cors(&res);
    let res = app
        .client
        .request(Method::OPTIONS, app.url("/v1/webhook-endpoints"))
        .header("origin", crate::helpers::CLINIC_ORIGIN)
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    no_cors(&res);
}
