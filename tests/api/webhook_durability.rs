//! Webhooks survive the process: an event committed with its quote is delivered after a
//! SIGKILL and a restart, and replicas sharing one PostgreSQL database deliver each event
//! once. These run the real binary as child processes.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::ScratchDir;
use crate::process::{ProcessConfig, ServerProcess, sqlite_url};
use crate::webhook_delivery::quote_body;
use crate::webhook_receiver::Receiver;

/// The shipped config with loopback receivers allowed and a quick worker, on or off.
fn config(worker: bool) -> ProcessConfig {
    let mut config = ProcessConfig::new();
    for (k, v) in [
        ("APP__WEBHOOKS__ALLOWED_INSECURE_HOSTS", "127.0.0.1"),
        ("APP__WEBHOOKS__POLL_INTERVAL_MS", "50"),
        ("APP__WEBHOOKS__MAX_ENDPOINTS_PER_ACCOUNT", "1000"),
        (
            "APP__WEBHOOKS__WORKER_ENABLED",
            if worker { "true" } else { "false" },
        ),
    ] {
        config.env.push((k.into(), v.into()));
    }
    config
}

async fn post(client: &reqwest::Client, url: String, token: &str, body: &Value) -> Value {
    let res = client
        .post(url)
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    res.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_committed_before_a_sigkill_is_delivered_after_the_restart() {
    let receiver = Receiver::start();
    let data = ScratchDir::new();
    let url = sqlite_url(&data.0, "webhooks.sqlite");
    let off = config(false);
    let server = ServerProcess::start(&off, &url, "warn,regenquote=info");
    let client = reqwest::Client::new();
    let endpoint = json!({"url": receiver.url, "events": ["quote.created"]});
    post(
        &client,
        server.url("/v1/webhook-endpoints"),
        &off.token,
        &endpoint,
    )
    .await;
    let quote = post(&client, server.url("/v1/quotes"), &off.token, &quote_body()).await;
    let quote_id = quote["id"].as_str().unwrap().to_owned();
    // Committed, never sent: the process dies with the delivery waiting in the database.
    server.kill();
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let webhook_id: String =
        sqlx::query_scalar("SELECT id FROM webhook_events WHERE quote_id = ?1 AND type = ?2")
            .bind(&quote_id)
            .bind("quote.created")
            .fetch_one(&pool)
            .await
            .expect("the event was committed with the quote");
    pool.close().await;
    assert!(receiver.about(&quote_id).is_empty());

    let on = ProcessConfig {
        env: config(true).env,
        ..off
    };
    let restarted = ServerProcess::start(&on, &url, "warn,regenquote=info");
    let got = receiver.wait_for(&quote_id, |r| !r.is_empty()).await;
    assert_eq!(got.len(), 1, "{}", restarted.log());
    assert_eq!(
        got[0].id, webhook_id,
        "the webhook-id written with the quote"
    );
    restarted.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_on_one_postgres_database_deliver_each_event_once() {
    let Some(url) = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        crate::helpers::skip("webhooks from two replicas (TEST_DATABASE_URL is not set)");
        return;
    };
    const QUOTES: usize = 30;
    let receiver = Receiver::start();
    let config = config(true);
    let first = ServerProcess::start(&config, &url, "warn,regenquote=info");
    let second = ServerProcess::start(&config, &url, "warn,regenquote=info");
    let client = reqwest::Client::new();
    let endpoint = json!({"url": receiver.url, "events": ["quote.created"]});
    let created = post(
        &client,
        first.url("/v1/webhook-endpoints"),
        &config.token,
        &endpoint,
    )
    .await;
    let mut ids = Vec::new();
    for n in 0..QUOTES {
        let server = if n % 2 == 0 { &first } else { &second };
        let quote = post(
            &client,
            server.url("/v1/quotes"),
            &config.token,
            &quote_body(),
        )
        .await;
        ids.push(quote["id"].as_str().unwrap().to_owned());
    }
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while ids.iter().any(|id| receiver.about(id).is_empty()) {
        assert!(tokio::time::Instant::now() < deadline, "not all delivered");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Time for a duplicate to arrive, if one were sent.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mut per_webhook: HashMap<String, usize> = HashMap::new();
    for id in &ids {
        for r in receiver.about(id) {
            *per_webhook.entry(r.id).or_default() += 1;
        }
    }
    assert_eq!(per_webhook.len(), QUOTES, "one event per quote");
    assert!(
        per_webhook.values().all(|&n| n == 1),
        "each event delivered once: {per_webhook:?}"
    );
    // Leave no endpoint behind in the shared database.
    let path = format!("/v1/webhook-endpoints/{}", created["id"].as_str().unwrap());
    let res = client
        .delete(first.url(&path))
        .bearer_auth(&config.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    first.kill();
    second.kill();
}
