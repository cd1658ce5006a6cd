//! Quotes in PostgreSQL, shared by several replicas. Each write is its own transaction; rows
//! that concurrent requests may both touch are claimed with `INSERT … ON CONFLICT DO NOTHING`
//! or `SELECT … FOR UPDATE`, so the database decides who was first. A claimed key is a row
//! without a quote, so every replica sees it.

use std::sync::{Arc, OnceLock};

use chrono::{DateTime, Utc};
use sqlx::postgres::{PgArguments, PgPool, PgRow, Postgres};
use sqlx::query::Query;
use sqlx::{PgConnection, Row};
use tokio::sync::OnceCell;

use super::backend::Backend;
use super::columns::{
    Dialect, ESTIMATES, EstimateRow, KEYS, QUOTES, QuoteRow, Value, estimate_record,
    estimate_values, insert_sql, key_row, key_values, quote_values, select_estimate_sql,
    select_key_sql, select_quote_sql,
};
use super::keys::{Decision, decide};
use super::vocab::{Claim, KeyTaken, StoreError};
use crate::gfe::{EstimateId, IssuedEstimate};
use crate::quoting::{NewQuote, QuoteId, StoredQuote};
use crate::storage;
use crate::storage::webhooks::outbox::enqueue_postgres;
use crate::webhooks::event::events_of_new_quote;

/// How often a claim retries when the key it met was released before it could read it.
const CLAIM_ATTEMPTS: usize = 3;

/// The PostgreSQL side of the quote store.
#[derive(Clone)]
pub(crate) struct PostgresQuotes {
    pool: PgPool,
    /// Set once this process has seen the schema migrated.
    schema: Arc<OnceCell<()>>,
}

/// The statements, built once from the column lists.
struct Sql {
    insert_quote: String,
    insert_key: String,
    select_quote: String,
    select_key: String,
    insert_estimate: String,
    select_estimate: String,
}

fn sql() -> &'static Sql {
    static SQL: OnceLock<Sql> = OnceLock::new();
    SQL.get_or_init(|| Sql {
        insert_quote: insert_sql(Dialect::Postgres, "quotes", &QUOTES, 1, ""),
        insert_key: insert_sql(
            Dialect::Postgres,
            "idempotency_keys",
            &KEYS,
            1,
            " ON CONFLICT (scope, idempotency_key) DO NOTHING",
        ),
        select_quote: select_quote_sql(Dialect::Postgres),
        select_key: select_key_sql(Dialect::Postgres, true),
        insert_estimate: insert_sql(Dialect::Postgres, "good_faith_estimates", &ESTIMATES, 1, ""),
        select_estimate: select_estimate_sql(Dialect::Postgres),
    })
}

/// `query` with `value` bound, as PostgreSQL stores it.
fn bind<'q>(
    query: Query<'q, Postgres, PgArguments>,
    value: Value<'q>,
) -> Query<'q, Postgres, PgArguments> {
    match value {
        Value::Text(text) => query.bind(text),
        Value::Time(t) => query.bind(t),
        Value::Int(n) => query.bind(n),
        Value::Json(text) => query.bind(text),
    }
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

    /// Stores the quote and answers its claimed key, in one transaction.
    async fn store(&self, q: &NewQuote, claim: Option<&Claim>) -> Result<(), StoreError> {
        let mut tx = self.pool().await?.begin().await?;
        if let Some(old) = &q.replaces {
            require_quote(&mut tx, old).await?;
        }
        let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql().insert_quote.as_str()));
        for value in quote_values(q) {
            insert = bind(insert, value);
        }
        insert.execute(&mut *tx).await?;
        if let Some(old) = &q.replaces {
            insert_supersession(&mut tx, old, &q.id, q.created_at).await?;
        }
        // The outbox: the quote's webhooks are committed with it, or not at all.
        for event in events_of_new_quote(q) {
            enqueue_postgres(&mut tx, &event, q.created_at).await?;
        }
        if let Some(claim) = claim {
            answer_key(&mut tx, claim, &q.id, q.created_at).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Deletes the key `claim` holds, if it still holds it and it stored nothing.
    async fn release(&self, claim: &Claim) -> Result<(), StoreError> {
        sqlx::query(
            "DELETE FROM idempotency_keys \
             WHERE scope = $1 AND idempotency_key = $2 AND lease = $3 AND quote_id IS NULL",
        )
        .bind(&claim.scope)
        .bind(claim.key.as_str())
        .bind(&claim.lease)
        .execute(self.pool().await?)
        .await?;
        Ok(())
    }
}

impl Backend for PostgresQuotes {
    type Hold = ();

