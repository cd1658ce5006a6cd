//! Logging: pretty lines locally, JSON in production. Every line of a request carries its
//! request id through the request's span. Query strings and bodies are never recorded: they can
//! hold health data (age, ZIP, names).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage};
use tracing::{Level, Metadata, Span};
use tracing_actix_web::{RequestId, RootSpanBuilder};
use tracing_subscriber::filter::FilterExt;
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer, filter};

use crate::app::configuration::{LogFormat, TelemetrySettings};

/// Installs the global subscriber. Call once, at start-up.
///
/// The HTTP parser logs at ERROR every connection it refuses before the app runs (a malformed
/// request line or header, a head too large): anyone could flood the ERROR level with those. They
/// are not written as they come; [`ParserRefusals`] counts them and writes one WARN line at most
/// every [`PARSER_REPORT_EVERY`], with the count since the last.
pub fn init(settings: &TelemetrySettings) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&settings.level));
    let written = filter.and(filter::filter_fn(|meta| !is_parser_refusal(meta)));
    let fmt = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stdout)
        .with_span_events(FmtSpan::CLOSE);
    let fmt = match settings.format {
        LogFormat::Json => fmt
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_filter(written)
            .boxed(),
        LogFormat::Pretty => fmt.with_filter(written).boxed(),
    };
    let refusals = ParserRefusals.with_filter(filter::filter_fn(is_parser_refusal));
    let result = tracing_subscriber::registry()
        .with(fmt)
        .with(refusals)
        .try_init();
    // A second initialisation (as in tests) keeps the first subscriber.
    drop(result);
}

/// The shortest time between two reports of refused connections.
pub const PARSER_REPORT_EVERY: Duration = Duration::from_secs(60);

/// Whether an event is the HTTP/1 dispatcher's ERROR about a connection it refused or lost.
fn is_parser_refusal(meta: &Metadata<'_>) -> bool {
    *meta.level() == Level::ERROR && meta.target().starts_with("actix_http::h1")
}

static REFUSED: AtomicU64 = AtomicU64::new(0);
static LAST_REPORT: Mutex<Option<Instant>> = Mutex::new(None);

/// Counts the HTTP parser's refusals and reports them at WARN, at most once per
/// [`PARSER_REPORT_EVERY`]; the messages themselves (which name only the kind of fault) are not
/// written.
struct ParserRefusals;

impl<S: tracing::Subscriber> Layer<S> for ParserRefusals {
    fn on_event(&self, _: &tracing::Event<'_>, _: Context<'_, S>) {
        crate::http::metrics::parser_refused();
        REFUSED.fetch_add(1, Ordering::Relaxed);
        let due = {
            let Ok(mut last) = LAST_REPORT.lock() else {
                return;
            };
            let due = last.is_none_or(|at| at.elapsed() >= PARSER_REPORT_EVERY);
            if due {
                *last = Some(Instant::now());
            }
            due
        };
        if due {
            let refused = REFUSED.swap(0, Ordering::Relaxed);
            tracing::warn!(
                refused,
                "the HTTP parser refused connections before the app ran (malformed, oversized \
                 or slow request heads); counted, reported at most once a minute"
            );
        }
    }
}

/// The request span: method, route template, request id and status, and nothing that could
/// carry patient data (no query string, no raw path parameters, no client address).
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        // The field values are worked out only when the span is enabled (not at `warn`).
        tracing::info_span!(
            "request",
            method = %request.method(),
            route = %request
                .match_pattern()
                .unwrap_or_else(|| "unmatched".to_owned()),
            request_id = %request
                .extensions()
                .get::<RequestId>()
                .map(|id| id.to_string())
                .unwrap_or_default(),
            status = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let status = match outcome {
            Ok(res) => res.status().as_u16(),
            Err(err) => err.as_response_error().status_code().as_u16(),
        };
        span.record("status", status);
    }
}
