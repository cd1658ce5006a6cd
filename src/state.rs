//! What every request can read: reference data loaded at start-up and the database.

use std::sync::Arc;

use crate::financing::FinancingSettings;
use crate::storage::Database;

/// Shared, read-mostly application state.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Quote storage.
    pub database: Database,
    /// The operator's financing plans, validated at start-up.
    pub financing: Arc<FinancingSettings>,
}
