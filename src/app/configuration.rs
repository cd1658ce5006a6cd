//! Typed settings, layered: `config/base.toml`, then `config/{APP_ENVIRONMENT}.toml`
//! (`local` by default, or `production`), then `APP__SECTION__KEY` environment variables.
//! Unknown keys and bad values stop start-up with a message naming the key.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Every setting the service reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// HTTP listener and limits.
    pub server: ServerSettings,
    /// Where quotes are stored.
    pub database: crate::storage::DatabaseSettings,
    /// Log format and level.
    pub telemetry: TelemetrySettings,
    /// Per-caller request limits.
    pub rate_limit: crate::http::limits::RateLimitSettings,
    /// The listener serving Prometheus metrics.
    pub metrics: crate::http::metrics::MetricsSettings,
    /// Browser origins allowed to call the API.
    pub cors: CorsSettings,
    /// Financing plans shown with prices.
    #[serde(default)]
    pub financing: crate::financing::FinancingSettings,
    /// Paths of operator reference files replacing the shipped ones.
    #[serde(default)]
    pub data: DataSettings,
    /// Quote validity and idempotency-key lifetimes.
    pub quotes: crate::storage::quotes::QuoteSettings,
    /// The API keys that may call the service.
    pub auth: crate::auth::AuthSettings,
    /// The keys stored quotes are signed with.
    #[serde(default)]
    pub signing: crate::signing::SigningSettings,
    /// How much memory remembered answers may take.
    #[serde(default)]
    pub answer_cache: AnswerCacheSettings,
    /// Directory centers the operator hands to accounts.
    #[serde(default)]
    pub centers: CenterSettings,
    /// How webhooks are sent.
    #[serde(default)]
    pub webhooks: crate::webhooks::settings::WebhookSettings,
}

/// `[centers]`: the operator's directory centers handed to the accounts that manage them, and
/// how many centers an account may manage.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CenterSettings {
    /// Each `[[centers.handoff]]`: a directory center (`center_id`) and the account (an
    /// `account` of `[[auth.keys]]`) that manages it from then on through the API.
    #[serde(default)]
    pub handoff: Vec<Handoff>,
    /// The most open (not retired) centers one account may manage through the API (1 to
    /// 100000).
    #[serde(default = "default_max_centers_per_account")]
    pub max_per_account: u32,
}

impl Default for CenterSettings {
    fn default() -> Self {
        CenterSettings {
            handoff: Vec::new(),
            max_per_account: default_max_centers_per_account(),
        }
    }
}

fn default_max_centers_per_account() -> u32 {
    1000
}

/// One directory center handed to an account.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Handoff {
    /// The directory center's id.
    pub center_id: String,
    /// The account that manages it.
    pub account: String,
}

/// Memory for remembered answers (see [`crate::http::answer_cache`]). Reference data never changes
/// while the service runs, so a remembered answer is always the one the service would give.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerCacheSettings {
    /// Bytes of `POST /v1/estimates` answers kept; 0 turns the cache off.
    pub estimates_bytes: u64,
    /// Bytes of `GET /v1/centers` answers kept; 0 turns the cache off.
    pub centers_bytes: u64,
}

impl Default for AnswerCacheSettings {
    fn default() -> Self {
        AnswerCacheSettings {
            estimates_bytes: 8 * 1024 * 1024,
            centers_bytes: 8 * 1024 * 1024,
        }
    }
}

/// Cross-origin access for clinic websites calling the API from the patient's browser.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorsSettings {
    /// Origins (scheme://host[:port]) allowed to call the API from a browser, in addition to
    /// each publishable key's own origins.
    pub allowed_origins: Vec<String>,
    /// How long a browser may cache a preflight answer, in seconds.
    pub max_age_secs: usize,
}

