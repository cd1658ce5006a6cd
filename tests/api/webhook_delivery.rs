//! Webhooks delivered: signed as Standard Webhooks says, retried on the schedule (a test clock
//! moves time), 410 disabling the endpoint, a hanging receiver blocking no one, resent by
//! hand.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use regenquote::webhooks::clock::ManualClock;
use regenquote::webhooks::schedule::RETRY_DELAYS_SECS;
use regenquote::webhooks::signature::{WebhookSecret, verify_header};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app_with, spawn_app_with_clock};
use crate::webhook_receiver::{Received, Receiver, Reply};
use crate::webhooks::{call, register, webhook_apps, webhook_apps_with, webhook_settings};

/// A synthetic quote request (the shipped test price book and directory).
pub fn quote_body() -> Value {
    json!({"therapy": "knee_msc_injection", "joints": 1, "sessions": 1, "zip": "76102",
           "center_id": "regenerative-orthopedics-fort-worth"})
}

/// Creates a quote with `key` (optionally replacing `replaces`); its id.
pub async fn create_quote(app: &TestApp, key: &str, replaces: Option<&str>) -> String {
    let mut body = quote_body();
    if let Some(old) = replaces {
        body["replaces"] = json!(old);
    }
    let res = app.post_as(key, "/v1/quotes", &body).send().await.unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let quote: Value = res.json().await.unwrap();
    quote["id"].as_str().unwrap().to_owned()
}

/// Whether `r` verifies with `secret` as the reference libraries check it.
fn verifies(r: &Received, secret: &str) -> bool {
    let secret = WebhookSecret::parse(secret).unwrap();
    let ts: i64 = r.timestamp.parse().unwrap();
    verify_header(&r.signature, &secret, &r.id, ts, &r.body)
}

