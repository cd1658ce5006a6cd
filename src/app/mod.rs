//! Wiring: layered configuration, telemetry, and the server built from them.

pub mod configuration;
pub mod startup;
pub mod telemetry;