impl CorsSettings {
    /// Every origin must be `http(s)://host[:port]` with nothing after it.
    pub fn validate(&self) -> anyhow::Result<()> {
        for origin in &self.allowed_origins {
            let valid = origin.parse::<actix_web::http::Uri>().is_ok_and(|uri| {
                matches!(uri.scheme_str(), Some("http" | "https"))
                    && uri.authority().is_some()
                    && uri
                        .path_and_query()
                        .is_none_or(|p| p.as_str().is_empty() || p.as_str() == "/")
                    && !origin.ends_with('/')
            });
            if !valid {
                anyhow::bail!(
                    "cors.allowed_origins: `{origin}` is not an origin; write scheme://host[:port], e.g. https://clinic.example"
                );
            }
        }
        Ok(())
    }
}

/// The `[financing]` section of the shipped `config/local.toml` alone, for documentation
/// examples.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ShippedFinancing {
    /// The example plans shipped for local use.
    #[serde(default)]
    pub financing: crate::financing::FinancingSettings,
}

/// Operator files that replace the reference data shipped in the binary. Each is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataSettings {
    /// The price book (TOML, the format of `src/pricing/price_book.toml`).
    pub price_book: Option<PathBuf>,
    /// Coverage rules (TOML, the format of `src/coverage/rules.toml`).
    pub coverage_rules: Option<PathBuf>,
    /// The center directory (JSON, the format of `src/centers/directory.json`, described in
    /// `src/centers/mod.rs`).
    pub centers: Option<PathBuf>,
    /// ZIP code centroids (CSV `zip,city,state,latitude,longitude`).
    pub zip_codes: Option<PathBuf>,
}

/// HTTP listener and limits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Address to bind, e.g. `127.0.0.1` or `0.0.0.0`.
    pub host: String,
    /// Port to bind; `0` picks a free one.
    pub port: u16,
    /// Worker threads; `0` means one per CPU core.
    pub workers: usize,
    /// Largest accepted request body, in bytes.
    pub body_limit_bytes: usize,
    /// How long an idle keep-alive connection stays open, in seconds.
    pub keep_alive_secs: u64,
    /// How long a client may take to send the request head, in milliseconds.
    pub client_request_timeout_ms: u64,
    /// How long in-flight requests may run after SIGTERM/SIGINT, in seconds.
    pub shutdown_timeout_secs: u64,
    /// How long a handler may run before the request is answered 503, in milliseconds.
    pub handler_timeout_ms: u64,
}

/// Log format and level.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TelemetrySettings {
    /// `pretty` for people, `json` for log pipelines.
    pub format: LogFormat,
    /// Default filter, e.g. `info` or `regenquote=debug,info`; `RUST_LOG` overrides it.
    pub level: String,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// Human-readable, multi-line.
    Pretty,
    /// One JSON object per line.
    Json,
}

/// The deployment environment, chosen by `APP_ENVIRONMENT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// A developer's machine (default).
    Local,
    /// A deployed service.
    Production,
}

impl Environment {
    /// Every environment that ships a config file.
    pub const ALL: [Environment; 2] = [Environment::Local, Environment::Production];

    /// The config file stem.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Local => "local",
            Environment::Production => "production",
        }
    }
}

impl TryFrom<String> for Environment {
    type Error = anyhow::Error;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        match s.to_lowercase().as_str() {
            "local" => Ok(Environment::Local),
            "production" => Ok(Environment::Production),
            other => anyhow::bail!("APP_ENVIRONMENT is `{other}`; accepted: local, production"),
        }
    }
}

