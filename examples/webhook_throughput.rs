//! Measures webhook delivery: deliveries per second and the latency from a quote's commit to
//! its webhook's first attempt, against a receiver on loopback that answers 204 at once.
//!
//! ```sh
//! cargo run --release --example webhook_throughput -- [quotes] [concurrency] [database-url]
//! ```
//!
//! The service runs in this process on an SQLite file in a scratch directory (or the PostgreSQL
//! URL given), with one endpoint registered for `quote.created`. `quotes` quotes (default 2000)
//! are created by `concurrency` clients at once (default 32). The latency of a quote is from the
//! moment its 201 arrived (the commit happened just before) to the moment the receiver got the
//! webhook: a lower bound of commit → first attempt by the time the 201 takes to come back.
//! Throughput is deliveries over the time from the first request to the last webhook.
//! Synthetic quotes only.

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{App, HttpResponse, HttpServer, web};
use regenquote::app::configuration::{self, Environment};
use regenquote::app::startup::Application;
use regenquote::auth::{ApiKeySettings, KeyKind, mint};
use serde_json::{Value, json};

type Arrivals = Arc<Mutex<HashMap<String, Instant>>>;

async fn receive(
    body: web::Bytes,
    arrivals: web::Data<Mutex<HashMap<String, Instant>>>,
) -> HttpResponse {
    let at = Instant::now();
    if let Ok(v) = serde_json::from_slice::<Value>(&body)
        && let Some(id) = v["data"]["quote_id"].as_str()
    {
        arrivals.lock().unwrap().entry(id.to_owned()).or_insert(at);
    }
    HttpResponse::NoContent().finish()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let quotes: usize = args.get(1).map_or(Ok(2000), |a| a.parse())?;
    let concurrency: usize = args.get(2).map_or(Ok(32), |a| a.parse())?;
    let scratch = std::env::temp_dir().join(format!("webhook-throughput-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let database = args
        .get(3)
        .cloned()
        .unwrap_or_else(|| format!("sqlite://{}", scratch.join("bench.sqlite").display()));

    // The receiver.
    let arrivals: Arrivals = Arc::default();
    let data = web::Data::from(arrivals.clone());
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let receiver_port = listener.local_addr()?.port();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .default_service(web::to(receive))
    })
    .workers(2)
    .disable_signals()
    .listen(listener)?
    .run();
    tokio::spawn(server);

    // The service.
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config");
    let mut settings = configuration::load(&dir, Environment::Local, false)?;
    let (token, hash) = mint(KeyKind::Secret, &"bench".parse()?);
    settings.auth.keys = vec![ApiKeySettings {
        id: "bench".into(),
        label: "throughput measurement".into(),
        kind: KeyKind::Secret,
        allowed_origins: vec![],
        secret_sha256: Some(hash),
        secret_env: None,
        account: Some("bench".into()),
        reads_any_quote: false,
    }];
    settings.server.port = 0;
    settings.metrics.enabled = false;
    settings.database.url = database;
    settings.rate_limit.enabled = false;
    settings.webhooks.allowed_insecure_hosts = vec!["127.0.0.1".into()];
    let app = Application::build(settings).await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let res = client
        .post(format!("{base}/v1/webhook-endpoints"))
        .bearer_auth(&token)
        .json(
            &json!({"url": format!("http://127.0.0.1:{receiver_port}/hooks"),
                      "events": ["quote.created"]}),
        )
        .send()
        .await?;
    anyhow::ensure!(res.status() == 201, "registration: {}", res.text().await?);

    let body = json!({"therapy": "knee_msc_injection", "joints": 1, "sessions": 1,
                      "zip": "76102"});
    let gate = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(quotes);
    for _ in 0..quotes {
        let (client, gate, token, body, url) = (
            client.clone(),
            gate.clone(),
            token.clone(),
            body.clone(),
            format!("{base}/v1/quotes"),
        );
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire().await.ok()?;
            let res = client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .ok()?;
            let acked = Instant::now();
            let v: Value = res.json().await.ok()?;
            Some((v["id"].as_str()?.to_owned(), acked))
        }));
    }
    let mut acked = Vec::with_capacity(quotes);
    for t in tasks {
        if let Some(a) = t.await? {
            acked.push(a);
        }
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    while arrivals.lock().unwrap().len() < acked.len() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let arrivals = arrivals.lock().unwrap().clone();
    let last = arrivals.values().max().copied().unwrap_or(started);
    let mut latencies: Vec<Duration> = acked
        .iter()
        .filter_map(|(id, at)| {
            arrivals
                .get(id)
                .map(|got| got.saturating_duration_since(*at))
        })
        .collect();
    latencies.sort();
    anyhow::ensure!(!latencies.is_empty(), "no webhook arrived");
    let span = last.duration_since(started).as_secs_f64();
    println!(
        "quotes stored: {}, webhooks received: {} in {span:.2} s: {:.0} deliveries/s",
        acked.len(),
        arrivals.len(),
        arrivals.len() as f64 / span
    );
    println!(
        "201 → first attempt: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&latencies, 0.50).as_secs_f64() * 1e3,
        percentile(&latencies, 0.99).as_secs_f64() * 1e3,
        latencies[latencies.len() - 1].as_secs_f64() * 1e3
    );
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}
