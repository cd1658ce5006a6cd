//! Everything that speaks HTTP: the routes, the extractors and the one error format they
//! answer with, the middleware (CORS, rate limits, timeouts, security headers, metrics, the
//! answer's language), the answer caches and the OpenAPI document. Handlers extract, call the domain, map its errors
//! and serialise; nothing below this module imports actix.

pub mod access;
pub mod answer_cache;
pub mod error;
pub mod extract;
pub mod language;
pub mod limits;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod routes;
pub mod state;
