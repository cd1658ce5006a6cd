//! Webhook endpoints, the outbox of events and their deliveries, over SQLite or PostgreSQL.
//!
//! The webhook tables keep times as Unix milliseconds in both databases, so each operation
//! is one SQL text run on either (`$n` placeholders; SQLite reads them as numbered too).
//!
//! - Endpoints are an account's: every statement on one names the account, so another
//!   account's endpoint reads as unknown.
//! - Events are written by [`outbox`] inside the transaction of the change they report.
//! - A worker claims due deliveries with one `UPDATE … RETURNING` that sets a lease
//!   (`claimed_until`): on PostgreSQL the rows are picked `FOR UPDATE SKIP LOCKED`, so replicas
//!   claiming at once take disjoint rows; on SQLite the statement holds the database's write
//!   lock. A replica that dies holding a claim loses it when the lease ends, and another
//!   replica sends the delivery again with the same `webhook-id`.
//! - SQLite writes here are short transactions on the pool beside the quote writer's; SQLite's
//!   lock (with its busy timeout) orders them.

pub(crate) mod outbox;

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use sqlx::Row;
use sqlx::postgres::PgPool;
use sqlx::sqlite::SqlitePool;
use tokio::sync::OnceCell;

use crate::quoting::QuoteId;
use crate::storage::Database;
use crate::storage::quotes::StoreError;
use crate::webhooks::event::{
    EventType, QuoteEvent, QuoteFacts, parse_event_list, stored_event_list,
};

/// The largest page of a list.
pub const MAX_PAGE: u32 = 100;

/// A registered receiver.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// `we_…`.
    pub id: String,
    /// The account that registered it.
    pub account: String,
    /// Whether it receives every account's events (registered with a key that reads any
    /// quote).
    pub every_account: bool,
    /// Where webhooks are sent.
    pub url: String,
    /// The event types it receives.
    pub events: Vec<EventType>,
    /// Whether webhooks are sent to it.
    pub enabled: bool,
    /// Why the service disabled it, if it did.
    pub disabled_reason: Option<String>,
    /// The signing secret (`whsec_…`).
    pub secret: String,
    /// The secret it replaced, still signing until `previous_until`.
    pub previous_secret: Option<String>,
    /// When the previous secret stops signing.
    pub previous_until: Option<DateTime<Utc>>,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

/// What a `PATCH` changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EndpointChange {
    /// A new URL.
    pub url: Option<String>,
    /// A new set of event types.
    pub events: Option<Vec<EventType>>,
    /// Enable or disable.
    pub enabled: Option<bool>,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Waiting for its next attempt.
    Pending,
    /// A 2xx answered it.
    Delivered,
    /// Its schedule is spent, or its endpoint answered 410.
    Failed,
}

impl DeliveryStatus {
    fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Result<DeliveryStatus, StoreError> {
        match s {
            "pending" => Ok(DeliveryStatus::Pending),
            "delivered" => Ok(DeliveryStatus::Delivered),
            "failed" => Ok(DeliveryStatus::Failed),
            other => Err(StoreError::Corrupt(format!("delivery status {other:?}"))),
        }
    }
}

/// One attempt to deliver.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// 1 for the first.
    pub number: u32,
    /// When it started.
    pub at: DateTime<Utc>,
    /// The receiver's status code, if it answered.
    pub status_code: Option<u16>,
    /// What went wrong, if it did not answer: `timeout`, `connect`, `refused_address`, …
    pub error: Option<String>,
    /// How long it took, in milliseconds.
    pub duration_ms: u64,
}

/// One event to one endpoint, with its attempts.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// The event's id, the `webhook-id` header.
    pub event_id: String,
    /// The event's type.
    pub event_type: String,
    /// The quote the event is about.
    pub quote_id: String,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// When its next attempt is due (pending only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When the event happened.
    pub created_at: DateTime<Utc>,
    /// Every attempt, oldest first.
    pub attempts: Vec<Attempt>,
}

