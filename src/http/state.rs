//! What every handler can read: the quoting service over the reference data, the quote
//! store, the API keys, and the answer caches. Built once at start-up by
//! [`crate::app::startup`].

use std::sync::Arc;

use crate::auth::Keyring;
use crate::http::answer_cache::AnswerCache;
use crate::i18n::Lang;
use crate::quoting::{EstimateKey, Quoting};
use crate::signing::Signer;
use crate::storage::Database;
use crate::storage::centers::CenterStore;
use crate::storage::quotes::{QuoteStore, StoreError};
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
    /// Centers accounts manage and their price lists.
    pub centers: CenterStore,
    /// The keys quotes are signed with, and those still published.
    pub signer: Arc<Signer>,
    /// The configured API keys.
    pub keyring: Arc<Keyring>,
    /// Prices, coverage, centers and financing, and the estimates and quotes made of them.
    pub quoting: Quoting,
    /// Recent `POST /v1/estimates` answers, serialized.
    pub estimates: AnswerCache<(Lang, EstimateKey)>,
    /// Recent `GET /v1/centers` answers, serialized, by query string.
    pub center_searches: AnswerCache<(Lang, String)>,
    /// Webhook endpoints and deliveries.
    pub webhooks: WebhookStore,
    /// Wakes this replica's webhook worker after a commit.
    pub webhook_waker: WebhookWaker,
    /// The `[webhooks]` settings: receiver rules and limits.
    pub webhook_settings: Arc<WebhookSettings>,
}

/// Reloads the live center view from the database when it changed since the view was taken;
/// answers whether it did. Remembered answers of an older view are dropped with it.
pub async fn refresh_centers(state: &AppState) -> Result<bool, StoreError> {
    let live = state.quoting.centers();
    if state.centers.seq().await? == live.seq() {
        return Ok(false);
    }
    let overlay = state.centers.load().await?.indexed(
        state.quoting.directory(),
        state.quoting.zips(),
        chrono::Utc::now(),
    );
    let replaced = live.replace(overlay);
    if replaced {
        state.estimates.clear();
        state.center_searches.clear();
    }
    Ok(replaced)
}
