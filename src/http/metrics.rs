//! Prometheus metrics at `GET /metrics`: request counts and latency histograms by route template,
//! method and status (from actix-web-prom), plus domain counters.

use std::sync::LazyLock;

use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use prometheus::{IntCounter, Registry};

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

fn register(counter: IntCounter) -> IntCounter {
    // Registering the same counter twice only happens if this module is misused; keep going.
    let _ = REGISTRY.register(Box::new(counter.clone()));
    counter
}

/// Counts a stored quote.
pub fn quote_created() {
    QUOTES_CREATED.inc();
}

/// Counts a rate-limited request.
pub fn rate_limited() {
    RATE_LIMITED.inc();
}

static HTTP: LazyLock<PrometheusMetrics> = LazyLock::new(|| {
    LazyLock::force(&QUOTES_CREATED);
    LazyLock::force(&RATE_LIMITED);
    PrometheusMetricsBuilder::new("regenquote")
        .registry(REGISTRY.clone())
        .endpoint("/metrics")
        .mask_unmatched_patterns("unmatched")
        .build()
        .expect("the metrics middleware builds")
});

/// The request-metrics middleware, which also serves `GET /metrics`. One instance per process,
/// cloned into every worker (and every app a test starts), so all share one set of counters.
pub fn middleware() -> PrometheusMetrics {
    HTTP.clone()
}
