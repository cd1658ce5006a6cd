//! The `regenquote` binary: `regenquote` (or `regenquote serve`) runs the service;
//! `regenquote openapi` prints the OpenAPI document; `regenquote mint-key <kind> <id>` makes an
//! API key; `regenquote mint-signing-key [kid]` makes a key that signs quotes;
//! `regenquote import-nppes` writes a center directory from CMS's NPPES file. Every command
//! answers `--help`.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use regenquote::app::configuration::get_settings;
use regenquote::app::startup::Application;
use regenquote::app::telemetry;
use regenquote::auth::{KeyId, KeyKind, mint};
use regenquote::centers::{
    DEFAULT_TAXONOMIES, ImportOptions, StateCode, Taxonomy, ZipTable, import_nppes,
};
use regenquote::http::openapi;
use regenquote::signing::{self, Kid};

/// Prices regenerative-medicine procedures for self-pay patients: estimates, coverage,
/// centers, stored quotes and financing, over HTTP.
#[derive(Parser)]
#[command(name = "regenquote", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the service (the default). Settings come from config/base.toml, then
    /// config/{APP_ENVIRONMENT}.toml, then APP__SECTION__KEY environment variables.
    Serve,
    /// Print the OpenAPI document the service serves at /openapi.json.
    Openapi,
    /// Make an API key: prints its token once and the [[auth.keys]] block that holds only the
    /// token's SHA-256.
    MintKey {
        /// `publishable` for a clinic website, `secret` for a server.
        kind: Kind,
        /// The key's id: 1 to 40 characters of a-z, 0-9 and -.
        #[arg(value_parser = parse_key_id)]
        id: KeyId,
    },
    /// Make a key that signs stored quotes (Ed25519): prints its private key once and the
    /// [[signing.keys]] block that reads it from an environment variable.
    MintSigningKey {
        /// The key's id, the `kid` of its signatures: 1 to 64 characters of A-Z, a-z, 0-9,
        /// '.', '_' and '-' (default: today's date, e.g. 2026-11-30).
        #[arg(value_parser = parse_kid)]
        kid: Option<Kid>,
    },
    /// Write a center directory file from CMS's NPPES data dissemination CSV
    /// (npidata_pfile_*.csv): active organizations in the chosen NUCC taxonomies, at their
    /// practice ZIP code's centroid, with no therapies (a taxonomy does not say which are
    /// offered). Streams the file in bounded memory; prints what it kept and skipped.
    #[command(after_help = taxonomy_help())]
    ImportNppes {
        /// The NPPES main file, npidata_pfile_<start>-<end>.csv.
        input: PathBuf,
        /// The directory file to write (written whole or not at all).
        #[arg(long)]
        out: PathBuf,
        /// NUCC taxonomy codes to keep, comma-separated (default: the list below).
        #[arg(long, value_delimiter = ',', value_parser = parse_taxonomy)]
        taxonomy: Vec<Taxonomy>,
        /// USPS state codes to keep, comma-separated (default: every state).
        #[arg(long, value_delimiter = ',', value_parser = parse_state)]
        state: Vec<StateCode>,
        /// Also import individual providers, not only organizations.
        #[arg(long)]
        individuals: bool,
    },
}

fn taxonomy_help() -> String {
    let mut help = String::from("Default taxonomies (NUCC Health Care Provider Taxonomy):\n");
    for (code, name) in DEFAULT_TAXONOMIES {
        help.push_str(&format!("  {code}  {name}\n"));
    }
    help
}

fn parse_taxonomy(s: &str) -> Result<Taxonomy, String> {
    Taxonomy::parse(&s.trim().to_ascii_uppercase()).map_err(|e| format!("{e}"))
}

fn parse_state(s: &str) -> Result<StateCode, String> {
    s.trim().parse().map_err(|e| format!("{e}"))
}

/// The kinds of API key.
#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    /// A clinic website's key, visible in its pages: creates quotes from its allowed origins.
    Publishable,
    /// A server's key: creates and reads quotes, Good Faith Estimates and reconciliations.
    Secret,
}

fn parse_kid(kid: &str) -> Result<Kid, String> {
    kid.parse()
}

fn parse_key_id(id: &str) -> Result<KeyId, String> {
    id.parse().map_err(|e| format!("{e}"))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command.unwrap_or(Command::Serve) {
        Command::Serve => serve().await,
        Command::Openapi => {
            print!("{}", openapi::document_json());
            Ok(())
        }
        Command::MintKey { kind, id } => {
            print!("{}", mint_key(kind, &id));
            Ok(())
        }
        Command::ImportNppes {
            input,
            out,
            taxonomy,
            state,
            individuals,
        } => import(&input, &out, taxonomy, state, individuals),
        Command::MintSigningKey { kid } => {
            let kid = match kid {
                Some(kid) => kid,
                None => parse_kid(&chrono::Utc::now().format("%Y-%m-%d").to_string())
                    .map_err(anyhow::Error::msg)?,
            };
            print!("{}", mint_signing_key(kid));
            Ok(())
        }
    }
}

