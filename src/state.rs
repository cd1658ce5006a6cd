//! What every request can read: reference data loaded and validated once at start-up, the
//! operator's configuration, and the database.

use std::sync::Arc;

use anyhow::Context;

use crate::configuration::Settings;
use crate::coverage::CoverageRules;
use crate::financing::FinancingSettings;
use crate::pricing::PriceRange;
use crate::storage::Database;
use crate::therapy::TherapyCode;

/// Shared, read-mostly application state.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Quote storage.
    pub database: Database,
    /// The operator's financing plans, validated at start-up.
    pub financing: Arc<FinancingSettings>,
    /// Coverage rules.
    pub coverage: Arc<CoverageRules>,
}

impl AppState {
    /// Loads and validates every reference table named by `settings` (or the shipped ones);
    /// a bad file stops start-up with a message naming the file, row and field.
    pub fn load(settings: &Settings, database: Database) -> anyhow::Result<AppState> {
        settings
            .financing
            .validate()
            .map_err(|e| anyhow::anyhow!("invalid financing configuration: {e}"))?;
        let coverage = match &settings.data.coverage_rules {
            Some(path) => CoverageRules::from_path(path)
                .with_context(|| format!("coverage rules {}", path.display()))?,
            None => CoverageRules::embedded().context("shipped coverage rules")?,
        };
        Ok(AppState {
            database,
            financing: Arc::new(settings.financing.clone()),
            coverage: Arc::new(coverage),
        })
    }

    /// The cash price range of a therapy, if the price book has one.
    pub fn cash_price(&self, _therapy: TherapyCode) -> Option<PriceRange> {
        None
    }
}
