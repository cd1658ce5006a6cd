//! Quotes in PostgreSQL, shared by several replicas. Each write is its own transaction; rows
//! that concurrent requests may both touch are claimed with `INSERT … ON CONFLICT DO NOTHING`
//! or `SELECT … FOR UPDATE`, so the database decides who was first.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use sqlx::postgres::{PgPool, PgRow};
use sqlx::{PgConnection, Row};
use tokio::sync::OnceCell;

use crate::quotes::idempotency::{
    Begin, Decision, Fingerprint, IdempotencyTicket, IdempotentCreate, KeyTaken, Recorded, decide,
};
use crate::quotes::row::{IdempotencyRow, QuoteRow};
use crate::quotes::store::{CREATED, Claim};
use crate::quotes::{JsonText, PreparedQuote, QuoteId, StoreError, StoredQuote};
use crate::storage;

/// How often `begin` retries when the key it met was released before it could read it.
const BEGIN_ATTEMPTS: usize = 3;

/// The PostgreSQL side of the quote store.
#[derive(Clone)]
pub(crate) struct PostgresQuotes {
    pool: PgPool,
    /// Set once this process has seen the schema migrated.
    schema: Arc<OnceCell<()>>,
}

impl PostgresQuotes {
    pub fn new(pool: PgPool) -> PostgresQuotes {
        PostgresQuotes {
            pool,
            schema: Arc::default(),
        }
    }

    /// The pool, once the schema is current. The server may have been down at start-up, so
    /// the first operation after it comes up runs the migrations.
    async fn pool(&self) -> Result<&PgPool, StoreError> {
        self.schema
            .get_or_try_init(|| storage::migrate_postgres(&self.pool))
            .await?;
        Ok(&self.pool)
    }

