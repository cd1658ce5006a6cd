//! What every handler can read: the quoting service over the reference data, the quote
//! store, the API keys, and the answer caches. Built once at start-up by
//! [`crate::app::startup`].

use std::sync::Arc;

use crate::auth::Keyring;
use crate::http::answer_cache::AnswerCache;
use crate::pricing::EstimateRequest;
use crate::quoting::Quoting;
use crate::signing::Signer;
use crate::storage::Database;
use crate::storage::quotes::QuoteStore;
use crate::storage::webhooks::WebhookStore;
use crate::webhooks::WebhookWaker;
use crate::webhooks::settings::WebhookSettings;

/// Shared, read-mostly application state.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database (for readiness checks).
    pub database: Database,
    /// Stored quotes.
    pub quotes: QuoteStore,
    /// The keys quotes are signed with, and those still published.
    pub signer: Arc<Signer>,
    /// The configured API keys.
    pub keyring: Arc<Keyring>,
    /// Prices, coverage, centers and financing, and the estimates and quotes made of them.
    pub quoting: Quoting,
    /// Recent `POST /v1/estimates` answers, serialized.
    pub estimates: AnswerCache<EstimateRequest>,
    /// Recent `GET /v1/centers` answers, serialized, by query string.
    pub center_searches: AnswerCache<String>,
    /// Webhook endpoints and deliveries.
    pub webhooks: WebhookStore,
    /// Wakes this replica's webhook worker after a commit.
    pub webhook_waker: WebhookWaker,
    /// The `[webhooks]` settings: receiver rules and limits.
    pub webhook_settings: Arc<WebhookSettings>,
}