/// Runs the NPPES import into a temporary file beside `out`, renamed over it on success.
fn import(
    input: &std::path::Path,
    out: &std::path::Path,
    taxonomy: Vec<Taxonomy>,
    state: Vec<StateCode>,
    individuals: bool,
) -> anyhow::Result<()> {
    let file_name = input
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut options = ImportOptions::new(file_name);
    if !taxonomy.is_empty() {
        options.taxonomies = taxonomy.into_iter().collect();
    }
    options.states = state.into_iter().collect();
    options.individuals = individuals;
    let zips = ZipTable::embedded()?;
    let reader =
        std::fs::File::open(input).with_context(|| format!("cannot open {}", input.display()))?;
    let partial = out.with_extension("json.partial");
    let writer = std::fs::File::create(&partial)
        .with_context(|| format!("cannot create {}", partial.display()))?;
    let started = std::time::Instant::now();
    let report = import_nppes(
        std::io::BufReader::with_capacity(1 << 20, reader),
        std::io::BufWriter::with_capacity(1 << 20, writer),
        &options,
        &zips,
    );
    let report = match report {
        Ok(report) => report,
        Err(e) => {
            std::fs::remove_file(&partial).ok();
            return Err(e.into());
        }
    };
    std::fs::rename(&partial, out).with_context(|| format!("cannot write {}", out.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    eprint!("{report}");
    eprintln!(
        "{:.1} s, {:.0} records/s; wrote {}",
        seconds,
        report.rows as f64 / seconds.max(1e-9),
        out.display()
    );
    Ok(())
}

async fn serve() -> anyhow::Result<()> {
    let settings = get_settings()?;
    telemetry::init(&settings.telemetry);
    let app = Application::build(settings).await?;
    tracing::info!(port = app.port(), "regenquote listening");
    if let Some(port) = app.metrics_port() {
        tracing::info!(port, "metrics served on their own listener at /metrics");
    }
    app.run_until_stopped().await?;
    tracing::info!("regenquote stopped");
    Ok(())
}

/// A new key's token, shown once, and the `[[auth.keys]]` block holding only its hash.
fn mint_key(kind: Kind, id: &KeyId) -> String {
    let (kind, kind_name, kind_lines) = match kind {
        Kind::Publishable => (
            KeyKind::Publishable,
            "publishable",
            "# Required: the origins of the clinic's pages that embed the widget, e.g.\n\
             # [\"https://www.acme-clinic.example\"]. Start-up refuses an empty list.\n\
             allowed_origins = []\n",
        ),
        Kind::Secret => (
            KeyKind::Secret,
            "secret",
            "# A financing partner that reads any quote whose id a patient gives it:\n\
             # reads_any_quote = true\n",
        ),
    };
    let (token, hash) = mint(kind, id);
    format!(
        "API key token (give it to the key holder now; it is not stored and cannot be shown \
         again):\n\n{token}\n\n\
         Configuration (add it to a config file; only the token's SHA-256 is kept):\n\n\
         [[auth.keys]]\n\
         id = \"{id}\"\n\
         label = \"{id}\"  # who holds the key, for operators\n\
         kind = \"{kind_name}\"\n\
         # The organisation the key belongs to (default: the id); a secret key reads the quotes\n\
         # created by any key of its account.\n\
         # account = \"{id}\"\n\
         {kind_lines}\
         secret_sha256 = \"{hash}\"\n"
    )
}

/// A new signing key's private key, shown once, and the `[signing]` configuration that reads it
/// from an environment variable.
fn mint_signing_key(kid: Kid) -> String {
    let key = signing::mint(kid);
    let var = format!(
        "REGENQUOTE_SIGNING_KEY_{}",
        key.kid
            .as_str()
            .to_ascii_uppercase()
            .replace(['-', '.'], "_")
    );
    format!(
        "Private signing key (put it in the environment of every replica now; it is not stored \
         and cannot be shown again):\n\n{var}={private}\n\n\
         Configuration (add it to a config file; the private key stays in the environment):\n\n\
         [signing]\n\
         active_kid = \"{kid}\"\n\n\
         [[signing.keys]]\n\
         kid = \"{kid}\"\n\
         private_key_env = \"{var}\"\n\n\
         When this key is retired, replace private_key_env with its public key, so that quotes it\n\
         signed still verify:\n\n\
         public_key = \"{public}\"\n",
        private = key.private_key,
        kid = key.kid,
        public = key.public_key,
    )
}