/// A delivery a worker claimed, with all it needs to send it.
#[derive(Debug, Clone)]
pub struct Due {
    /// The endpoint.
    pub endpoint_id: String,
    /// The event's id (the `webhook-id`).
    pub event_id: String,
    /// Attempts made before this one.
    pub attempts: u32,
    /// The endpoint's URL.
    pub url: String,
    /// Its signing secret.
    pub secret: String,
    /// The secret being rotated out, while it still signs.
    pub previous_secret: Option<String>,
    /// When that one stops signing.
    pub previous_until: Option<DateTime<Utc>>,
    /// The exact body.
    pub payload: String,
}

/// What follows an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterAttempt {
    /// Delivered.
    Delivered,
    /// Try again at this instant.
    RetryAt(DateTime<Utc>),
    /// Give up on this delivery.
    GiveUp,
    /// The receiver answered 410: give up and disable the endpoint.
    Gone,
}

/// The webhook tables in the configured database. Cheap to clone.
#[derive(Clone)]
pub struct WebhookStore {
    db: Db,
}

#[derive(Clone)]
enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool, Arc<OnceCell<()>>),
}

impl std::fmt::Debug for WebhookStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.db {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(..) => "postgres",
        };
        f.debug_struct("WebhookStore").field("db", &kind).finish()
    }
}

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

fn time(column: &str, ms: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| StoreError::Corrupt(format!("{column}: {ms} is not a time")))
}

/// Runs `$body` with `$pool` bound to whichever pool the store has: the same statements on
/// either database.
macro_rules! on_pool {
    ($self:ident, $pool:ident => $body:expr) => {
        match &$self.db {
            Db::Sqlite($pool) => $body,
            Db::Postgres(pg, schema) => {
                schema
                    .get_or_try_init(|| crate::storage::migrate_postgres(pg))
                    .await
                    .map_err(|e| StoreError::Schema(Arc::new(e)))?;
                let $pool = pg;
                $body
            }
        }
    };
}

macro_rules! endpoint_from {
    ($r:expr) => {{
        let r = $r;
        Endpoint {
            id: r.try_get("id")?,
            account: r.try_get("account")?,
            every_account: r.try_get::<i64, _>("every_account")? == 1,
            url: r.try_get("url")?,
            events: parse_event_list(&r.try_get::<String, _>("events")?),
            enabled: r.try_get::<i64, _>("enabled")? == 1,
            disabled_reason: r.try_get("disabled_reason")?,
            secret: r.try_get("secret")?,
            previous_secret: r.try_get("previous_secret")?,
            previous_until: r
                .try_get::<Option<i64>, _>("previous_until")?
                .map(|t| time("previous_until", t))
                .transpose()?,
            created_at: time("created_at", r.try_get("created_at")?)?,
            updated_at: time("updated_at", r.try_get("updated_at")?)?,
        }
    }};
}

const ENDPOINT_COLUMNS: &str = "id, account, every_account, url, events, enabled, disabled_reason, \
     secret, previous_secret, previous_until, created_at, updated_at";

/// Claims due deliveries: the rows are picked (on PostgreSQL, skipping rows another replica
/// has locked) and leased in one statement.
fn claim_sql(postgres: bool) -> String {
    format!(
        "UPDATE webhook_deliveries SET claimed_until = $1 \
         WHERE (endpoint_id, event_id) IN ( \
             SELECT d.endpoint_id, d.event_id FROM webhook_deliveries d \
             JOIN webhook_endpoints e ON e.id = d.endpoint_id \
             WHERE d.status = 'pending' AND d.next_attempt_at <= $2 \
               AND (d.claimed_until IS NULL OR d.claimed_until <= $2) AND e.enabled = 1 \
             ORDER BY d.next_attempt_at LIMIT $3{}) \
         RETURNING endpoint_id, event_id, attempts",
        if postgres {
            " FOR UPDATE OF d SKIP LOCKED"
        } else {
            ""
        }
    )
}

impl WebhookStore {
    /// The store over `database`.
    pub fn new(database: &Database) -> WebhookStore {
        let db = match database {
            Database::Sqlite(pool) => Db::Sqlite(pool.clone()),
            Database::Postgres(pool) => Db::Postgres(pool.clone(), Arc::default()),
        };
        WebhookStore { db }
    }

