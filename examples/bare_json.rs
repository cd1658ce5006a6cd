//! The baseline for HTTP benchmarks: actix-web with no middleware and no logic, answering
//! `POST /v1/estimates` by parsing a JSON body shaped like an estimate request and writing a
//! JSON answer shaped like, and about the size of, an estimate response (about 7 KB). What the
//! service costs on top of this is what its middleware, pricing and financing cost.
//!
//! ```sh
//! cargo run --release --example bare_json -- PORT [WORKERS]
//! ```
//!
//! `WORKERS` defaults to 1. The answer is made of filler text: it stands in for the size and
//! nesting of a real answer, and is not one.

use std::sync::LazyLock;

use actix_web::{App, HttpResponse, HttpServer, web};
use serde::{Deserialize, Serialize};

/// The shape of an estimate request.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Request {
    therapy: String,
    joints: Option<u8>,
    sessions: Option<u8>,
    cell_source: Option<String>,
    add_ons: Option<Vec<String>>,
    zip: Option<String>,
    center_id: Option<String>,
}

#[derive(Serialize)]
struct Range {
    low_cents: u64,
    typical_cents: u64,
    high_cents: u64,
}

#[derive(Serialize)]
struct Line {
    code: String,
    description: &'static str,
    quantity: u8,
    #[serde(flatten)]
    range: Range,
    priced: bool,
    source: &'static str,
}

#[derive(Serialize)]
struct Note {
    code: &'static str,
    text: &'static str,
    source: &'static str,
}

#[derive(Serialize)]
struct Plan {
    id: &'static str,
    label: &'static str,
    kind: &'static str,
}

#[derive(Serialize)]
struct Offer {
    plan: Plan,
    amount_cents: u64,
    monthly_payment_cents: u64,
    final_payment_cents: u64,
    term_months: u32,
    apr_bps: u32,
    total_of_payments_cents: u64,
    finance_charge_cents: u64,
    disclosure: &'static str,
}

#[derive(Serialize)]
struct PlanOption {
    status: &'static str,
    plan: Plan,
    offer: Offer,
}

#[derive(Serialize)]
struct Financing {
    amount_cents: u64,
    options: Vec<PlanOption>,
    notice: &'static str,
}

#[derive(Serialize)]
struct Answer {
    therapy: String,
    currency: &'static str,
    zip: Option<String>,
    center_id: Option<String>,
    cell_source: Option<String>,
    total: Range,
    lines: Vec<Line>,
    assumptions: Vec<&'static str>,
    disclaimers: Vec<Note>,
    financing: Financing,
}

/// Filler text to slice answer strings from.
static FILLER: LazyLock<String> = LazyLock::new(|| {
    "Filler text of the same length as a sentence in an estimate answer. ".repeat(8)
});

fn text(len: usize) -> &'static str {
    let filler: &'static str = FILLER.as_str();
    &filler[..len.min(filler.len())]
}

fn plan(id: &'static str) -> Plan {
    Plan {
        id,
        label: text(60),
        kind: "fixed_apr",
    }
}

fn answer(req: Request) -> Answer {
    let joints = u64::from(req.joints.unwrap_or(1));
    let sessions = u64::from(req.sessions.unwrap_or(1));
    let per = |cents: u64| cents * joints * sessions;
    let mut codes = vec!["base".to_owned()];
    codes.extend(req.add_ons.unwrap_or_default());
    let lines: Vec<Line> = codes
        .into_iter()
        .map(|code| Line {
            code,
            description: text(40),
            quantity: 1,
            range: Range {
                low_cents: per(350_000),
                typical_cents: per(750_000),
                high_cents: per(2_500_000),
            },
            priced: true,
            source: text(230),
        })
        .collect();
    let typical = per(872_474);
    let options = ["plan-a", "plan-b", "plan-c"]
        .into_iter()
        .map(|id| PlanOption {
            status: "available",
            plan: plan(id),
            offer: Offer {
                plan: plan(id),
                amount_cents: typical,
                monthly_payment_cents: typical / 24,
                final_payment_cents: typical / 24 + 10,
                term_months: 24,
                apr_bps: 1790,
                total_of_payments_cents: typical + typical / 5,
                finance_charge_cents: typical / 5,
                disclosure: text(500),
            },
        })
        .collect();
    Answer {
        therapy: req.therapy,
        currency: "USD",
        zip: req.zip,
        center_id: req.center_id,
        cell_source: req.cell_source,
        total: Range {
            low_cents: per(400_000),
            typical_cents: typical,
            high_cents: per(2_800_000),
        },
        lines,
        assumptions: [300, 120, 200, 120, 120, 200]
            .into_iter()
            .map(text)
            .collect(),
        disclaimers: ["a", "b", "c", "d", "e"]
            .into_iter()
            .map(|code| Note {
                code,
                text: text(100),
                source: text(240),
            })
            .collect(),
        financing: Financing {
            amount_cents: typical,
            options,
            notice: text(250),
        },
    }
}

async fn create_estimate(body: web::Json<Request>) -> HttpResponse {
    HttpResponse::Ok().json(answer(body.into_inner()))
}

const USAGE: &str = "usage: bare_json PORT [WORKERS]";

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (port, workers) = match args.as_slice() {
        [port] => (port.parse::<u16>().ok(), Some(1)),
        [port, workers] => (port.parse::<u16>().ok(), workers.parse::<usize>().ok()),
        _ => (None, None),
    };
    let (Some(port), Some(workers)) = (port, workers) else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    HttpServer::new(|| App::new().route("/v1/estimates", web::post().to(create_estimate)))
        .workers(workers.max(1))
        .bind(("127.0.0.1", port))?
        .run()
        .await
}
