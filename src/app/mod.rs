//! Wiring: layered configuration, telemetry, and the server built from them.

pub mod configuration;
pub mod reference;
pub mod startup;
pub mod telemetry;
