//! Centers that accounts manage, beside the operator's directory.
//!
//! The directory file is loaded once and indexed once (a static tree that may hold a million
//! centers); a center write never touches it. Accounts' centers and their published price
//! lists live in the database, and each replica keeps an in-memory view of them, a
//! [`CenterOverlay`], swapped whole when the database changes (see [`LiveCenters`]). Lookups
//! ask the overlay first: a row there (a center an account created, or a directory center its
//! account edited or retired) hides the directory's copy, and a retired row hides the center
//! altogether (it stays in the database for the quotes that name it).
//!
//! Who may write a center: the account whose row it is; for a directory center without a row,
//! the account the operator handed it to in configuration (`[[centers.handoff]]`), and no one
//! otherwise (it belongs to the operator, who edits the file).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::center::Center;
use super::directory::Directory;
use super::identifiers::CenterId;
use super::page::CenterPage;
use super::query::{CenterQuery, SearchError};
use super::zips::ZipTable;
use crate::pricing::CenterPrices;
use crate::pricing::price_list::{PriceListInput, in_effect};
use crate::therapy::TherapyCode;

/// A center row in the database.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnedCenter {
    /// The center as answered (its `prices` are the operator's, if it came from the directory).
    pub center: Center,
    /// The account that manages it.
    pub account: String,
    /// When it was retired; `None` while it is open.
    pub retired_at: Option<DateTime<Utc>>,
}

/// One stored version of a center's price list.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(example = json!({
    "center_id": "example-clinic-fort-worth",
    "version": 2,
    "effective_from": "2027-02-01T00:00:00Z",
    "created_at": "2027-01-20T15:04:05Z",
    "created_by_key": "clinic-office",
    "list": {
        "source": "Example Clinic cash price sheet (synthetic example)",
        "therapies": [{"therapy": "knee_msc_injection", "price": {"cents": 450000}}]
    }
}))]
pub struct PriceListVersion {
    /// The center.
    pub center_id: CenterId,
    /// The version number, from 1; also the list's `ETag` (`"2"`).
    pub version: u32,
    /// When it takes (or took) effect.
    pub effective_from: DateTime<Utc>,
    /// When it was published.
    pub created_at: DateTime<Utc>,
    /// The id of the API key that published it.
    pub created_by_key: String,
    /// The list as published.
    pub list: PriceListInput,
    /// The list as estimates price it (discounts applied).
    #[serde(skip)]
    pub prices: BTreeMap<TherapyCode, CenterPrices>,
}

impl PriceListVersion {
    /// A stored version, with its prices worked out.
    pub fn new(
        center_id: CenterId,
        version: u32,
        effective_from: DateTime<Utc>,
        created_at: DateTime<Utc>,
        created_by_key: String,
        list: PriceListInput,
    ) -> Self {
        let prices = list.center_prices(version, effective_from);
        PriceListVersion {
            center_id,
            version,
            effective_from,
            created_at,
            created_by_key,
            list,
            prices,
        }
    }
}

/// The database's centers and price lists as of one change.
#[derive(Debug, Default)]
pub struct CenterOverlay {
    /// The last change this view includes.
    pub seq: i64,
    rows: HashMap<String, OwnedCenter>,
    /// Each center's versions, oldest first.
    lists: HashMap<String, Vec<PriceListVersion>>,
    /// The open rows, indexed for search (see [`CenterOverlay::indexed`]).
    open: Option<Directory>,
    /// The directory's copies of the centers that have a row, which search must not list.
    hidden: Option<Directory>,
}

impl CenterOverlay {
    /// A view of `rows` and `versions` as of change `seq`.
    pub fn new(seq: i64, rows: Vec<OwnedCenter>, versions: Vec<PriceListVersion>) -> Self {
        let rows = rows
            .into_iter()
            .map(|r| (r.center.id.as_str().to_owned(), r))
            .collect();
        let mut lists: HashMap<String, Vec<PriceListVersion>> = HashMap::new();
        for v in versions {
            lists
                .entry(v.center_id.as_str().to_owned())
                .or_default()
                .push(v);
        }
        for versions in lists.values_mut() {
            versions.sort_by_key(|v| v.version);
        }
        CenterOverlay {
            seq,
            rows,
            lists,
            open: None,
            hidden: None,
        }
    }

    /// The view indexed for search beside `directory`: a small index of the open rows (with
    /// the prices in effect at `at`), and one of the directory centers they hide. Rows that no
    /// longer pass the directory's checks (a ZIP table changed since) are left out of search.
    pub fn indexed(mut self, directory: &Directory, zips: &ZipTable, at: DateTime<Utc>) -> Self {
        let open: Vec<Center> = self
            .rows
            .values()
            .filter(|r| r.retired_at.is_none())
            .map(|r| {
                let mut center = r.center.clone();
                if let Some(v) = self.in_effect(center.id.as_str(), at) {
                    center.prices = v.prices.clone();
                }
                center
            })
            .collect();
        let hidden: Vec<Center> = self
            .rows
            .keys()
            .filter_map(|id| directory.get(id))
            .collect();
        self.open = Directory::new(open, zips)
            .inspect_err(
                |e| tracing::warn!(error = %e, "centers managed by accounts not searchable"),
            )
            .ok();
        self.hidden = Directory::new(hidden, zips).ok();
        self
    }

    /// The database row of center `id`, retired or not.
    pub fn row(&self, id: &str) -> Option<&OwnedCenter> {
        self.rows.get(id)
    }

    /// Every database row.
    pub fn rows(&self) -> impl Iterator<Item = &OwnedCenter> {
        self.rows.values()
    }