    async fn claim(&self, claim: &Claim) -> Result<Result<(), KeyTaken>, StoreError> {
        let pool = self.pool().await?;
        for _ in 0..CLAIM_ATTEMPTS {
            let mut tx = pool.begin().await?;
            // A concurrent insert of the same key makes this wait for that transaction, then
            // do nothing: exactly one request inserts.
            let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql().insert_key.as_str()));
            for value in key_values(claim, None) {
                insert = bind(insert, value);
            }
            if insert.execute(&mut *tx).await?.rows_affected() == 1 {
                tx.commit().await?;
                return Ok(Ok(()));
            }
            let Some(r) = sqlx::query(sqlx::AssertSqlSafe(sql().select_key.as_str()))
                .bind(&claim.scope)
                .bind(claim.key.as_str())
                .fetch_optional(&mut *tx)
                .await?
            else {
                // Released between the two statements: try to insert again.
                continue;
            };
            let row = key_row(
                r.try_get("fingerprint")?,
                r.try_get("locked_at")?,
                r.try_get("quote_id")?,
            )?;
            return match decide(row, &claim.fingerprint, claim.now, claim.lock_timeout) {
                Decision::Taken(taken) => Ok(Err(taken)),
                Decision::TakeOver => {
                    sqlx::query(
                        "UPDATE idempotency_keys \
                         SET fingerprint = $3, created_at = $4, locked_at = $4, lease = $5 \
                         WHERE scope = $1 AND idempotency_key = $2",
                    )
                    .bind(&claim.scope)
                    .bind(claim.key.as_str())
                    .bind(claim.fingerprint.as_str())
                    .bind(claim.now)
                    .bind(&claim.lease)
                    .execute(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    Ok(Ok(()))
                }
            };
        }
        // The key keeps appearing and vanishing: another request with it is active.
        Ok(Err(KeyTaken::InProgress))
    }

    async fn insert(
        &self,
        quote: NewQuote,
        claim: Option<Claim>,
    ) -> Result<Option<KeyTaken>, StoreError> {
        match self.store(&quote, claim.as_ref()).await {
            Ok(()) => Ok(None),
            Err(e) => {
                // Only a key this request still holds is released (the lease says whose it is).
                if let Some(claim) = &claim
                    && let Err(release) = self.release(claim).await
                {
                    tracing::warn!(error = %release, "releasing an idempotency key failed");
                }
                Err(e)
            }
        }
    }

    async fn give_up(&self, claim: Claim) -> Result<Option<KeyTaken>, StoreError> {
        // The claim consulted the database already: what the key said before was answered
        // then, so there is only the hold to free.
        self.release(&claim).await?;
        Ok(None)
    }

    async fn get(&self, id: &QuoteId) -> Result<Option<StoredQuote>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql().select_quote.as_str()))
            .bind(id.as_str())
            .fetch_optional(self.pool().await?)
            .await?;
        row.map(|r| quote_row(&r)?.into_stored()).transpose()
    }

    async fn purge(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let gone = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(before)
            .execute(self.pool().await?)
            .await?;
        Ok(gone.rows_affected())
    }

    async fn record_estimate(&self, estimate: IssuedEstimate) -> Result<(), StoreError> {
        let record = estimate_record(&estimate)?;
        let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql().insert_estimate.as_str()));
        for value in estimate_values(&estimate, &record) {
            insert = bind(insert, value);
        }
        insert.execute(self.pool().await?).await?;
        Ok(())
    }

    async fn estimate(&self, id: &EstimateId) -> Result<Option<IssuedEstimate>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(sql().select_estimate.as_str()))
            .bind(id.as_str())
            .fetch_optional(self.pool().await?)
            .await?;
        row.map(|r| {
            EstimateRow {
                id: r.try_get("id")?,
                quote_id: r.try_get("quote_id")?,
                issued_at: r.try_get("issued_at")?,
                record: r.try_get("record")?,
            }
            .into_issued()
        })
        .transpose()
    }
}

async fn require_quote(conn: &mut PgConnection, id: &QuoteId) -> Result<(), StoreError> {
    let found: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM quotes WHERE id = $1)")
        .bind(id.as_str())
        .fetch_one(&mut *conn)
        .await?;
    if found {
        Ok(())
    } else {
        Err(StoreError::UnknownQuote {
            field: "replaces",
            id: id.clone(),
        })
    }
}

/// Marks `id` superseded; a concurrent supersession of the same quote makes this one fail.
async fn insert_supersession(
    conn: &mut PgConnection,
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
            field: "replaces",
            id: id.clone(),
        })
    }
}

/// Records the key as answered by `quote`, if this request still holds it.
async fn answer_key(
    conn: &mut PgConnection,
    claim: &Claim,
    quote: &QuoteId,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE idempotency_keys SET quote_id = $1, locked_at = $2 \
         WHERE scope = $3 AND idempotency_key = $4 AND lease = $5 AND quote_id IS NULL",
    )
    .bind(quote.as_str())
    .bind(at)
    .bind(&claim.scope)
    .bind(claim.key.as_str())
    .bind(&claim.lease)
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
        signed_quote: r.try_get("signed_quote")?,
        superseded_by: r.try_get("superseded_by")?,
        superseded_at: r.try_get("superseded_at")?,
    })
}
