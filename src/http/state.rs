//! What every request can read: reference data loaded and validated once at start-up, the
//! operator's configuration, and the database.

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::Context;

use crate::app::configuration::Settings;
use crate::auth::Keyring;
use crate::centers::{Directory, ZipTable};
use crate::coverage::CoverageRules;
use crate::financing::FinancingSettings;
use crate::http::answer_cache::AnswerCache;
use crate::http::error::{ApiError, ErrorCode, FieldError};
use crate::pricing::{CenterPrices, EstimateRequest, PriceBook, PriceRange};
use crate::quotes::{QuotePolicy, QuoteStore};
use crate::storage::Database;
use crate::therapy::TherapyCode;

/// Shared, read-mostly application state.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database (for readiness checks).
    pub database: Database,
    /// Stored quotes.
    pub quotes: QuoteStore,
    /// The configured API keys.
    pub keyring: Arc<Keyring>,
    /// The operator's financing plans, validated at start-up.
    pub financing: Arc<FinancingSettings>,
    /// Coverage rules.
    pub coverage: Arc<CoverageRules>,
    /// The national price book and catalog.
    pub price_book: Arc<PriceBook>,
    /// US ZIP code centroids.
    pub zips: Arc<ZipTable>,
    /// The center directory with its spatial index.
    pub directory: Arc<Directory>,
    /// Recent `POST /v1/estimates` answers, serialized.
    pub estimates: AnswerCache<EstimateRequest>,
    /// Recent `GET /v1/centers` answers, serialized, by query string.
    pub center_searches: AnswerCache<String>,
    /// Each priced therapy's default-estimate range: what a patient pays when insurance does not.
    cash_prices: Arc<BTreeMap<TherapyCode, PriceRange>>,
}

impl AppState {
    /// Loads and validates every reference table named by `settings` (or the shipped ones);
    /// a bad file stops start-up with a message naming the file, row and field.
    pub fn load(settings: &Settings, database: Database) -> anyhow::Result<AppState> {
        settings.cors.validate()?;
        settings
            .financing
            .validate()
            .map_err(|e| anyhow::anyhow!("invalid financing configuration: {e}"))?;
        let coverage = match &settings.data.coverage_rules {
            Some(path) => CoverageRules::from_path(path)
                .with_context(|| format!("coverage rules {}", path.display()))?,
            None => CoverageRules::embedded().context("shipped coverage rules")?,
        };
        let price_book = match &settings.data.price_book {
            Some(path) => PriceBook::from_path(path)
                .with_context(|| format!("price book {}", path.display()))?,
            None => PriceBook::embedded().context("shipped price book")?,
        };
        let cash_prices = TherapyCode::ALL
            .into_iter()
            .filter_map(|therapy| {
                let default = EstimateRequest::for_therapy(therapy);
                let total = crate::pricing::estimate(&price_book, &default, None)
                    .ok()?
                    .total;
                Some((
                    therapy,
                    PriceRange::new(total.low_cents, total.high_cents).ok()?,
                ))
            })
            .collect();
        let zips = match &settings.data.zip_codes {
            Some(path) => ZipTable::from_path(path)
                .with_context(|| format!("ZIP table {}", path.display()))?,
            None => ZipTable::embedded().context("shipped ZIP table")?,
        };
        let directory = match &settings.data.centers {
            Some(path) => Directory::from_path(path, &zips)
                .with_context(|| format!("center directory {}", path.display()))?,
            None => Directory::embedded(&zips).context("shipped center directory")?,
        };
        let keyring = Keyring::from_settings(&settings.auth).context("invalid auth.keys")?;
        let policy = QuotePolicy::try_from(&settings.quotes).context("invalid quotes settings")?;
        let quotes = QuoteStore::new(&database, policy);
        Ok(AppState {
            database,
            quotes,
            keyring: Arc::new(keyring),
            zips: Arc::new(zips),
            directory: Arc::new(directory),
            financing: Arc::new(settings.financing.clone()),
            coverage: Arc::new(coverage),
            price_book: Arc::new(price_book),
            cash_prices: Arc::new(cash_prices),
            estimates: AnswerCache::new(settings.answer_cache.estimates_bytes),
            center_searches: AnswerCache::new(settings.answer_cache.centers_bytes),
        })
    }

    /// The cash price range of a therapy (its default estimate), if the price book has one.
    pub fn cash_price(&self, therapy: TherapyCode) -> Option<PriceRange> {
        self.cash_prices.get(&therapy).copied()
    }

    /// Checks what an estimate request names outside the price book: its ZIP must be a known
    /// US ZIP code (422 `unknown_zip`) and its center must exist (422 naming `center_id`).
    /// Answers the center's own prices for the therapy, if it publishes them.
    pub fn center_prices_for(
        &self,
        request: &EstimateRequest,
    ) -> Result<Option<&CenterPrices>, ApiError> {
        if let Some(zip) = &request.zip
            && self.zips.resolve(zip).is_none()
        {
            let detail = format!("ZIP {zip} is not a known US ZIP code");
            return Err(ApiError::new(ErrorCode::UnknownZip, detail.clone())
                .with_errors(vec![FieldError::body("/zip", detail)]));
        }
        let Some(id) = &request.center_id else {
            return Ok(None);
        };
        let prices = self.directory.prices(id).ok_or_else(|| {
            ApiError::field(FieldError::body(
                "/center_id",
                format!("no center has the id `{id}`; see GET /v1/centers"),
            ))
        })?;
        Ok(prices.get(&request.therapy))
    }
}
