//! The center store: centers accounts manage and the versions of their price lists, in the
//! same database as quotes (tables `owned_centers`, `price_list_versions`, `center_changes`).
//!
//! Every write runs in one transaction that also appends a row to `center_changes`; writes are
//! serialised (SQLite `BEGIN IMMEDIATE`; a transaction-scoped advisory lock on PostgreSQL), so
//! change numbers are committed in order. Each replica reads the highest change number every
//! [`POLL_INTERVAL`] and, when it moved, reloads the whole view ([`CenterStore::load`]): the
//! view is small (accounts' centers, not the operator's directory), and a reload cannot miss
//! a change the way applying increments could. A replica that writes reloads at once, so its
//! own writes are visible to its next request; the others see them within one poll interval
//! plus a reload.
//!
//! A price-list version is inserted with the version number the writer expects to be next;
//! the primary key `(center_id, version)` refuses a second writer that expected the same, so
//! two back offices cannot overwrite each other even between replicas. Versions are never
//! updated or deleted (triggers refuse it).

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use sqlx::Row;
use tokio::sync::OnceCell;

use crate::centers::{Center, CenterId, CenterOverlay, OwnedCenter, PriceListVersion};
use crate::pricing::price_list::PriceListInput;
use crate::storage::Database;
use crate::storage::quotes::StoreError;

/// How often each replica checks the database for center changes.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Centers and price lists in the configured database. Cheap to clone.
#[derive(Debug, Clone)]
pub struct CenterStore {
    db: Database,
    migrated: std::sync::Arc<OnceCell<()>>,
    max_per_account: u32,
}

/// Why a write stored nothing, other than a database failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteRefused {
    /// A center with this id exists already.
    IdTaken,
    /// The account manages as many open centers as it may (`max`).
    LimitReached {
        /// The most open centers one account may manage.
        max: u32,
    },
    /// The center's row changed hands or was retired since it was read.
    Gone,
    /// The price list's current version is not the one the writer expected: `current` is it.
    Stale {
        /// The current version, `None` when none is published.
        current: Option<u32>,
    },
}

/// Which version a price-list write says it replaces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// None: this is the first version (`If-None-Match: *`).
    NoneYet,
    /// One of these (`If-Match`); an empty list matches nothing.
    AnyOf(Vec<u32>),
}

impl Expected {
    fn matches(&self, current: Option<u32>) -> bool {
        match (self, current) {
            (Expected::NoneYet, None) => true,
            (Expected::AnyOf(versions), Some(v)) => versions.contains(&v),
            _ => false,
        }
    }
}

/// A new version to store.
#[derive(Debug, Clone)]
pub struct NewVersion<'a> {
    /// The center.
    pub center_id: &'a CenterId,
    /// The version the writer says it replaces.
    pub expected: Expected,
    /// When it takes effect.
    pub effective_from: DateTime<Utc>,
    /// When it is published.
    pub created_at: DateTime<Utc>,
    /// The publishing key's id.
    pub key_id: &'a str,
    /// The publishing key's account.
    pub account: &'a str,
    /// The list.
    pub list: &'a PriceListInput,
}

/// Serialises center writes on PostgreSQL (any constant shared by every replica).
const WRITE_LOCK: i64 = 0x7265_6763_656e_7472;

fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn from_millis(column: &str, ms: i64) -> Result<DateTime<Utc>, StoreError> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .ok_or_else(|| StoreError::Corrupt(format!("{column}: {ms} is not a time")))
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(format!("not JSON: {e}")))
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Runs `$body` in a serialised write transaction `$tx` on either database.
macro_rules! write_tx {
    ($self:ident, |$tx:ident| $body:block) => {{
        $self.ensure_schema().await?;
        match &$self.db {
            Database::Sqlite(pool) => {
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                $body
            }
            Database::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(WRITE_LOCK)
                    .execute(&mut *$tx)
                    .await?;
                $body
            }
        }
    }};
}

/// Runs `$body` with `$pool` on either database.
macro_rules! read {
    ($self:ident, |$pool:ident| $body:block) => {{
        $self.ensure_schema().await?;
        match &$self.db {
            Database::Sqlite($pool) => $body,
            Database::Postgres($pool) => $body,
        }
    }};
}

