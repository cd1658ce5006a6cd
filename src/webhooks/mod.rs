//! Webhooks to financing partners, after the Standard Webhooks specification 1.0.
//!
//! The parts that depend on neither storage nor HTTP:
//!
//! - [`signature`]: endpoint signing secrets (`whsec_…`) and the `webhook-signature` header,
//!   HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`, one signature per secret
//!   (space-separated while a rotated secret still signs).
//! - [`schedule`]: when a failed delivery is tried again: the specification's schedule
//!   (about three days), with jitter and `Retry-After` given by the caller, so that it is a pure
//!   function of its inputs.
//! - [`receiver`]: which URLs may receive webhooks: `https`, or `http` for hosts the operator
//!   lists, and never an address of the service's own network unless listed.
//!
//! - [`event`]: the event types and their thin payloads (the quote's id, account and status;
//!   never patient data).
//!
//! And the parts that make them happen:
//!
//! - Accounts register endpoints with `POST /v1/webhook-endpoints`
//!   ([`crate::http::routes::webhook_endpoints`]).
//! - Storing a quote writes its events, and one delivery per subscribed endpoint, in the
//!   quote's own transaction (an outbox, [`crate::storage::webhooks`]); a scan writes
//!   `quote.expiring` and `quote.expired` once per quote.
//! - The worker ([`crate::app::webhook_worker`]) claims due deliveries, sends them signed,
//!   records every attempt and schedules retries; [`clock`] lets tests move its time, and a
//!   [`WebhookWaker`] wakes it right after a commit.
//! - [`settings`]: the `[webhooks]` section.

pub mod clock;
pub mod event;
pub mod receiver;
pub mod schedule;
pub mod settings;
pub mod signature;

use std::sync::Arc;

use tokio::sync::Notify;

/// Wakes this replica's webhook worker: a delivery was just committed.
#[derive(Debug, Clone, Default)]
pub struct WebhookWaker(Arc<Notify>);

impl WebhookWaker {
    /// Wakes the worker (or makes its next wait return at once).
    pub fn wake(&self) {
        self.0.notify_one();
    }

    /// Returns when woken (at once if woken since the last call).
    pub async fn notified(&self) {
        self.0.notified().await;
    }
}