/// The endpoint's deliveries about `quote_id`.
async fn deliveries(app: &TestApp, endpoint: &str, quote_id: &str) -> Vec<Value> {
    let path = format!("/v1/webhook-endpoints/{endpoint}/deliveries?limit=100");
    let res = app.get_as(&app.keys.clinic_office, &path).await;
    assert_eq!(res.status(), 200);
    let page: Value = res.json().await.unwrap();
    page["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["quote_id"] == quote_id)
        .cloned()
        .collect()
}

/// Waits (up to 10 s) until the delivery of `quote_id`'s `event` satisfies `done`.
async fn wait_delivery(
    app: &TestApp,
    endpoint: &str,
    quote_id: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let found = deliveries(app, endpoint, quote_id).await;
        if let Some(d) = found.iter().find(|d| done(d)) {
            return d.clone();
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no such delivery: {found:?}"
        );
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

fn time(v: &Value) -> DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_created_quote_is_delivered_signed_with_a_thin_payload() {
    for app in webhook_apps().await {
        let receiver = Receiver::start();
        let key = &app.keys.clinic_office;
        let endpoint = register(&app, key, &receiver.url, &["quote.created"]).await;
        let secret = endpoint["secret"].as_str().unwrap();
        let quote = create_quote(&app, key, None).await;
        let got = receiver.wait_for(&quote, |r| !r.is_empty()).await;
        assert_eq!(got.len(), 1, "{}", app.database);
        let r = &got[0];
        assert!(r.id.starts_with("msg_"), "{r:?}");
        let ts: i64 = r.timestamp.parse().unwrap();
        assert!((Utc::now().timestamp() - ts).abs() < 60);
        assert!(r.signature.starts_with("v1,"), "{r:?}");
        assert!(verifies(r, secret), "the signature verifies");
        let mut tampered = r.clone();
        tampered.body = String::from_utf8(r.body.clone())
            .unwrap()
            .replace("active", "expired")
            .into_bytes();
        assert!(!verifies(&tampered, secret), "a tampered body is refused");
        let body = r.json();
        assert_eq!(body["type"], "quote.created");
        assert_eq!(body["data"]["quote_id"], quote.as_str());
        assert_eq!(body["data"]["account"], "clinic");
        assert_eq!(body["data"]["status"], "active");
        assert!(body["timestamp"].is_string() && body["data"]["expires_at"].is_string());
        // Thin: nothing the patient or clinic sent, no prices.
        let text = String::from_utf8(r.body.clone()).unwrap();
        for absent in ["76102", "zip", "cents", "knee"] {
            assert!(!text.contains(absent), "{absent} in {text}");
        }
        let id = endpoint["id"].as_str().unwrap();
        let d = wait_delivery(&app, id, &quote, |d| d["status"] == "delivered").await;
        assert_eq!(d["webhook_id"], r.id.as_str());
        assert_eq!(d["attempts"][0]["status_code"], 204);
    }
}

#[tokio::test]
async fn replacing_a_quote_sends_superseded_for_the_old_one_to_subscribers_only() {
    let app = spawn_app_with(webhook_settings).await;
    let key = &app.keys.clinic_office;
    let receiver = Receiver::start();
    let other = Receiver::start();
    register(&app, key, &receiver.url, &["quote.superseded"]).await;
    register(
        &app,
        &app.keys.other_office,
        &other.url,
        &["quote.created", "quote.superseded"],
    )
    .await;
    let old = create_quote(&app, key, None).await;
    let new = create_quote(&app, key, Some(&old)).await;
    let got = receiver.wait_for(&old, |r| !r.is_empty()).await;
    assert_eq!(got.len(), 1);
    let body = got[0].json();
    assert_eq!(body["type"], "quote.superseded");
    assert_eq!(body["data"]["status"], "superseded");
    assert_eq!(body["data"]["superseded_by"], new.as_str());
    // Not subscribed to quote.created; the other account hears nothing of these quotes.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(receiver.about(&new).is_empty());
    assert!(other.about(&old).is_empty() && other.about(&new).is_empty());
}

#[tokio::test]
async fn after_a_rotation_each_webhook_carries_both_signatures() {
    let app = spawn_app_with(webhook_settings).await;
    let key = &app.keys.clinic_office;
    let receiver = Receiver::start();
    let endpoint = register(&app, key, &receiver.url, &["quote.created"]).await;
    let path = format!(
        "/v1/webhook-endpoints/{}/rotate-secret",
        endpoint["id"].as_str().unwrap()
    );
    let rotated: Value = call(&app, Method::POST, key, &path, None)
        .await
        .json()
        .await
        .unwrap();
    let quote = create_quote(&app, key, None).await;
    let got = receiver.wait_for(&quote, |r| !r.is_empty()).await;
    let r = &got[0];
    assert_eq!(r.signature.split(' ').count(), 2, "{}", r.signature);
    assert!(
        verifies(r, endpoint["secret"].as_str().unwrap()),
        "old secret"
    );
    assert!(
        verifies(r, rotated["secret"].as_str().unwrap()),
        "new secret"
    );
}

/// A test clock a minute ahead of the system's, so that a quote stored now (stamped by the
/// system clock) is due at once for the worker.
fn test_clock() -> ManualClock {
    ManualClock::at(Utc::now() + TimeDelta::seconds(60))
}

/// An app whose worker reads `clock`, with a receiver registered for `quote.created`; the
/// endpoint's id.
async fn clocked(clock: &ManualClock, receiver: &Receiver) -> (TestApp, String) {
    let app = spawn_app_with_clock(Arc::new(clock.clone()), webhook_settings).await;
    let endpoint = register(
        &app,
        &app.keys.clinic_office,
        &receiver.url,
        &["quote.created"],
    )
    .await;
    (app, endpoint["id"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn a_failed_attempt_is_retried_with_the_same_webhook_id_then_delivered() {
    let clock = test_clock();
    let receiver = Receiver::start();
    receiver.script([Reply::status(500)]);
    let (app, endpoint) = clocked(&clock, &receiver).await;
    let quote = create_quote(&app, &app.keys.clinic_office, None).await;
    let d = wait_delivery(&app, &endpoint, &quote, |d| {
        d["attempts"].as_array().unwrap().len() == 1
    })
    .await;
    assert_eq!(d["status"], "pending");
    assert_eq!(d["attempts"][0]["status_code"], 500);
    let wait = time(&d["next_attempt_at"]) - time(&d["attempts"][0]["at"]);
    assert!(
        (4500..=5500).contains(&wait.num_milliseconds()),
        "5 s ± 10%: {wait} {d}"
    );
    clock.advance(TimeDelta::seconds(6));
    let d = wait_delivery(&app, &endpoint, &quote, |d| d["status"] == "delivered").await;
    assert_eq!(d["attempts"].as_array().unwrap().len(), 2);
    let got = receiver.about(&quote);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].id, got[1].id, "webhook-id is stable across retries");
    assert_ne!(
        got[0].timestamp, got[1].timestamp,
        "each attempt is signed when sent"
    );
}

#[tokio::test]
async fn retry_after_pushes_the_next_attempt_back() {
    let clock = test_clock();
    let receiver = Receiver::start();
    receiver.script([Reply {
        retry_after: Some("120".into()),
        ..Reply::status(503)
    }]);
    let (app, endpoint) = clocked(&clock, &receiver).await;
    let quote = create_quote(&app, &app.keys.clinic_office, None).await;
    let d = wait_delivery(&app, &endpoint, &quote, |d| {
        d["attempts"].as_array().unwrap().len() == 1
    })
    .await;
    let wait = time(&d["next_attempt_at"]) - time(&d["attempts"][0]["at"]);
    assert!(wait >= TimeDelta::seconds(120), "{wait}");
    clock.advance(TimeDelta::seconds(60));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.about(&quote).len(), 1, "not before Retry-After");
    clock.advance(TimeDelta::seconds(61));
    wait_delivery(&app, &endpoint, &quote, |d| d["status"] == "delivered").await;
}

#[tokio::test]
async fn retries_follow_the_schedule_for_about_three_days_then_give_up() {
    let clock = test_clock();
    let receiver = Receiver::start();
    receiver.otherwise(Reply::status(500));
    let (app, endpoint) = clocked(&clock, &receiver).await;
    let quote = create_quote(&app, &app.keys.clinic_office, None).await;
    for n in 1..=RETRY_DELAYS_SECS.len() {
        let d = wait_delivery(&app, &endpoint, &quote, |d| {
            d["attempts"].as_array().unwrap().len() == n
        })
        .await;
        let at = time(&d["attempts"][n - 1]["at"]);
        let next = time(&d["next_attempt_at"]);
        let delay = RETRY_DELAYS_SECS[n - 1] * 1000;
        let wait = (next - at).num_milliseconds();
        assert!(
            (delay * 9 / 10..=delay * 11 / 10).contains(&wait),
            "retry {n}: {wait} ms, expected {delay} ms ± 10%"
        );
        clock.set(next);
    }
    let d = wait_delivery(&app, &endpoint, &quote, |d| d["status"] == "failed").await;
    let attempts = d["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), RETRY_DELAYS_SECS.len() + 1);
    let span = time(&attempts[attempts.len() - 1]["at"]) - time(&attempts[0]["at"]);
    let hours = span.num_minutes() as f64 / 60.0;
    assert!(
        (68.0..=84.0).contains(&hours),
        "about three days: {hours} h"
    );
    assert_eq!(receiver.about(&quote).len(), attempts.len());
}

#[tokio::test]
async fn a_410_disables_the_endpoint_and_a_delivery_can_be_resent_by_hand() {
    let app = spawn_app_with(webhook_settings).await;
    let key = &app.keys.clinic_office;
    let receiver = Receiver::start();
    receiver.script([Reply::status(410)]);
    let endpoint = register(&app, key, &receiver.url, &["quote.created"]).await;
    let id = endpoint["id"].as_str().unwrap();
    let quote = create_quote(&app, key, None).await;
    let d = wait_delivery(&app, id, &quote, |d| d["status"] == "failed").await;
    assert_eq!(d["attempts"][0]["status_code"], 410);
    let read: Value = app
        .get_as(key, &format!("/v1/webhook-endpoints/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["enabled"], false);
    assert!(read["disabled_reason"].as_str().unwrap().contains("410"));
    // Re-enabled, and the failed delivery resent by hand: same webhook-id, delivered.
    let path = format!("/v1/webhook-endpoints/{id}");
    let res = call(
        &app,
        Method::PATCH,
        key,
        &path,
        Some(&json!({"enabled": true})),
    )
    .await;
    assert_eq!(res.status(), 200);
    let webhook_id = d["webhook_id"].as_str().unwrap();
    let resend = format!("{path}/deliveries/{webhook_id}/resend");
    let res = call(&app, Method::POST, key, &resend, None).await;
    assert_eq!(res.status(), 202);
    let d = wait_delivery(&app, id, &quote, |d| d["status"] == "delivered").await;
    assert_eq!(d["attempts"].as_array().unwrap().len(), 2);
    let got = receiver.about(&quote);
    assert_eq!(got.len(), 2);
    assert!(got.iter().all(|r| r.id == webhook_id));
    let unknown = format!("{path}/deliveries/msg_2b7xq4kd9mzw3hbn5rpt6vyc2f/resend");
    let res = call(&app, Method::POST, key, &unknown, None).await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn a_hanging_receiver_does_not_hold_up_another_endpoint_and_times_out() {
    let app = spawn_app_with(webhook_settings).await;
    let key = &app.keys.clinic_office;
    let slow = Receiver::start();
    slow.otherwise(Reply {
        delay: Duration::from_secs(30),
        ..Reply::status(200)
    });
    let fast = Receiver::start();
    let slow_endpoint = register(&app, key, &slow.url, &["quote.created"]).await;
    register(&app, key, &fast.url, &["quote.created"]).await;
    let quote = create_quote(&app, key, None).await;
    let got = fast.wait_for(&quote, |r| !r.is_empty()).await;
    assert_eq!(got.len(), 1, "the other endpoint got its webhook");
    // The API answers meanwhile.
    assert_eq!(app.get("/health/live").await.status(), 200);
    let id = slow_endpoint["id"].as_str().unwrap();
    let d = wait_delivery(&app, id, &quote, |d| {
        !d["attempts"].as_array().unwrap().is_empty()
    })
    .await;
    assert_eq!(d["attempts"][0]["error"], "timeout", "{d}");
    assert_eq!(d["status"], "pending");
}

#[tokio::test]
async fn a_receiver_that_resets_or_answers_garbage_is_recorded_and_retried() {
    let app = spawn_app_with(webhook_settings).await;
    let key = &app.keys.clinic_office;
    // A listener that accepts and closes at once, answering nothing.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            if let Ok((mut socket, _)) = listener.accept().await {
                use tokio::io::AsyncWriteExt;
                let _ = socket.write_all(b"garbage\r\n\r\n").await;
                drop(socket);
            }
        }
    });
    let url = format!("http://127.0.0.1:{port}/hooks");
    let endpoint = register(&app, key, &url, &["quote.created"]).await;
    let quote = create_quote(&app, key, None).await;
    let id = endpoint["id"].as_str().unwrap();
    let d = wait_delivery(&app, id, &quote, |d| {
        !d["attempts"].as_array().unwrap().is_empty()
    })
    .await;
    assert!(d["attempts"][0]["status_code"].is_null(), "{d}");
    assert!(d["attempts"][0]["error"].is_string(), "{d}");
    assert_eq!(d["status"], "pending");
}

#[tokio::test]
async fn the_events_and_deliveries_are_committed_with_the_quote() {
    // No worker: what the quote's transaction wrote stays as it was written.
    for app in webhook_apps_with(|s| s.webhooks.worker_enabled = false).await {
        let key = &app.keys.clinic_office;
        let endpoint = register(
            &app,
            key,
            "http://127.0.0.1:9/hooks",
            &["quote.created", "quote.superseded"],
        )
        .await;
        let endpoint = endpoint["id"].as_str().unwrap();
        let old = create_quote(&app, key, None).await;
        let new = create_quote(&app, key, Some(&old)).await;
        let events = app.dump("webhook_events").await;
        for (quote, kind) in [
            (&old, "quote.created"),
            (&new, "quote.created"),
            (&old, "quote.superseded"),
        ] {
            assert!(
                events
                    .lines()
                    .any(|l| l.contains(quote.as_str()) && l.contains(kind)),
                "{kind} of {quote} in {events}"
            );
        }
        let pending = deliveries(&app, endpoint, &old).await;
        assert_eq!(pending.len(), 2, "{pending:?}");
        // On PostgreSQL the database is shared with the other tests' apps, whose workers are
        // replicas that may already have tried these deliveries; on SQLite nothing else runs.
        if app.database == "sqlite" {
            assert!(
                pending
                    .iter()
                    .all(|d| d["status"] == "pending"
                        && d["attempts"].as_array().unwrap().is_empty())
            );
        }
    }
}

#[tokio::test]
async fn a_quote_nearing_expiry_then_expired_sends_each_event_once() {
    let mut databases = vec![None];
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => databases.push(Some(url)),
        _ => crate::helpers::skip("PostgreSQL run (TEST_DATABASE_URL is not set)"),
    }
    for database in databases {
        // A worker whose clock runs days ahead sees every other replica's claim as ended: on
        // PostgreSQL it gets a database of its own, not the one the other tests share.
        let database = match database {
            Some(url) => Some(own_postgres_database(&url).await),
            None => None,
        };
        let app_database = database.clone();
        let clock = test_clock();
        let receiver = Receiver::start();
        let app = spawn_app_with_clock(Arc::new(clock.clone()), |s| {
            webhook_settings(s);
            s.webhooks.expiry_scan_secs = 1;
            s.webhooks.expiring_before_hours = 72;
            if let Some(url) = database {
                s.database.url = url;
            }
        })
        .await;
        let key = &app.keys.clinic_office;
        register(
            &app,
            key,
            &receiver.url,
            &["quote.expiring", "quote.expired"],
        )
        .await;
        let quote = create_quote(&app, key, None).await;
        let read: Value = app
            .get_as(key, &format!("/v1/quotes/{quote}"))
            .await
            .json()
            .await
            .unwrap();
        let expires_at = time(&read["expires_at"]);
        // Deliveries are at least once: an attempt whose answer came too late on a loaded
        // machine is sent again with its webhook-id, so events are counted by webhook-id.
        let events = |r: &[Received]| {
            let mut seen: Vec<&Received> = Vec::new();
            for x in r {
                if !seen.iter().any(|s| s.id == x.id) {
                    seen.push(x);
                }
            }
            seen.iter().map(|x| x.json()).collect::<Vec<Value>>()
        };
        clock.set(expires_at - TimeDelta::hours(71));
        let got = receiver.wait_for(&quote, |r| !r.is_empty()).await;
        let got = events(&got);
        assert_eq!(got.len(), 1, "{}", app.database);
        assert_eq!(got[0]["type"], "quote.expiring");
        assert_eq!(got[0]["data"]["status"], "active");
        clock.set(expires_at + TimeDelta::seconds(1));
        let got = receiver.wait_for(&quote, |r| events(r).len() >= 2).await;
        let got = events(&got);
        assert_eq!(got.len(), 2, "{}", app.database);
        assert_eq!(got[1]["type"], "quote.expired");
        assert_eq!(got[1]["data"]["status"], "expired");
        // Later scans write nothing more.
        tokio::time::sleep(Duration::from_millis(2500)).await;
        assert_eq!(events(&receiver.about(&quote)).len(), 2, "{}", app.database);
        if let (Some(own), Ok(shared)) = (&app_database, std::env::var("TEST_DATABASE_URL")) {
            drop(app);
            drop_postgres_database(&shared, own).await;
        }
    }
}

/// A new, empty database on the server of `url`, for a test whose replicas must not meet the
/// other tests' replicas; answers its URL.
async fn own_postgres_database(url: &str) -> String {
    let pool = sqlx::PgPool::connect(url)
        .await
        .expect("PostgreSQL answers");
    let name = format!(
        "regenquote_test_clock_{}_{}",
        std::process::id(),
        Utc::now().timestamp_micros()
    );
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&pool)
        .await
        .expect("a test database is created");
    pool.close().await;
    let base = url.rsplit_once('/').map_or(url, |(base, _)| base);
    format!("{base}/{name}")
}

/// Drops the database at `own`, made by [`own_postgres_database`] on the server of `shared`.
async fn drop_postgres_database(shared: &str, own: &str) {
    let Some((_, name)) = own.rsplit_once('/') else {
        return;
    };
    let pool = sqlx::PgPool::connect(shared)
        .await
        .expect("PostgreSQL answers");
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&pool)
    .await
    .expect("the test's own database is dropped");
    pool.close().await;
}
