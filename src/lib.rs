//! regenquote: prices regenerative-medicine procedures for self-pay patients.
//!
//! The tree shows the layers:
//!
//! - [`app`]: wiring. Configuration, telemetry, and the server built from them.
//! - [`http`]: everything that speaks HTTP. Routes, extractors, the error format, middleware,
//!   rate limits, metrics, answer caches and the OpenAPI document. Routes extract, call the
//!   domain, and serialise.
//! - [`i18n`]: the languages patients read (English and Spanish), chosen from
//!   `Accept-Language`, and their message catalogs.
//! - The domain, which never imports actix: [`quoting`] (the quoting service and the typed
//!   quote), [`pricing`], [`coverage`], [`centers`], [`financing`], [`gfe`] (Good Faith
//!   Estimates), [`auth`] (API keys), [`signing`] (signatures a reader verifies offline, and
//!   the keys they are made with), [`webhooks`] (signatures, events, the retry schedule and the
//!   receiver rules of webhooks; [`app`] runs the worker that sends them), and the shared value
//!   types [`money`], [`therapy`], [`zip`] and [`calendar`] (dates as written and as US rules
//!   count them).
//! - [`storage`]: the database, the quote store, behind one protocol for SQLite and
//!   PostgreSQL, and the webhook tables (endpoints, the outbox, deliveries and attempts).
//!
//! Imports run one way: `app` → `http` → `storage` → domain, and `http` → domain; within the
//! domain, `quoting` and `gfe` build on `pricing`, `coverage`, `centers` and `financing`, and
//! `quoting` on `signing`.

pub mod app;
pub mod auth;
pub mod calendar;
pub mod centers;
pub mod coverage;
pub mod financing;
pub mod gfe;
pub mod http;
pub mod i18n;
pub mod money;
pub mod pricing;
pub mod quoting;
pub mod signing;
pub mod storage;
pub mod therapy;
pub mod webhooks;
pub mod zip;
