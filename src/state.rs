//! What every request can read: reference data loaded at start-up and the database.

use crate::storage::Database;

/// Shared, read-mostly application state.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Quote storage.
    pub database: Database,
}