/// The directory holding `base.toml` and the environment files: `APP_CONFIG_DIR`, else
/// `config/` under the working directory.
pub fn config_dir() -> PathBuf {
    std::env::var_os("APP_CONFIG_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("config"))
}

/// Settings for the environment named by `APP_ENVIRONMENT`, with `APP__…` overrides.
pub fn get_settings() -> anyhow::Result<Settings> {
    let environment: Environment = std::env::var("APP_ENVIRONMENT")
        .unwrap_or_else(|_| "local".into())
        .try_into()?;
    load(&config_dir(), environment, true)
}

/// Settings from `dir` for `environment`, with environment-variable overrides when `with_env`.
pub fn load(dir: &Path, environment: Environment, with_env: bool) -> anyhow::Result<Settings> {
    load_with(dir, environment, with_env.then_some(None))
}

/// As [`load`]; `env` is `None` for no overrides, `Some(None)` for the process environment, or
/// `Some(Some(map))` for the variables in `map` (as tests use).
fn load_with(
    dir: &Path,
    environment: Environment,
    env: Option<Option<HashMap<String, String>>>,
) -> anyhow::Result<Settings> {
    let mut builder = config::Config::builder()
        .add_source(config::File::from(dir.join("base.toml")).required(true))
        .add_source(
            config::File::from(dir.join(format!("{}.toml", environment.as_str()))).required(true),
        );
    if let Some(source) = env {
        builder = builder.add_source(
            config::Environment::with_prefix("APP")
                .prefix_separator("__")
                .separator("__")
                .try_parsing(true)
                .list_separator(",")
                .with_list_parse_key("cors.allowed_origins")
                .with_list_parse_key("rate_limit.trusted_proxies")
                .with_list_parse_key("webhooks.allowed_insecure_hosts")
                .source(source),
        );
    }
    let settings = builder
        .build()
        .and_then(|c| c.try_deserialize::<Settings>())
        .map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))?;
    if environment == Environment::Production
        && let Some((index, plan)) = settings
            .financing
            .plans
            .iter()
            .enumerate()
            .find(|(_, p)| p.example)
    {
        anyhow::bail!(
            "invalid configuration: financing plan {index} (id `{}`): example: example plans \
             are for local use and are refused in production, where patients would read them \
             as offers; configure the real terms of your lenders, or none",
            plan.id
        );
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("config")
    }

    #[test]
    fn every_shipped_environment_file_loads() {
        for env in Environment::ALL {
            let s =
                load(&shipped(), env, false).unwrap_or_else(|e| panic!("{}: {e:#}", env.as_str()));
            assert!(s.server.body_limit_bytes > 0);
        }
    }

    #[test]
    fn local_listens_on_loopback_8080_by_default() {
        let s = load(&shipped(), Environment::Local, false).unwrap();
        assert_eq!((s.server.host.as_str(), s.server.port), ("127.0.0.1", 8080));
        assert!(s.database.url.starts_with("sqlite:"));
    }

    #[test]
    fn production_ships_no_financing_plans_and_local_ships_only_examples() {
        let production = load(&shipped(), Environment::Production, false).unwrap();
        assert!(production.financing.plans.is_empty());
        let local = load(&shipped(), Environment::Local, false).unwrap();
        assert!(!local.financing.plans.is_empty());
        assert!(local.financing.plans.iter().all(|p| p.example));
    }

    #[test]
    fn production_refuses_example_plans() {
        let dir = tempdir::Dir::new();
        std::fs::copy(shipped().join("base.toml"), dir.path().join("base.toml")).unwrap();
        let local = std::fs::read_to_string(shipped().join("local.toml")).unwrap();
        let plans = &local[local.find("[[financing.plans]]").unwrap()..];
        std::fs::write(dir.path().join("production.toml"), plans).unwrap();
        let err = load(dir.path(), Environment::Production, false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("example-deferred-0-12"), "{err}");
        assert!(err.contains("refused in production"), "{err}");
    }

    #[test]
    fn production_refuses_to_sign_without_a_configured_key_and_local_makes_one() {
        let no_env = |_: &str| None;
        let production = load(&shipped(), Environment::Production, false).unwrap();
        let err = crate::signing::Signer::from_settings(&production.signing, no_env).unwrap_err();
        assert_eq!(err.field, "signing.keys");
        assert!(err.message.contains("mint-signing-key"), "{err}");
        let local = load(&shipped(), Environment::Local, false).unwrap();
        let signer = crate::signing::Signer::from_settings(&local.signing, no_env).unwrap();
        assert!(signer.is_ephemeral());
    }

    #[test]
    fn signing_keys_load_from_signing_keys_tables_and_the_active_kid_from_the_environment() {
        let dir = dir_with(
            "[[signing.keys]]\nkid = \"2026-11\"\nprivate_key_env = \"SIGNING_2026_11\"\n",
        );
        let mut env = HashMap::new();
        env.insert("APP__SIGNING__ACTIVE_KID".to_owned(), "2026-11".to_owned());
        let s = load_with(dir.path(), Environment::Local, Some(Some(env))).unwrap();
        assert_eq!(s.signing.active_kid.as_deref(), Some("2026-11"));
        assert_eq!(
            s.signing.keys[0].private_key_env.as_deref(),
            Some("SIGNING_2026_11")
        );
    }

    #[test]
    fn production_logs_json() {
        let s = load(&shipped(), Environment::Production, false).unwrap();
        assert_eq!(s.telemetry.format, LogFormat::Json);
    }

    #[test]
    fn shipped_config_has_no_api_keys_and_a_valid_quote_policy() {
        for env in Environment::ALL {
            let s = load(&shipped(), env, false).unwrap();
            assert!(s.auth.keys.is_empty(), "{}", env.as_str());
            crate::storage::quotes::QuotePolicy::try_from(&s.quotes).unwrap();
        }
    }

    #[test]
    fn api_keys_load_from_auth_keys_tables_and_refuse_unknown_fields() {
        let key = "[[auth.keys]]\nid = \"lender-one\"\nlabel = \"Lender One\"\nkind = \"secret\"\n\
                   secret_env = \"LENDER_ONE_KEY\"\n";
        let dir = dir_with(key);
        let s = load(dir.path(), Environment::Local, false).unwrap();
        assert_eq!(s.auth.keys.len(), 1);
        assert_eq!(s.auth.keys[0].kind, crate::auth::KeyKind::Secret);
        assert_eq!(s.auth.keys[0].secret_env.as_deref(), Some("LENDER_ONE_KEY"));

        let dir = dir_with(&format!("{key}secret = \"plaintext\"\n"));
        let err = load(dir.path(), Environment::Local, false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field `secret`"), "{err}");
    }

    fn dir_with(extra: &str) -> tempdir::Dir {
        let dir = tempdir::Dir::new();
        std::fs::copy(shipped().join("base.toml"), dir.path().join("base.toml")).unwrap();
        std::fs::write(dir.path().join("local.toml"), extra).unwrap();
        dir
    }

    #[test]
    fn a_misspelt_key_stops_start_up_naming_the_key() {
        let dir = dir_with("[server]\nprot = 9000\n");
        let err = load(dir.path(), Environment::Local, false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("prot"), "{err}");
    }

    #[test]
    fn a_bad_value_stops_start_up_naming_the_key() {
        let dir = dir_with("[server]\nport = \"eighty\"\n");
        let err = load(dir.path(), Environment::Local, false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("port"), "{err}");
    }

    fn with_env(vars: &[(&str, &str)]) -> anyhow::Result<Settings> {
        let map = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        load_with(&shipped(), Environment::Local, Some(Some(map)))
    }

    #[test]
    fn environment_variables_override_files() {
        let s = with_env(&[
            ("APP__SERVER__PORT", "9000"),
            ("APP__DATABASE__URL", "postgres://db/quotes"),
            (
                "APP__CORS__ALLOWED_ORIGINS",
                "https://a.example,https://b.example",
            ),
        ])
        .unwrap();
        assert_eq!(s.server.port, 9000);
        assert_eq!(s.database.url, "postgres://db/quotes");
        assert_eq!(
            s.cors.allowed_origins,
            ["https://a.example", "https://b.example"]
        );
    }

    #[test]
    fn a_misspelt_environment_variable_stops_start_up_naming_it() {
        let err = with_env(&[("APP__SERVER__PROT", "9000")])
            .unwrap_err()
            .to_string();
        assert!(err.contains("prot"), "{err}");
    }

    #[test]
    fn an_unknown_environment_is_refused_with_the_accepted_names() {
        let err = Environment::try_from("staging".to_string())
            .unwrap_err()
            .to_string();
        assert!(err.contains("local, production"), "{err}");
    }

    /// A scratch directory removed on drop.
    mod tempdir {
        pub struct Dir(std::path::PathBuf);
        impl Dir {
            pub fn new() -> Self {
                let p =
                    std::env::temp_dir().join(format!("regenquote-cfg-{}", rand::random::<u64>()));
                std::fs::create_dir_all(&p).unwrap();
                Dir(p)
            }
            pub fn path(&self) -> &std::path::Path {
                &self.0
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }
}
