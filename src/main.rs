//! The `regenquote` binary: `regenquote` (or `regenquote serve`) runs the service;
//! `regenquote openapi` prints the OpenAPI document; `regenquote mint-key <kind> <id>` makes an
//! API key.

use regenquote::app::configuration::get_settings;
use regenquote::app::startup::Application;
use regenquote::auth::{KeyId, KeyKind, mint};
use regenquote::{app::telemetry, http::openapi};

const USAGE: &str = "usage: regenquote [serve | openapi | mint-key <publishable|secret> <id>]";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("serve") => {}
        Some("openapi") => {
            print!("{}", openapi::document_json());
            return Ok(());
        }
        Some("mint-key") => match mint_key(&args[1..]) {
            Ok(text) => {
                print!("{text}");
                return Ok(());
            }
            Err(message) => {
                eprintln!("{message}\n{USAGE}");
                std::process::exit(2);
            }
        },
        Some(other) => {
            eprintln!("unknown command `{other}`; {USAGE}");
            std::process::exit(2);
        }
    }
    let settings = get_settings()?;
    telemetry::init(&settings.telemetry);
    let app = Application::build(settings).await?;
    tracing::info!(port = app.port(), "regenquote listening");
    app.run_until_stopped().await?;
    tracing::info!("regenquote stopped");
    Ok(())
}

/// A new key's token, shown once, and the `[[auth.keys]]` block holding only its hash.
fn mint_key(args: &[String]) -> Result<String, String> {
    let [kind, id] = args else {
        return Err("mint-key takes two arguments: the kind and the id".into());
    };
    let kind = match kind.as_str() {
        "publishable" => KeyKind::Publishable,
        "secret" => KeyKind::Secret,
        other => {
            return Err(format!(
                "unknown key kind `{other}`; accepted: publishable, secret"
            ));
        }
    };
    let id: KeyId = id.parse().map_err(|e| format!("key id `{id}`: {e}"))?;
    let (token, hash) = mint(kind, &id);
    let (kind_name, kind_lines) = match kind {
        KeyKind::Publishable => (
            "publishable",
            "# Required: the origins of the clinic's pages that embed the widget, e.g.\n\
             # [\"https://www.acme-clinic.example\"]. Start-up refuses an empty list.\n\
             allowed_origins = []\n",
        ),
        KeyKind::Secret => (
            "secret",
            "# A financing partner that reads any quote whose id a patient gives it:\n\
             # reads_any_quote = true\n",
        ),
    };
    Ok(format!(
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
    ))
}
