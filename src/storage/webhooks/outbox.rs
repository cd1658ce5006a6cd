//! The outbox: an event and its deliveries, written inside a transaction someone else opened
//! (the quote's, or the expiry scan's), so that the event exists exactly when the change it
//! reports does. A crash after the commit loses nothing: the deliveries wait in the database
//! for any replica's worker.
//!
//! The same statements run on both databases (times are Unix milliseconds in the webhook
//! tables of both).

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, SqliteConnection};

use crate::storage::quotes::StoreError;
use crate::webhooks::event::QuoteEvent;

/// Stores the event unless one of its type exists for its quote already, then one pending
/// delivery, due at once, to each enabled endpoint subscribed to its type that receives its
/// account's events.
const INSERT_EVENT: &str = "INSERT INTO webhook_events (id, account, type, quote_id, payload, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (quote_id, type) DO NOTHING";

const INSERT_DELIVERIES: &str = "INSERT INTO webhook_deliveries \
     (endpoint_id, event_id, status, attempts, next_attempt_at, claimed_until, created_at, updated_at) \
     SELECT id, $1, 'pending', 0, $2, NULL, $2, $2 FROM webhook_endpoints \
     WHERE enabled = 1 AND (account = $3 OR every_account = 1) AND events LIKE $4";

/// The LIKE pattern of a type in a stored event list.
fn pattern(event: &QuoteEvent) -> String {
    format!("% {} %", event.kind.as_str())
}

macro_rules! enqueue_on {
    ($conn:expr, $event:expr, $now:expr) => {{
        let event: &QuoteEvent = $event;
        let now = $now.timestamp_millis();
        let inserted = sqlx::query(INSERT_EVENT)
            .bind(&event.id)
            .bind(&event.account)
            .bind(event.kind.as_str())
            .bind(event.quote_id.as_str())
            .bind(&event.payload)
            .bind(event.at.timestamp_millis())
            .execute(&mut *$conn)
            .await?;
        if inserted.rows_affected() == 0 {
            return Ok(0);
        }
        let deliveries = sqlx::query(INSERT_DELIVERIES)
            .bind(&event.id)
            .bind(now)
            .bind(&event.account)
            .bind(pattern(event))
            .execute(&mut *$conn)
            .await?;
        Ok(deliveries.rows_affected())
    }};
}

/// Writes `event` and its deliveries inside the open SQLite transaction; returns how many
/// deliveries (0 when the quote has an event of this type already).
pub(crate) async fn enqueue_sqlite(
    conn: &mut SqliteConnection,
    event: &QuoteEvent,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    enqueue_on!(conn, event, now)
}

/// Writes `event` and its deliveries inside the open PostgreSQL transaction; returns how many
/// deliveries (0 when the quote has an event of this type already).
pub(crate) async fn enqueue_postgres(
    conn: &mut PgConnection,
    event: &QuoteEvent,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    enqueue_on!(conn, event, now)
}
