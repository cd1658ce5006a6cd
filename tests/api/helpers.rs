//! Spawning the app for a test and calling it.

use std::path::PathBuf;
use std::sync::Once;

use regenquote::app::configuration::{self, Environment, Settings};
use regenquote::app::startup::Application;
use regenquote::auth::ApiKeySettings;
use regenquote::auth::{KeyKind, mint};

/// A running app on a random port with its own SQLite file (or the test PostgreSQL database).
pub struct TestApp {
    pub address: String,
    /// The metrics listener's address, when it runs.
    pub metrics_address: Option<String>,
    /// The database the app stores quotes in.
    pub database_url: String,
    pub client: reqwest::Client,
    pub keys: TestKeys,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    _db_dir: ScratchDir,
}

/// API keys every test app is configured with.
#[derive(Clone)]
pub struct TestKeys {
    /// Publishable key of the clinic, usable from [`CLINIC_ORIGIN`].
    pub clinic_web: String,
    /// Secret key of the same clinic (its back office).
    pub clinic_office: String,
    /// Secret key of another clinic.
    pub other_office: String,
    /// A financing partner's secret key that reads any quote.
    pub lender: String,
}

/// The origin the clinic's publishable key is tied to.
pub const CLINIC_ORIGIN: &str = "https://www.clinic.example";

static KEYS: std::sync::LazyLock<(TestKeys, Vec<ApiKeySettings>)> =
    std::sync::LazyLock::new(|| {
        let mut settings = Vec::new();
        let mut make = |id: &str, kind: KeyKind, account: &str, reads_any: bool| {
            let (token, hash) = mint(kind, &id.parse().unwrap());
            settings.push(ApiKeySettings {
                id: id.into(),
                label: format!("test {id}"),
                kind,
                allowed_origins: match kind {
                    KeyKind::Publishable => vec![CLINIC_ORIGIN.into()],
                    KeyKind::Secret => vec![],
                },
                secret_sha256: Some(hash),
                secret_env: None,
                account: Some(account.into()),
                reads_any_quote: reads_any,
            });
            token
        };
        let keys = TestKeys {
            clinic_web: make("clinic-web", KeyKind::Publishable, "clinic", false),
            clinic_office: make("clinic-office", KeyKind::Secret, "clinic", false),
            other_office: make("other-office", KeyKind::Secret, "other", false),
            lender: make("lender", KeyKind::Secret, "lender", true),
        };
        (keys, settings)
    });

static TRACING: Once = Once::new();

/// The shipped price book's text.
const PRICE_BOOK: &str = include_str!("../../src/pricing/price_book.toml");

/// The earliest date it is anywhere in the US (UTC−11), as the service counts today.
pub fn us_earliest_today() -> chrono::NaiveDate {
    (chrono::Utc::now() - chrono::TimeDelta::hours(11)).date_naive()
}

/// A date a quote issued now may be scheduled for: a week from today, before the quote
/// expires, and within the dates of the price book the test apps use.
pub fn scheduled_date() -> chrono::NaiveDate {
    us_earliest_today() + chrono::TimeDelta::days(7)
}

/// The first and last day of the shipped price book.
fn shipped_book_dates() -> (chrono::NaiveDate, chrono::NaiveDate) {
    let date = |key: &str| {
        PRICE_BOOK
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_matches('"').parse().ok())
            .unwrap_or_else(|| panic!("the price book has no {key}"))
    };
    (date("effective_from = "), date("effective_to = "))
}

/// The shipped price book, when [`scheduled_date`] falls within its dates; otherwise (once the
/// calendar has moved past them) a copy in `dir` whose dates cover it, so that tests which
/// schedule a date keep testing the service rather than the calendar.
fn price_book_for_today(dir: &ScratchDir) -> Option<PathBuf> {
    let (from, to) = shipped_book_dates();
    let wanted = scheduled_date();
    if from <= us_earliest_today() && wanted <= to {
        return None;
    }
    let start = us_earliest_today() - chrono::TimeDelta::days(1);
    let end = wanted + chrono::TimeDelta::days(30);
    let text = PRICE_BOOK
        .replacen(
            &format!("effective_from = \"{from}\""),
            &format!("effective_from = \"{start}\""),
            1,
        )
        .replacen(
            &format!("effective_to = \"{to}\""),
            &format!("effective_to = \"{end}\""),
            1,
        );
    let path = dir.0.join("price_book.toml");
    std::fs::write(&path, text).expect("a price book copy is written");
    Some(path)
}

/// The shipped local settings, on port 0, with a scratch SQLite database.
pub fn test_settings(db_dir: &ScratchDir) -> Settings {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config");
    let mut settings =
        configuration::load(&dir, Environment::Local, false).expect("shipped config loads");
    settings.server.port = 0;
    settings.server.workers = 1;
    settings.metrics.port = 0;
    settings.database.url = format!("sqlite://{}", db_dir.0.join("test.sqlite").display());
    settings.auth.keys = KEYS.1.clone();
    settings.data.price_book = price_book_for_today(db_dir);
    // Raised so that tests never trip the limiter unless they mean to.
    settings.rate_limit.per_second = 100_000;
    settings.rate_limit.burst = 100_000;
    settings
}

/// Starts the app with the test settings (changed by `customise`).
pub async fn spawn_app_with(customise: impl FnOnce(&mut Settings)) -> TestApp {
    spawn_app_with_clock(
        std::sync::Arc::new(regenquote::webhooks::clock::SystemClock),
        customise,
    )
    .await
}

