//! The `regenquote` binary: `regenquote` (or `regenquote serve`) runs the service;
//! `regenquote openapi` prints the OpenAPI document.

use regenquote::configuration::get_settings;
use regenquote::startup::Application;
use regenquote::{openapi, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match std::env::args().nth(1).as_deref() {
        None | Some("serve") => {}
        Some("openapi") => {
            print!("{}", openapi::document_json());
            return Ok(());
        }
        Some(other) => {
            eprintln!("unknown command `{other}`; usage: regenquote [serve | openapi]");
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