    /// Every version of center `id`'s price list, oldest first.
    pub fn versions(&self, id: &str) -> &[PriceListVersion] {
        self.lists.get(id).map_or(&[], Vec::as_slice)
    }

    /// The latest version of center `id`'s price list (in effect or not yet).
    pub fn latest(&self, id: &str) -> Option<&PriceListVersion> {
        self.versions(id).last()
    }

    /// The version of center `id`'s price list in effect at `at`.
    pub fn in_effect(&self, id: &str, at: DateTime<Utc>) -> Option<&PriceListVersion> {
        in_effect(self.versions(id), at, |v| (v.effective_from, v.version))
    }
}

/// The live view every handler of one replica reads: the directory file (static), the
/// database overlay (swapped whole on change) and the operator's handoffs. Cheap to clone.
#[derive(Debug, Clone)]
pub struct LiveCenters {
    directory: Arc<Directory>,
    overlay: Arc<RwLock<Arc<CenterOverlay>>>,
    /// Directory center id → the account the operator handed it to.
    handoffs: Arc<BTreeMap<String, String>>,
}

/// Who may write a center.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Manager {
    /// The operator alone, through the directory file.
    Operator,
    /// This account, through the API.
    Account(String),
}

impl LiveCenters {
    /// The directory with an empty overlay and no handoffs.
    pub fn new(directory: Arc<Directory>) -> Self {
        LiveCenters {
            directory,
            // Below every change number the database answers (0 for none), so the first load
            // always replaces it.
            overlay: Arc::new(RwLock::new(Arc::new(CenterOverlay {
                seq: -1,
                ..CenterOverlay::default()
            }))),
            handoffs: Arc::new(BTreeMap::new()),
        }
    }

    /// The same view with the operator's handoffs (directory center id → account).
    pub fn with_handoffs(mut self, handoffs: BTreeMap<String, String>) -> Self {
        self.handoffs = Arc::new(handoffs);
        self
    }

    /// The directory file's centers.
    pub fn directory(&self) -> &Directory {
        &self.directory
    }

    /// The overlay as it stands now.
    pub fn overlay(&self) -> Arc<CenterOverlay> {
        match self.overlay.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Replaces the overlay, unless the one held already includes this change or a later one;
    /// answers whether it replaced it.
    pub fn replace(&self, overlay: CenterOverlay) -> bool {
        let mut guard = match self.overlay.write() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if overlay.seq <= guard.seq {
            return false;
        }
        *guard = Arc::new(overlay);
        true
    }

    /// The change the overlay includes (-1 before the database was first read).
    pub fn seq(&self) -> i64 {
        self.overlay().seq
    }

    /// Who may write center `id`; `None` when no center has it.
    pub fn manager(&self, id: &str) -> Option<Manager> {
        if let Some(row) = self.overlay().row(id) {
            return Some(Manager::Account(row.account.clone()));
        }
        self.directory.get(id)?;
        Some(match self.handoffs.get(id) {
            Some(account) => Manager::Account(account.clone()),
            None => Manager::Operator,
        })
    }

    /// Open center `id` as it stands, without its published list: the database row, else the
    /// directory's (`None` when retired or unknown).
    pub fn base_center(&self, id: &str) -> Option<Center> {
        match self.overlay().row(id) {
            Some(row) if row.retired_at.is_some() => None,
            Some(row) => Some(row.center.clone()),
            None => self.directory.get(id),
        }
    }

    /// Open center `id` as it stands at `at`: its prices are those of its price list in
    /// effect, when it has published one.
    pub fn center(&self, id: &str, at: DateTime<Utc>) -> Option<Center> {
        let mut center = self.base_center(id)?;
        if let Some(version) = self.overlay().in_effect(id, at) {
            center.prices = version.prices.clone();
        }
        Some(center)
    }

    /// The therapies open center `id` offers and its own prices for `therapy` at `at` (its
    /// published list in effect, else the operator's), or `None` when no open center has it.
    pub fn offer(
        &self,
        id: &str,
        therapy: TherapyCode,
        at: DateTime<Utc>,
    ) -> Option<(Vec<TherapyCode>, Option<CenterPrices>)> {
        let overlay = self.overlay();
        let published = overlay.in_effect(id, at);
        match overlay.row(id) {
            Some(row) if row.retired_at.is_some() => None,
            Some(row) => {
                let prices = match published {
                    Some(v) => v.prices.get(&therapy).cloned(),
                    None => row.center.prices.get(&therapy).cloned(),
                };
                Some((row.center.therapies.clone(), prices))
            }
            None => {
                let offered = self.directory.therapies(id)?.to_vec();
                let prices = match published {
                    Some(v) => v.prices.get(&therapy).cloned(),
                    None => self
                        .directory
                        .prices(id)
                        .and_then(|p| p.get(&therapy).cloned()),
                };
                Some((offered, prices))
            }
        }
    }

    /// One page of centers matching `query`, from the directory and the accounts' open
    /// centers together (see `search::search_merged`).
    pub fn search(&self, query: &CenterQuery) -> Result<CenterPage, SearchError> {
        let overlay = self.overlay();
        match (&overlay.open, &overlay.hidden) {
            (Some(open), Some(hidden)) => {
                super::search::search_merged(&self.directory, open, hidden, query)
            }
            _ => self.directory.search(query),
        }
    }

    /// The version of center `id`'s price list in effect at `at`, if any.
    pub fn version_in_effect(&self, id: &str, at: DateTime<Utc>) -> Option<u32> {
        self.overlay().in_effect(id, at).map(|v| v.version)
    }
}

#[cfg(test)]
mod tests;