    /// Registers `endpoint` unless its account has `max_per_account` already; `false` then.
    pub async fn create_endpoint(
        &self,
        endpoint: &Endpoint,
        max_per_account: u32,
    ) -> Result<bool, StoreError> {
        let sql = "INSERT INTO webhook_endpoints (id, account, every_account, url, events, \
                   enabled, disabled_reason, secret, previous_secret, previous_until, created_at, \
                   updated_at) \
                   SELECT $1, $2, $3, $4, $5, $6, NULL, $7, NULL, NULL, $8, $8 \
                   WHERE (SELECT count(*) FROM webhook_endpoints WHERE account = $2) < $9";
        let e = endpoint;
        let done = on_pool!(self, pool => sqlx::query(sql)
            .bind(&e.id)
            .bind(&e.account)
            .bind(i64::from(e.every_account))
            .bind(&e.url)
            .bind(stored_event_list(&e.events))
            .bind(i64::from(e.enabled))
            .bind(&e.secret)
            .bind(ms(e.created_at))
            .bind(i64::from(max_per_account))
            .execute(pool)
            .await?
            .rows_affected());
        Ok(done == 1)
    }

    /// The account's endpoint `id`, or `None` (also for another account's).
    pub async fn endpoint(&self, account: &str, id: &str) -> Result<Option<Endpoint>, StoreError> {
        let sql = format!(
            "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1 AND account = $2"
        );
        on_pool!(self, pool => {
            let row = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(id)
                .bind(account)
                .fetch_optional(pool)
                .await?;
            match row {
                Some(r) => Ok(Some(endpoint_from!(&r))),
                None => Ok(None),
            }
        })
    }

    /// Up to `limit` of the account's endpoints, oldest first, after the endpoint `after`.
    pub async fn endpoints(
        &self,
        account: &str,
        limit: u32,
        after: Option<&str>,
    ) -> Result<Vec<Endpoint>, StoreError> {
        let sql = format!(
            "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE account = $1 \
             AND ($2 IS NULL OR (created_at, id) > \
                  (SELECT created_at, id FROM webhook_endpoints WHERE id = $2 AND account = $1)) \
             ORDER BY created_at, id LIMIT $3"
        );
        let limit = i64::from(limit.min(MAX_PAGE));
        on_pool!(self, pool => {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(account)
                .bind(after)
                .bind(limit)
                .fetch_all(pool)
                .await?;
            rows.iter().map(|r| Ok(endpoint_from!(r))).collect()
        })
    }

    /// Applies `change` to the account's endpoint `id` at `now`; the endpoint as it is then, or
    /// `None`. Enabling an endpoint clears why it was disabled.
    pub async fn update_endpoint(
        &self,
        account: &str,
        id: &str,
        change: &EndpointChange,
        now: DateTime<Utc>,
    ) -> Result<Option<Endpoint>, StoreError> {
        let sql = "UPDATE webhook_endpoints SET url = COALESCE($3, url), \
                   events = COALESCE($4, events), enabled = COALESCE($5, enabled), \
                   disabled_reason = CASE WHEN $5 IS NULL THEN disabled_reason ELSE NULL END, \
                   updated_at = $6 WHERE id = $1 AND account = $2";
        let changed = on_pool!(self, pool => sqlx::query(sql)
            .bind(id)
            .bind(account)
            .bind(change.url.as_deref())
            .bind(change.events.as_deref().map(stored_event_list))
            .bind(change.enabled.map(i64::from))
            .bind(ms(now))
            .execute(pool)
            .await?
            .rows_affected());
        if changed == 0 {
            return Ok(None);
        }
        self.endpoint(account, id).await
    }

