//! What signing adds to issuing a quote: issues the same Fort Worth knee quote (about 14 KB of
//! content, the local configuration's example financing plans) `N` times without a signer and
//! `N` times with one, and prints the mean per quote of each, then the same for the digest of
//! the content alone.
//!
//! ```sh
//! cargo run --release --example sign_quote -- [N]
//! ```
//!
//! `N` defaults to 20,000. Run it from the repository root (it reads `config/`); the figures
//! depend on the machine and on what else it is doing, so run it a few times.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use chrono::{TimeDelta, Utc};
use regenquote::app::configuration::{Environment, load};
use regenquote::app::reference::quoting;
use regenquote::quoting::{NewQuote, QuoteDraft, QuoteRequest, QuoteWindow, content_sha256};
use regenquote::signing::Signer;
use serde_json::json;

fn main() -> anyhow::Result<()> {
    let n: u32 = match std::env::args().nth(1) {
        Some(n) => n.parse()?,
        None => 20_000,
    };
    let settings = load(Path::new("config"), Environment::Local, false)?;
    let service = quoting(&settings)?;
    let request: QuoteRequest = serde_json::from_value(json!({
        "therapy": "knee_msc_injection",
        "zip": "76102",
        "center_id": "regenerative-orthopedics-fort-worth",
        "scheduled_date": "2026-12-14",
    }))?;
    let now = Utc::now();
    let snapshot = service.quote(&request, QuoteWindow::new(now, TimeDelta::days(30)))?;
    let draft = QuoteDraft {
        snapshot,
        owner_key_id: None,
        account: Some("clinic".into()),
        replaces: None,
    };
    let signer = Signer::ephemeral();
    let issue = |signer: Option<&Signer>| {
        NewQuote::issue_signed(draft.clone(), now, TimeDelta::days(30), signer)
            .expect("the quote is issued")
    };
    let content = issue(None).content;
    println!("content: {} bytes", content.as_str().len());

    let per_quote = |label: &str, f: &dyn Fn()| {
        for _ in 0..n / 10 {
            f();
        }
        let start = Instant::now();
        for _ in 0..n {
            f();
        }
        let micros = start.elapsed().as_secs_f64() * 1e6 / f64::from(n);
        println!("{label}: {micros:.1} µs per quote ({n} quotes)");
    };
    per_quote("issued unsigned", &|| {
        black_box(issue(None));
    });
    per_quote("issued signed", &|| {
        black_box(issue(Some(&signer)));
    });
    per_quote("content_sha256 of stored content", &|| {
        black_box(content_sha256(black_box(&content)).expect("a digest"));
    });
    Ok(())
}