impl CenterStore {
    /// The store over `database`.
    pub fn new(database: &Database) -> CenterStore {
        CenterStore {
            db: database.clone(),
            migrated: std::sync::Arc::new(OnceCell::new()),
            max_per_account: u32::MAX,
        }
    }

    /// The same store, refusing to create a center for an account that manages `max` open
    /// centers already.
    pub fn limited_to(self, max: u32) -> CenterStore {
        CenterStore {
            max_per_account: max,
            ..self
        }
    }

    /// A PostgreSQL server down at start-up is migrated before the first operation.
    async fn ensure_schema(&self) -> Result<(), StoreError> {
        if let Database::Postgres(pool) = &self.db {
            self.migrated
                .get_or_try_init(|| async {
                    crate::storage::migrate_postgres(pool)
                        .await
                        .map_err(StoreError::from)
                })
                .await?;
        }
        Ok(())
    }

    /// The highest change number (0 before any write).
    pub async fn seq(&self) -> Result<i64, StoreError> {
        read!(self, |pool| {
            let row = sqlx::query("SELECT COALESCE(MAX(seq), 0) AS seq FROM center_changes")
                .fetch_one(pool)
                .await?;
            Ok(row.try_get::<i64, _>("seq")?)
        })
    }

    /// Every center row and price-list version, as of the change number read first.
    pub async fn load(&self) -> Result<CenterOverlay, StoreError> {
        read!(self, |pool| {
            // The number is read before the rows: a change committed in between is loaded now
            // and loaded again at the next poll, never missed.
            let seq: i64 = sqlx::query("SELECT COALESCE(MAX(seq), 0) AS seq FROM center_changes")
                .fetch_one(pool)
                .await?
                .try_get("seq")?;
            let rows = sqlx::query("SELECT account, center, retired_at FROM owned_centers")
                .fetch_all(pool)
                .await?;
            let mut centers = Vec::with_capacity(rows.len());
            for row in rows {
                let text: String = row.try_get("center")?;
                let center: Center = serde_json::from_str(&text)
                    .map_err(|e| StoreError::Corrupt(format!("owned_centers.center: {e}")))?;
                let retired_at = match row.try_get::<Option<i64>, _>("retired_at")? {
                    Some(ms) => Some(from_millis("owned_centers.retired_at", ms)?),
                    None => None,
                };
                centers.push(OwnedCenter {
                    center,
                    account: row.try_get("account")?,
                    retired_at,
                });
            }
            let rows = sqlx::query(
                "SELECT center_id, version, effective_from, created_at, created_by_key, content \
                 FROM price_list_versions",
            )
            .fetch_all(pool)
            .await?;
            let mut versions = Vec::with_capacity(rows.len());
            for row in rows {
                let id: String = row.try_get("center_id")?;
                let center_id = CenterId::parse(&id).map_err(|e| {
                    StoreError::Corrupt(format!("price_list_versions.center_id: {e}"))
                })?;
                let version = u32::try_from(row.try_get::<i64, _>("version")?).map_err(|e| {
                    StoreError::Corrupt(format!("price_list_versions.version: {e}"))
                })?;
                let content: String = row.try_get("content")?;
                let list: PriceListInput = serde_json::from_str(&content).map_err(|e| {
                    StoreError::Corrupt(format!("price_list_versions.content: {e}"))
                })?;
                versions.push(PriceListVersion::new(
                    center_id,
                    version,
                    from_millis(
                        "price_list_versions.effective_from",
                        row.try_get("effective_from")?,
                    )?,
                    from_millis("price_list_versions.created_at", row.try_get("created_at")?)?,
                    row.try_get("created_by_key")?,
                    list,
                ));
            }
            Ok(CenterOverlay::new(seq, centers, versions))
        })
    }

