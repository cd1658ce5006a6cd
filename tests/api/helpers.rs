//! Spawning the app for a test and calling it.

use std::path::PathBuf;
use std::sync::Once;

use regenquote::configuration::{self, Environment, Settings};
use regenquote::startup::Application;

/// A running app on a random port with its own SQLite file.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    _db_dir: ScratchDir,
}

static TRACING: Once = Once::new();

/// The shipped local settings, on port 0, with a scratch SQLite database.
pub fn test_settings(db_dir: &ScratchDir) -> Settings {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config");
    let mut settings =
        configuration::load(&dir, Environment::Local, false).expect("shipped config loads");
    settings.server.port = 0;
    settings.server.workers = 1;
    settings.database.url = format!("sqlite://{}", db_dir.0.join("test.sqlite").display());
    // Raised so that tests never trip the limiter unless they mean to.
    settings.rate_limit.per_second = 100_000;
    settings.rate_limit.burst = 100_000;
    settings
}

/// Starts the app with the test settings (changed by `customise`).
pub async fn spawn_app_with(customise: impl FnOnce(&mut Settings)) -> TestApp {
    TRACING.call_once(|| {
        if std::env::var("TEST_LOG").is_ok() {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config");
            let s = configuration::load(&dir, Environment::Local, false).unwrap();
            regenquote::telemetry::init(&s.telemetry);
        }
    });
    let db_dir = ScratchDir::new();
    let mut settings = test_settings(&db_dir);
    customise(&mut settings);
    let app = Application::build(settings).await.expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        client,
        _db_dir: db_dir,
    }
}

/// Starts the app with the test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }
}

/// Asserts a problem+json response with `status` and `code`, returning its body.
pub async fn assert_problem(res: reqwest::Response, status: u16, code: &str) -> serde_json::Value {
    assert_eq!(res.status().as_u16(), status, "status for {}", res.url());
    let content_type = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(content_type.as_deref(), Some("application/problem+json"));
    let request_id = res
        .headers()
        .get("x-request-id")
        .expect("x-request-id header")
        .to_str()
        .unwrap()
        .to_owned();
    let body: serde_json::Value = res.json().await.expect("problem body is JSON");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status, "{body}");
    assert_eq!(body["request_id"], request_id.as_str(), "{body}");
    for key in ["type", "title", "detail"] {
        assert!(
            body[key].as_str().is_some_and(|s| !s.is_empty()),
            "{key} in {body}"
        );
    }
    body
}

/// A temporary directory removed on drop.
pub struct ScratchDir(pub PathBuf);

impl ScratchDir {
    pub fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("regenquote-test-{:016x}", rand_u64()));
        std::fs::create_dir_all(&dir).unwrap();
        ScratchDir(dir)
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}
