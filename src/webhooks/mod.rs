//! Webhooks to financing partners, after the Standard Webhooks specification 1.0: the parts
//! that depend on neither storage nor HTTP.
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
//! Nothing in the service sends webhooks yet: no route registers an endpoint and no worker
//! delivers.

pub mod receiver;
pub mod schedule;
pub mod signature;