    /// Deletes the account's endpoint `id` with its deliveries; `false` if there was none.
    pub async fn delete_endpoint(&self, account: &str, id: &str) -> Result<bool, StoreError> {
        // Attempts and deliveries first: SQLite enforces the foreign keys only when told to.
        let statements = [
            "DELETE FROM webhook_attempts WHERE endpoint_id = \
             (SELECT id FROM webhook_endpoints WHERE id = $1 AND account = $2)",
            "DELETE FROM webhook_deliveries WHERE endpoint_id = \
             (SELECT id FROM webhook_endpoints WHERE id = $1 AND account = $2)",
            "DELETE FROM webhook_endpoints WHERE id = $1 AND account = $2",
        ];
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let mut gone = 0;
            for sql in statements {
                gone = sqlx::query(sql)
                    .bind(id)
                    .bind(account)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            }
            tx.commit().await?;
            Ok(gone == 1)
        })
    }

    /// Gives the account's endpoint `id` the secret `secret`; the one it had keeps signing
    /// until `now + overlap`. The endpoint as it is then, or `None`.
    pub async fn rotate_secret(
        &self,
        account: &str,
        id: &str,
        secret: &str,
        now: DateTime<Utc>,
        overlap: TimeDelta,
    ) -> Result<Option<Endpoint>, StoreError> {
        let sql = "UPDATE webhook_endpoints SET previous_secret = secret, secret = $3, \
                   previous_until = $4, updated_at = $5 WHERE id = $1 AND account = $2";
        let changed = on_pool!(self, pool => sqlx::query(sql)
            .bind(id)
            .bind(account)
            .bind(secret)
            .bind(ms(now + overlap))
            .bind(ms(now))
            .execute(pool)
            .await?
            .rows_affected());
        if changed == 0 {
            return Ok(None);
        }
        self.endpoint(account, id).await
    }

    /// Up to `limit` deliveries to the endpoint, newest first, older than the event `before`,
    /// each with its attempts.
    pub async fn deliveries(
        &self,
        endpoint_id: &str,
        limit: u32,
        before: Option<&str>,
    ) -> Result<Vec<Delivery>, StoreError> {
        // One statement, so the deliveries and their attempts are read from one snapshot.
        let sql = "SELECT p.event_id AS event_id, p.type AS type, p.quote_id AS quote_id, \
                   p.status AS status, p.next_attempt_at AS next_attempt_at, \
                   p.created_at AS created_at, a.number AS number, a.at AS at, \
                   a.status_code AS status_code, a.error AS error, a.duration_ms AS duration_ms \
                   FROM (SELECT d.event_id AS event_id, e.type AS type, e.quote_id AS quote_id, \
                                d.status AS status, d.next_attempt_at AS next_attempt_at, \
                                e.created_at AS created_at \
                         FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id \
                         WHERE d.endpoint_id = $1 AND ($2 IS NULL OR (e.created_at, e.id) < \
                             (SELECT created_at, id FROM webhook_events WHERE id = $2)) \
                         ORDER BY e.created_at DESC, e.id DESC LIMIT $3) p \
                   LEFT JOIN webhook_attempts a \
                       ON a.endpoint_id = $1 AND a.event_id = p.event_id \
                   ORDER BY p.created_at DESC, p.event_id DESC, a.number";
        let limit = i64::from(limit.min(MAX_PAGE));
        on_pool!(self, pool => {
            let rows = sqlx::query(sql)
                .bind(endpoint_id)
                .bind(before)
                .bind(limit)
                .fetch_all(pool)
                .await?;
            let mut deliveries: Vec<Delivery> = Vec::new();
            for r in &rows {
                let event_id: String = r.try_get("event_id")?;
                if deliveries.last().is_none_or(|d| d.event_id != event_id) {
                    let status = DeliveryStatus::parse(&r.try_get::<String, _>("status")?)?;
                    deliveries.push(Delivery {
                        event_type: r.try_get("type")?,
                        quote_id: r.try_get("quote_id")?,
                        next_attempt_at: match status {
                            DeliveryStatus::Pending => {
                                Some(time("next_attempt_at", r.try_get("next_attempt_at")?)?)
                            }
                            _ => None,
                        },
                        created_at: time("created_at", r.try_get("created_at")?)?,
                        event_id,
                        status,
                        attempts: Vec::new(),
                    });
                }
                let Some(number) = r.try_get::<Option<i64>, _>("number")? else {
                    continue;
                };
                let at: i64 = r.try_get::<Option<i64>, _>("at")?.unwrap_or_default();
                let duration: i64 = r.try_get::<Option<i64>, _>("duration_ms")?.unwrap_or(0);
                if let Some(d) = deliveries.last_mut() {
                    d.attempts.push(Attempt {
                        number: u32::try_from(number).unwrap_or(0),
                        at: time("at", at)?,
                        status_code: r
                            .try_get::<Option<i64>, _>("status_code")?
                            .and_then(|s| u16::try_from(s).ok()),
                        error: r.try_get("error")?,
                        duration_ms: u64::try_from(duration).unwrap_or(0),
                    });
                }
            }
            Ok(deliveries)
        })
    }

    /// Makes the delivery of `event_id` to the endpoint due again at `now`, whatever became
    /// of it; `false` if there is no such delivery.
    pub async fn resend(
        &self,
        endpoint_id: &str,
        event_id: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let sql = "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $3, \
                   claimed_until = NULL, updated_at = $3 \
                   WHERE endpoint_id = $1 AND event_id = $2";
        let changed = on_pool!(self, pool => sqlx::query(sql)
            .bind(endpoint_id)
            .bind(event_id)
            .bind(ms(now))
            .execute(pool)
            .await?
            .rows_affected());
        Ok(changed == 1)
    }

    /// Claims up to `limit` deliveries due at `now`, leased until `lease_until`, with what
    /// sending each needs.
    pub async fn claim_due(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Due>, StoreError> {
        let details = "SELECT e.url AS url, e.secret AS secret, \
                       e.previous_secret AS previous_secret, e.previous_until AS previous_until, \
                       v.payload AS payload \
                       FROM webhook_endpoints e, webhook_events v WHERE e.id = $1 AND v.id = $2";
        let postgres = matches!(self.db, Db::Postgres(..));
        let claim = claim_sql(postgres);
        on_pool!(self, pool => {
            let claimed = sqlx::query(sqlx::AssertSqlSafe(claim))
                .bind(ms(lease_until))
                .bind(ms(now))
                .bind(i64::from(limit))
                .fetch_all(pool)
                .await?;
            let mut due = Vec::with_capacity(claimed.len());
            for c in &claimed {
                let endpoint_id: String = c.try_get("endpoint_id")?;
                let event_id: String = c.try_get("event_id")?;
                let Some(d) = sqlx::query(details)
                    .bind(&endpoint_id)
                    .bind(&event_id)
                    .fetch_optional(pool)
                    .await?
                else {
                    // Deleted since: nothing to send.
                    continue;
                };
                due.push(Due {
                    attempts: u32::try_from(c.try_get::<i64, _>("attempts")?).unwrap_or(0),
                    url: d.try_get("url")?,
                    secret: d.try_get("secret")?,
                    previous_secret: d.try_get("previous_secret")?,
                    previous_until: d
                        .try_get::<Option<i64>, _>("previous_until")?
                        .map(|t| time("previous_until", t))
                        .transpose()?,
                    payload: d.try_get("payload")?,
                    endpoint_id,
                    event_id,
                });
            }
            Ok(due)
        })
    }

    /// Records `attempt` of the claimed delivery and what follows it, in one transaction: the
    /// delivery's new status and due time, and for [`AfterAttempt::Gone`] the endpoint
    /// disabled with its other pending deliveries failed.
    pub async fn record_attempt(
        &self,
        due: &Due,
        attempt: &Attempt,
        after: AfterAttempt,
    ) -> Result<(), StoreError> {
        let (status, next) = match after {
            AfterAttempt::Delivered => (DeliveryStatus::Delivered, attempt.at),
            AfterAttempt::RetryAt(at) => (DeliveryStatus::Pending, at),
            AfterAttempt::GiveUp | AfterAttempt::Gone => (DeliveryStatus::Failed, attempt.at),
        };
        let now = ms(attempt.at);
        on_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "UPDATE webhook_deliveries SET status = $3, attempts = $4, next_attempt_at = $5, \
                 claimed_until = NULL, updated_at = $6 WHERE endpoint_id = $1 AND event_id = $2",
            )
            .bind(&due.endpoint_id)
            .bind(&due.event_id)
            .bind(status.as_str())
            .bind(i64::from(attempt.number))
            .bind(ms(next))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO webhook_attempts (endpoint_id, event_id, number, at, status_code, \
                 error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (endpoint_id, event_id, number) DO NOTHING",
            )
            .bind(&due.endpoint_id)
            .bind(&due.event_id)
            .bind(i64::from(attempt.number))
            .bind(now)
            .bind(attempt.status_code.map(i64::from))
            .bind(attempt.error.as_deref())
            .bind(i64::try_from(attempt.duration_ms).unwrap_or(i64::MAX))
            .execute(&mut *tx)
            .await?;
            if after == AfterAttempt::Gone {
                sqlx::query(
                    "UPDATE webhook_endpoints SET enabled = 0, \
                     disabled_reason = 'the receiver answered 410 Gone', updated_at = $2 \
                     WHERE id = $1",
                )
                .bind(&due.endpoint_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE webhook_deliveries SET status = 'failed', claimed_until = NULL, \
                     updated_at = $2 WHERE endpoint_id = $1 AND status = 'pending'",
                )
                .bind(&due.endpoint_id)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        })
    }

    /// Writes one `kind` event (`quote.expiring` or `quote.expired`) for each quote that has
    /// reached its moment at `now` and has none yet: expired quotes, or quotes expiring within
    /// `lead`. Only quotes whose `quote.created` event was written (so their account is known)
    /// and that were not superseded; up to `limit` a call, the latest to expire first (a
    /// backlog, say after downtime, is worked through by the next calls). Returns how many
    /// deliveries were queued; replicas scanning at once write each event once (one per quote
    /// and type).
    pub async fn scan_expiry(
        &self,
        kind: EventType,
        now: DateTime<Utc>,
        lead: TimeDelta,
        limit: u32,
    ) -> Result<u64, StoreError> {
        let until = match kind {
            EventType::QuoteExpiring => now + lead,
            _ => now,
        };
        // The quotes table keeps its own time type on each database.
        let find = |postgres: bool| {
            let expires = if postgres {
                "(EXTRACT(EPOCH FROM q.expires_at) * 1000)::BIGINT"
            } else {
                "q.expires_at"
            };
            format!(
                "SELECT c.quote_id AS quote_id, c.account AS account, {expires} AS expires_at \
                 FROM webhook_events c JOIN quotes q ON q.id = c.quote_id \
                 WHERE c.type = 'quote.created' AND {expires} <= $1 AND {expires} > $2 \
                 AND NOT EXISTS (SELECT 1 FROM webhook_events x \
                                 WHERE x.quote_id = c.quote_id AND x.type = $3) \
                 AND NOT EXISTS (SELECT 1 FROM quote_supersessions s \
                                 WHERE s.quote_id = c.quote_id) \
                 ORDER BY {expires} DESC LIMIT $4"
            )
        };
        // An expiring notice makes no sense once the quote has expired.
        let after = match kind {
            EventType::QuoteExpiring => ms(now),
            _ => i64::MIN,
        };
        let postgres = matches!(self.db, Db::Postgres(..));
        let sql = find(postgres);
        on_pool!(self, pool => {
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(ms(until))
                .bind(after)
                .bind(kind.as_str())
                .bind(i64::from(limit))
                .fetch_all(pool)
                .await?;
            let mut written = 0;
            for r in &rows {
                let quote_id: QuoteId = r
                    .try_get::<String, _>("quote_id")?
                    .parse()
                    .map_err(|_| StoreError::Corrupt("webhook_events.quote_id".into()))?;
                let account: String = r.try_get("account")?;
                let expires_at = time("expires_at", r.try_get("expires_at")?)?;
                let event = QuoteEvent::new(
                    kind,
                    QuoteFacts {
                        quote_id: &quote_id,
                        account: &account,
                        expires_at: Some(expires_at),
                        superseded_by: None,
                    },
                    now,
                );
                let mut tx = pool.begin().await?;
                written += enqueue(&mut *tx, &event, now).await?;
                tx.commit().await?;
            }
            Ok(written)
        })
    }

    /// How many deliveries are pending (for metrics and tests).
    pub async fn pending(&self) -> Result<i64, StoreError> {
        on_pool!(self, pool => Ok(sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'",
        )
        .fetch_one(pool)
        .await?))
    }
}

/// The outbox writer of the connection's database.
trait Enqueue {
    async fn enqueue_event(
        &mut self,
        event: &QuoteEvent,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError>;
}

impl Enqueue for sqlx::SqliteConnection {
    async fn enqueue_event(
        &mut self,
        event: &QuoteEvent,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        outbox::enqueue_sqlite(self, event, now).await
    }
}

impl Enqueue for sqlx::PgConnection {
    async fn enqueue_event(
        &mut self,
        event: &QuoteEvent,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        outbox::enqueue_postgres(self, event, now).await
    }
}

async fn enqueue<C: Enqueue>(
    conn: &mut C,
    event: &QuoteEvent,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    conn.enqueue_event(event, now).await
}