/// As [`spawn_app_with`], with the webhook worker reading `clock`.
pub async fn spawn_app_with_clock(
    clock: std::sync::Arc<dyn regenquote::webhooks::clock::Clock>,
    customise: impl FnOnce(&mut Settings),
) -> TestApp {
    TRACING.call_once(|| {
        if std::env::var("TEST_LOG").is_ok() {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config");
            let s = configuration::load(&dir, Environment::Local, false).unwrap();
            regenquote::app::telemetry::init(&s.telemetry);
        }
    });
    let db_dir = ScratchDir::new();
    let mut settings = test_settings(&db_dir);
    customise(&mut settings);
    let database = if settings.database.url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    let database_url = settings.database.url.clone();
    let app = Application::build_with_clock(settings, clock)
        .await
        .expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let metrics_address = app
        .metrics_port()
        .map(|port| format!("http://127.0.0.1:{port}"));
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        metrics_address,
        database_url,
        client,
        keys: KEYS.0.clone(),
        database,
        _db_dir: db_dir,
    }
}

/// Starts the app with the test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// One app on SQLite and, when `TEST_DATABASE_URL` is set, one on PostgreSQL, so storage
/// tests run against both; says plainly when PostgreSQL is skipped.
pub async fn spawn_apps() -> Vec<TestApp> {
    let mut apps = vec![spawn_app().await];
    match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => apps.push(spawn_app_with(|s| s.database.url = url).await),
        _ => skip("PostgreSQL run (TEST_DATABASE_URL is not set)"),
    }
    apps
}

/// Says plainly that a test skipped a part it cannot run here. Under `CI=true` nothing may
/// skip: CI installs PostgreSQL and Chromium, so a missing one fails the test instead.
pub fn skip(what: &str) {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true, so this may not be skipped: {what}"
    );
    eprintln!("skipped: {what}");
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// POST `body` with `Authorization: Bearer <key>` (and the clinic origin for a publishable key).
    pub fn post_as(
        &self,
        key: &str,
        path: &str,
        body: &serde_json::Value,
    ) -> reqwest::RequestBuilder {
        let req = self.client.post(self.url(path)).bearer_auth(key).json(body);
        if key.starts_with("rq_pk_") {
            req.header("origin", CLINIC_ORIGIN)
        } else {
            req
        }
    }

    /// GET with `Authorization: Bearer <key>`.
    pub async fn get_as(&self, key: &str, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(key)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    /// The app's database, opened beside it.
    async fn database(&self) -> regenquote::storage::Database {
        let settings = regenquote::storage::DatabaseSettings {
            url: self.database_url.clone(),
            max_connections: 1,
        };
        regenquote::storage::Database::connect(&settings)
            .await
            .expect("database opens")
    }

    /// How many quotes the app's database holds (a SQLite app's database is its own).
    pub async fn count_quotes(&self) -> i64 {
        use regenquote::storage::Database;
        let count = match self.database().await {
            Database::Sqlite(pool) => {
                sqlx::query_scalar("SELECT count(*) FROM quotes")
                    .fetch_one(&pool)
                    .await
            }
            Database::Postgres(pool) => {
                sqlx::query_scalar("SELECT count(*) FROM quotes")
                    .fetch_one(&pool)
                    .await
            }
        };
        count.expect("quotes counted")
    }

    /// Every row of `table` in the app's database, as text, to search for what must not be
    /// there.
    pub async fn dump(&self, table: &str) -> String {
        use regenquote::storage::Database;
        let sql = sqlx::AssertSqlSafe(format!("SELECT * FROM {table}"));
        let text = |row: Vec<String>| row.join(" | ");
        match self.database().await {
            Database::Sqlite(pool) => {
                use sqlx::{Row, ValueRef};
                let rows = sqlx::query(sql).fetch_all(&pool).await.expect("rows read");
                rows.iter()
                    .map(|r| {
                        text(
                            (0..r.columns().len())
                                .map(|i| {
                                    let raw = r.try_get_raw(i).unwrap();
                                    if raw.is_null() {
                                        return String::new();
                                    }
                                    r.try_get::<String, _>(i)
                                        .or_else(|_| r.try_get::<i64, _>(i).map(|n| n.to_string()))
                                        .unwrap_or_default()
                                })
                                .collect(),
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            }
            Database::Postgres(pool) => {
                let sql = sqlx::AssertSqlSafe(format!(
                    "SELECT string_agg(t::text, E'\\n') FROM {table} t"
                ));
                sqlx::query_scalar::<_, Option<String>>(sql)
                    .fetch_one(&pool)
                    .await
                    .expect("rows read")
                    .unwrap_or_default()
            }
        }
    }

    /// Runs `sql` on the app's database, beside the app.
    pub async fn execute(&self, sql: &str) {
        use regenquote::storage::Database;
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self.database().await {
            Database::Sqlite(pool) => sqlx::raw_sql(sql).execute(&pool).await.map(drop),
            Database::Postgres(pool) => sqlx::raw_sql(sql).execute(&pool).await.map(drop),
        }
        .expect("statement runs");
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

/// 26 characters of a quote id's alphabet, for an id no other test uses.
pub fn random_quote_body() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
    (0..26)
        .map(|_| char::from(ALPHABET[(rand_u64() % 32) as usize]))
        .collect()
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::time::SystemTime::now())
}