    /// Stores a new center managed by `account`, unless a row already has its id.
    pub async fn create(
        &self,
        center: &Center,
        account: &str,
        key_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<(), WriteRefused>, StoreError> {
        let json = to_json(center)?;
        let max = self.max_per_account;
        write_tx!(self, |tx| {
            // Writes are serialised, so the count cannot change before the insert.
            let open: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM owned_centers WHERE account = $1 AND retired_at IS NULL",
            )
            .bind(account)
            .fetch_one(&mut *tx)
            .await?;
            if open >= i64::from(max) {
                return Ok(Err(WriteRefused::LimitReached { max }));
            }
            let inserted = sqlx::query(
                "INSERT INTO owned_centers \
                 (id, account, center, created_by_key, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $5)",
            )
            .bind(center.id.as_str())
            .bind(account)
            .bind(&json)
            .bind(key_id)
            .bind(millis(now))
            .execute(&mut *tx)
            .await;
            match inserted {
                Err(e) if is_unique_violation(&e) => return Ok(Err(WriteRefused::IdTaken)),
                other => other?,
            };
            sqlx::query("INSERT INTO center_changes (center_id, changed_at) VALUES ($1, $2)")
                .bind(center.id.as_str())
                .bind(millis(now))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(Ok(()))
        })
    }

    /// Stores `center` as it now stands (retired when `retire`): updates its row if `account`
    /// holds it and it is open, or inserts the first row of a directory center handed to
    /// `account` (`first_row`).
    pub async fn save(
        &self,
        center: &Center,
        account: &str,
        key_id: &str,
        first_row: bool,
        retire: bool,
        now: DateTime<Utc>,
    ) -> Result<Result<(), WriteRefused>, StoreError> {
        let json = to_json(center)?;
        let retired_at = retire.then(|| millis(now));
        write_tx!(self, |tx| {
            let changed = if first_row {
                let inserted = sqlx::query(
                    "INSERT INTO owned_centers \
                     (id, account, center, created_by_key, created_at, updated_at, retired_at) \
                     VALUES ($1, $2, $3, $4, $5, $5, $6)",
                )
                .bind(center.id.as_str())
                .bind(account)
                .bind(&json)
                .bind(key_id)
                .bind(millis(now))
                .bind(retired_at)
                .execute(&mut *tx)
                .await;
                match inserted {
                    // Another replica wrote the first row meanwhile: read again and retry.
                    Err(e) if is_unique_violation(&e) => return Ok(Err(WriteRefused::Gone)),
                    other => other?.rows_affected(),
                }
            } else {
                sqlx::query(
                    "UPDATE owned_centers SET center = $1, updated_at = $2, retired_at = $3 \
                     WHERE id = $4 AND account = $5 AND retired_at IS NULL",
                )
                .bind(&json)
                .bind(millis(now))
                .bind(retired_at)
                .bind(center.id.as_str())
                .bind(account)
                .execute(&mut *tx)
                .await?
                .rows_affected()
            };
            if changed != 1 {
                return Ok(Err(WriteRefused::Gone));
            }
            sqlx::query("INSERT INTO center_changes (center_id, changed_at) VALUES ($1, $2)")
                .bind(center.id.as_str())
                .bind(millis(now))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(Ok(()))
        })
    }

    /// Stores the next version of a price list, if the current one is still `expected`;
    /// answers the new version's number.
    pub async fn publish(
        &self,
        new: NewVersion<'_>,
    ) -> Result<Result<u32, WriteRefused>, StoreError> {
        let content = to_json(new.list)?;
        let id = new.center_id.as_str();
        write_tx!(self, |tx| {
            let current: Option<i64> = sqlx::query(
                "SELECT MAX(version) AS version FROM price_list_versions WHERE center_id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("version")?;
            let current = current.and_then(|v| u32::try_from(v).ok());
            if !new.expected.matches(current) {
                return Ok(Err(WriteRefused::Stale { current }));
            }
            let next = current.map_or(1, |v| v + 1);
            let inserted = sqlx::query(
                "INSERT INTO price_list_versions \
                 (center_id, version, effective_from, created_at, created_by_key, account, content) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(i64::from(next))
            .bind(millis(new.effective_from))
            .bind(millis(new.created_at))
            .bind(new.key_id)
            .bind(new.account)
            .bind(&content)
            .execute(&mut *tx)
            .await;
            match inserted {
                Err(e) if is_unique_violation(&e) => {
                    return Ok(Err(WriteRefused::Stale {
                        current: Some(next),
                    }));
                }
                other => other?,
            };
            sqlx::query("INSERT INTO center_changes (center_id, changed_at) VALUES ($1, $2)")
                .bind(id)
                .bind(millis(new.created_at))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(Ok(next))
        })
    }
}