    pub async fn create(
        &self,
        q: PreparedQuote,
        completion: Option<Recorded>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().await?.begin().await?;
        if let Some(old) = &q.replaces {
            require_quote(&mut tx, "replaces", old).await?;
        }
        let [low, typical, high] = q.total.as_stored();
        sqlx::query(
            "INSERT INTO quotes (id, created_at, expires_at, replaces, owner_key_id, \
                 price_book_version, therapy, total_low_cents, total_typical_cents, \
                 total_high_cents, snapshot) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::json)",
        )
        .bind(q.id.as_str())
        .bind(q.created_at)
        .bind(q.expires_at)
        .bind(q.replaces.as_ref().map(QuoteId::as_str))
        .bind(q.owner_key_id.as_ref().map(|k| k.as_str()))
        .bind(&q.price_book_version)
        .bind(q.therapy.as_str())
        .bind(low)
        .bind(typical)
        .bind(high)
        .bind(q.snapshot.as_str())
        .execute(&mut *tx)
        .await?;
        if let Some(old) = &q.replaces {
            insert_supersession(&mut tx, "replaces", old, &q.id, q.created_at).await?;
        }
        if let Some(c) = &completion {
            complete(&mut tx, c, &q.id, q.created_at).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// `begin`: the key's row is the claim.
    pub async fn claim(&self, claim: &Claim) -> Result<Result<(), KeyTaken>, StoreError> {
        let begun = self
            .begin(
                claim.ticket.clone(),
                claim.fingerprint.clone(),
                claim.now,
                claim.lock_timeout,
            )
            .await?;
        Ok(begun.held().map(drop))
    }

    /// `create` with the response recorded under the claimed key; a failed `create` releases
    /// the key, so a retry starts afresh.
    pub async fn create_once(
        &self,
        claim: Claim,
        quote: PreparedQuote,
        body: JsonText,
    ) -> Result<IdempotentCreate, StoreError> {
        let done = Recorded {
            ticket: claim.ticket.clone(),
            status: CREATED,
            body,
        };
        match self.create(quote, Some(done)).await {
            Ok(()) => Ok(IdempotentCreate::Stored),
            Err(e) => {
                // Only a key this request still holds is released (the lease says whose it is).
                if let Err(release) = self.release(claim.ticket).await {
                    tracing::warn!(error = %release, "releasing an idempotency key failed");
                }
                Err(e)
            }
        }
    }

    pub async fn supersede(
        &self,
        id: &QuoteId,
        by: &QuoteId,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool().await?.begin().await?;
        require_quote(&mut tx, "id", id).await?;
        require_quote(&mut tx, "superseded_by", by).await?;
        insert_supersession(&mut tx, "id", id, by, at).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn get(&self, id: &QuoteId) -> Result<Option<StoredQuote>, StoreError> {
        let row = sqlx::query(
            "SELECT q.id, q.created_at, q.expires_at, q.replaces, q.owner_key_id, \
                    q.price_book_version, q.therapy, q.total_low_cents, q.total_typical_cents, \
                    q.total_high_cents, q.snapshot::text AS snapshot, \
                    s.superseded_by, s.superseded_at \
             FROM quotes q LEFT JOIN quote_supersessions s ON s.quote_id = q.id \
             WHERE q.id = $1",
        )
        .bind(id.as_str())
        .fetch_optional(self.pool().await?)
        .await?;
        row.map(|r| quote_row(&r)?.into_stored()).transpose()
    }

    pub async fn begin(
        &self,
        ticket: IdempotencyTicket,
        fingerprint: Fingerprint,
        now: DateTime<Utc>,
        lock_timeout: TimeDelta,
    ) -> Result<Begin, StoreError> {
        let pool = self.pool().await?;
        for _ in 0..BEGIN_ATTEMPTS {
            let mut tx = pool.begin().await?;
            // A concurrent insert of the same key makes this wait for that transaction, then
            // do nothing: exactly one request inserts.
            let inserted = sqlx::query(
                "INSERT INTO idempotency_keys \
                     (scope, idempotency_key, fingerprint, created_at, locked_at, lease) \
                 VALUES ($1, $2, $3, $4, $4, $5) \
                 ON CONFLICT (scope, idempotency_key) DO NOTHING",
            )
            .bind(&ticket.scope)
            .bind(ticket.key.as_str())
            .bind(fingerprint.as_str())
            .bind(now)
            .bind(&ticket.lease)
            .execute(&mut *tx)
            .await?;
            if inserted.rows_affected() == 1 {
                tx.commit().await?;
                return Ok(Begin::New(ticket));
            }
            let Some(r) = sqlx::query(
                "SELECT fingerprint, locked_at, response_status::bigint AS response_status, \
                        response_body::text AS response_body, quote_id \
                 FROM idempotency_keys WHERE scope = $1 AND idempotency_key = $2 FOR UPDATE",
            )
            .bind(&ticket.scope)
            .bind(ticket.key.as_str())
            .fetch_optional(&mut *tx)
            .await?
            else {
                // Released between the two statements: try to insert again.
                continue;
            };
            let row = IdempotencyRow {
                fingerprint: r.try_get("fingerprint")?,
                locked_at: r.try_get("locked_at")?,
                response_status: r.try_get("response_status")?,
                response_body: r.try_get("response_body")?,
                quote_id: r.try_get("quote_id")?,
            };
            return match decide(row.into_key_row()?, &fingerprint, now, lock_timeout) {
                Decision::Replay(response) => Ok(Begin::Replay(response)),
                Decision::Mismatch => Ok(Begin::Mismatch),
                Decision::InProgress => Ok(Begin::InProgress),
                Decision::TakeOver => {
                    sqlx::query(
                        "UPDATE idempotency_keys \
                         SET fingerprint = $3, created_at = $4, locked_at = $4, lease = $5 \
                         WHERE scope = $1 AND idempotency_key = $2",
                    )
                    .bind(&ticket.scope)
                    .bind(ticket.key.as_str())
                    .bind(fingerprint.as_str())
                    .bind(now)
                    .bind(&ticket.lease)
                    .execute(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    Ok(Begin::New(ticket))
                }
            };
        }
        // The key keeps appearing and vanishing: another request with it is active.
        Ok(Begin::InProgress)
    }

    pub async fn release(&self, ticket: IdempotencyTicket) -> Result<(), StoreError> {
        sqlx::query(
            "DELETE FROM idempotency_keys \
             WHERE scope = $1 AND idempotency_key = $2 AND lease = $3 \
               AND response_status IS NULL",
        )
        .bind(&ticket.scope)
        .bind(ticket.key.as_str())
        .bind(&ticket.lease)
        .execute(self.pool().await?)
        .await?;
        Ok(())
    }

    pub async fn purge(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let gone = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(before)
            .execute(self.pool().await?)
            .await?;
        Ok(gone.rows_affected())
    }
}

async fn require_quote(
    conn: &mut PgConnection,
    field: &'static str,
    id: &QuoteId,
) -> Result<(), StoreError> {
    let found: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM quotes WHERE id = $1)")
        .bind(id.as_str())
        .fetch_one(&mut *conn)
        .await?;
    if found {
        Ok(())
    } else {
        Err(StoreError::UnknownQuote {
            field,
            id: id.clone(),
        })
    }
}

/// Marks `id` superseded; a concurrent supersession of the same quote makes this one fail.
async fn insert_supersession(
    conn: &mut PgConnection,
    field: &'static str,
    id: &QuoteId,
    by: &QuoteId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let inserted = sqlx::query(
        "INSERT INTO quote_supersessions (quote_id, superseded_by, superseded_at) \
         VALUES ($1, $2, $3) ON CONFLICT (quote_id) DO NOTHING",
    )
    .bind(id.as_str())
    .bind(by.as_str())
    .bind(at)
    .execute(&mut *conn)
    .await?;
    if inserted.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StoreError::AlreadySuperseded {
            field,
            id: id.clone(),
        })
    }
}

/// Records the response under the key, if this request still holds it.
async fn complete(
    conn: &mut PgConnection,
    c: &Recorded,
    quote: &QuoteId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE idempotency_keys \
         SET response_status = $1, response_body = $2::json, quote_id = $3, locked_at = $4 \
         WHERE scope = $5 AND idempotency_key = $6 AND lease = $7 AND response_status IS NULL",
    )
    .bind(i32::from(c.status))
    .bind(c.body.as_str())
    .bind(quote.as_str())
    .bind(at)
    .bind(&c.ticket.scope)
    .bind(c.ticket.key.as_str())
    .bind(&c.ticket.lease)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(StoreError::LeaseLost)
    }
}

fn quote_row(r: &PgRow) -> Result<QuoteRow, StoreError> {
    Ok(QuoteRow {
        id: r.try_get("id")?,
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
        replaces: r.try_get("replaces")?,
        owner_key_id: r.try_get("owner_key_id")?,
        price_book_version: r.try_get("price_book_version")?,
        therapy: r.try_get("therapy")?,
        total_low_cents: r.try_get("total_low_cents")?,
        total_typical_cents: r.try_get("total_typical_cents")?,
        total_high_cents: r.try_get("total_high_cents")?,
        snapshot: r.try_get("snapshot")?,
        superseded_by: r.try_get("superseded_by")?,
        superseded_at: r.try_get("superseded_at")?,
    })
}
