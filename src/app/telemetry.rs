//! Logging: pretty lines locally, JSON in production. Every line of a request carries its
//! request id through the request's span. Query strings and bodies are never recorded: they can
//! hold health data (age, ZIP, names).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing_actix_web::{RequestId, RootSpanBuilder};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

use crate::app::configuration::{LogFormat, TelemetrySettings};

/// Installs the global subscriber. Call once, at start-up.
pub fn init(settings: &TelemetrySettings) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(&settings.level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stdout)
        .with_span_events(FmtSpan::CLOSE);
    let result = match settings.format {
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
    // A second initialisation (as in tests) keeps the first subscriber.
    drop(result);
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
