//! Wiring: layered configuration, telemetry, the server built from them, and the webhook worker
//! beside it.

pub mod configuration;
pub mod reference;
pub mod startup;
pub mod telemetry;
pub mod webhook_worker;
