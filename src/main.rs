//! The `regenquote` binary: `regenquote` (or `regenquote serve`) runs the service;
//! `regenquote openapi` prints the OpenAPI document; `regenquote mint-key <kind> <id>` makes an
//! API key. Every command answers `--help`.

use clap::{Parser, Subcommand, ValueEnum};
use regenquote::app::configuration::get_settings;
use regenquote::app::startup::Application;
use regenquote::app::telemetry;
use regenquote::auth::{KeyId, KeyKind, mint};
use regenquote::http::openapi;

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
}

/// The kinds of API key.
#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    /// A clinic website's key, visible in its pages: creates quotes from its allowed origins.
    Publishable,
    /// A server's key: creates and reads quotes, Good Faith Estimates and reconciliations.
    Secret,
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
    }
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
