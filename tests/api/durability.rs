//! An acknowledged quote survives the process being killed mid-burst, and replicas sharing one
//! PostgreSQL database see each other's quotes. These run the real binary as child processes.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::ScratchDir;
use crate::process::{ProcessConfig, ServerProcess, sqlite_url};

/// Requests in the burst, how many run at once, and after how many 201s the process is killed.
const BURST: usize = 300;
const CONCURRENCY: usize = 24;
const KILL_AFTER_ACKS: usize = 40;

fn quote_body(n: usize) -> Value {
    // Vary the content so a mix-up between quotes would show.
    json!({"therapy": "knee_msc_injection", "joints": 1 + n % 2, "sessions": 1 + n % 6,
           "zip": "76102", "center_id": "regenerative-orthopedics-fort-worth"})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_quote_survives_a_sigkill_mid_burst() {
    let config = ProcessConfig::new();
    let data = ScratchDir::new();
    let url = sqlite_url(&data.0, "crash.sqlite");
    let server = ServerProcess::start(&config, &url, "warn,regenquote=info");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let acked: Arc<tokio::sync::Mutex<HashMap<String, Value>>> = Arc::default();
    let failed = Arc::new(AtomicUsize::new(0));
    let gate = Arc::new(tokio::sync::Semaphore::new(CONCURRENCY));
    let (kill_tx, mut kill_rx) = tokio::sync::mpsc::channel::<()>(1);
    let mut tasks = Vec::new();
    for n in 0..BURST {
        let (client, acked, failed, gate, kill_tx) = (
            client.clone(),
            acked.clone(),
            failed.clone(),
            gate.clone(),
            kill_tx.clone(),
        );
        let (url, token) = (server.url("/v1/quotes"), config.token.clone());
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire().await.unwrap();
            let sent = client
                .post(url)
                .bearer_auth(token)
                .json(&quote_body(n))
                .send()
                .await;
            let body = match sent {
                Ok(res) if res.status() == 201 => res.json::<Value>().await.ok(),
                _ => None,
            };
            let Some(body) = body else {
                failed.fetch_add(1, Ordering::SeqCst);
                return;
            };
            let mut acked = acked.lock().await;
            acked.insert(body["id"].as_str().unwrap().to_owned(), body);
            if acked.len() == KILL_AFTER_ACKS {
                let _ = kill_tx.try_send(());
            }
        }));
    }
    drop(kill_tx);
    kill_rx
        .recv()
        .await
        .expect("enough quotes were acknowledged before the kill");
    server.kill();
    futures_util::future::join_all(tasks).await;
    let acked = acked.lock().await.clone();
    let failed = failed.load(Ordering::SeqCst);
    assert!(acked.len() >= KILL_AFTER_ACKS);
    assert!(
        failed > 0,
        "the kill came after the burst ended ({} acked)",
        acked.len()
    );
    eprintln!(
        "{} quotes acknowledged, {failed} requests cut off by SIGKILL",
        acked.len()
    );

    let restarted = ServerProcess::start(&config, &url, "warn,regenquote=info");
    for (id, issued) in &acked {
        let res = client
            .get(restarted.url(&format!("/v1/quotes/{id}")))
            .bearer_auth(&config.token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "acknowledged quote {id} is lost");
        let read: Value = res.json().await.unwrap();
        for field in [
            "total",
            "content",
            "created_at",
            "expires_at",
            "therapy",
            "price_book_version",
        ] {
            assert_eq!(read[field], issued[field], "{field} of quote {id} changed");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_on_one_postgres_database_share_quotes() {
    let Some(url) = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        crate::helpers::skip("two replicas on PostgreSQL (TEST_DATABASE_URL is not set)");
        return;
    };
    let config = ProcessConfig::new();
    let first = ServerProcess::start(&config, &url, "warn,regenquote=info");
    let second = ServerProcess::start(&config, &url, "warn,regenquote=info");
    let client = reqwest::Client::new();
    let res = client
        .post(first.url("/v1/quotes"))
        .bearer_auth(&config.token)
        .json(&quote_body(1))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let path = format!("/v1/quotes/{}", created["id"].as_str().unwrap());
    let res = client
        .get(second.url(&path))
        .bearer_auth(&config.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "the other replica cannot read the quote");
    let read: Value = res.json().await.unwrap();
    assert_eq!(read["content"], created["content"]);

    // One Idempotency-Key sent to both replicas at once stores one quote.
    let key = format!("replicas-{}", created["id"].as_str().unwrap());
    let send = |server: &ServerProcess| {
        client
            .post(server.url("/v1/quotes"))
            .bearer_auth(&config.token)
            .header("idempotency-key", &key)
            .json(&quote_body(2))
            .send()
    };
    let (a, b) = tokio::join!(send(&first), send(&second));
    let mut ids = std::collections::HashSet::new();
    for res in [a.unwrap(), b.unwrap()] {
        match res.status().as_u16() {
            201 => {
                ids.insert(res.json::<Value>().await.unwrap()["id"].clone());
            }
            409 => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(ids.len(), 1, "one key, one quote across replicas");
}
