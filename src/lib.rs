//! regenquote: prices regenerative-medicine procedures for self-pay patients.

pub mod answer_cache;
pub mod auth;
pub mod centers;
pub mod configuration;
pub mod coverage;
pub mod error;
pub mod extract;
pub mod financing;
pub mod gfe;
pub mod limits;
pub mod metrics;
pub mod middleware;
pub mod money;
pub mod openapi;
pub mod pricing;
pub mod quotes;
pub mod routes;
pub mod startup;
pub mod state;
pub mod storage;
pub mod telemetry;
pub mod therapy;
pub mod zip;
