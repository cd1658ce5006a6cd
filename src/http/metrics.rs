//! Prometheus metrics: request counts and latency histograms by route template, method and
//! status (from actix-web-prom), plus domain counters. They are served at `GET /metrics` on a
//! listener of their own (`[metrics]`, loopback by default), never on the public one.

use std::sync::LazyLock;

use actix_web::HttpResponse;
use actix_web::http::header;
use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use prometheus::{Encoder, IntCounter, Registry, TextEncoder};
use serde::Deserialize;

/// Where metrics are served: a listener apart from the API's, so that a public API does not
/// publish its traffic figures.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsSettings {
    /// Whether the metrics listener runs at all.
    pub enabled: bool,
    /// Address to bind; loopback unless a scraper on another host needs it.
    pub host: String,
    /// Port; 0 picks a free one.
    pub port: u16,
}

static REGISTRY: LazyLock<Registry> = LazyLock::new(Registry::new);

static QUOTES_CREATED: LazyLock<IntCounter> = LazyLock::new(|| {
    register(
        IntCounter::new("regenquote_quotes_created_total", "Quotes stored.").expect("valid metric"),
    )
});

static RATE_LIMITED: LazyLock<IntCounter> = LazyLock::new(|| {
    register(
        IntCounter::new(
            "regenquote_rate_limited_total",
            "Requests refused by the rate limiter.",
        )
        .expect("valid metric"),
    )
});

static PARSER_REFUSED: LazyLock<IntCounter> = LazyLock::new(|| {
    register(
        IntCounter::new(
            "regenquote_http_parser_refused_total",
            "Connections the HTTP parser refused before the app ran (malformed or oversized \
             request heads).",
        )
        .expect("valid metric"),
    )
});

fn register(counter: IntCounter) -> IntCounter {
    // Registering the same counter twice only happens if this module is misused; keep going.
    let _ = REGISTRY.register(Box::new(counter.clone()));
    counter
}

/// Counts a stored quote.
pub fn quote_created() {
    QUOTES_CREATED.inc();
}

/// Counts a connection the HTTP parser refused.
pub fn parser_refused() {
    PARSER_REFUSED.inc();
}

/// Counts a rate-limited request.
pub fn rate_limited() {
    RATE_LIMITED.inc();
}

static HTTP: LazyLock<PrometheusMetrics> = LazyLock::new(|| {
    LazyLock::force(&QUOTES_CREATED);
    LazyLock::force(&RATE_LIMITED);
    LazyLock::force(&PARSER_REFUSED);
    PrometheusMetricsBuilder::new("regenquote")
        .registry(REGISTRY.clone())
        .mask_unmatched_patterns("unmatched")
        .build()
        .expect("the metrics middleware builds")
});

/// The request-metrics middleware. One instance per process, cloned into every worker (and
/// every app a test starts), so all share one set of counters.
pub fn middleware() -> PrometheusMetrics {
    HTTP.clone()
}

/// `GET /metrics` on the metrics listener: every metric in the Prometheus text format.
pub async fn serve() -> HttpResponse {
    LazyLock::force(&HTTP);
    let encoder = TextEncoder::new();
    let mut body = Vec::new();
    match encoder.encode(&REGISTRY.gather(), &mut body) {
        Ok(()) => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, encoder.format_type()))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(body),
        Err(e) => {
            tracing::warn!(error.cause = %e, "metrics could not be encoded");
            HttpResponse::InternalServerError().finish()
        }
    }
}
