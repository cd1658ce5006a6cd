//! The single SQLite writer. It takes every job waiting (up to a batch), runs each inside a
//! savepoint of one `BEGIN IMMEDIATE` transaction on a connection of its own, commits once,
//! and only then answers. A job that fails rolls back to its savepoint alone; a failed COMMIT
//! fails the whole batch.
//!
//! The connection is the writer's for as long as it works: taking one from the pool for each
//! batch cost a ping on the way out and another on the way back, each a round trip to the
//! connection's thread.

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use tokio::sync::mpsc;

use super::bulk::{self, Insert};
use super::{Job, Reply, ops};
use crate::quotes::StoreError;
use crate::quotes::idempotency::IdempotentCreate;

/// The most writes one transaction commits.
const MAX_BATCH: usize = 512;

/// Serves jobs until every sender is gone.
pub(super) async fn run(options: SqliteConnectOptions, mut jobs: mpsc::Receiver<Job>) {
    let mut conn = None;
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
        commit_batch(&options, &mut conn, batch.drain(..)).await;
    }
}

/// A job that ran, with its own outcome, waiting for the COMMIT.
enum Ran {
    Unit(Reply<()>, Result<(), StoreError>),
    Begin(
        Reply<crate::quotes::Begin>,
        Result<crate::quotes::Begin, StoreError>,
    ),
    Once(
        Reply<IdempotentCreate>,
        Result<IdempotentCreate, StoreError>,
    ),
    Count(Reply<u64>, Result<u64, StoreError>),
}

impl Ran {
    fn failed(&self) -> bool {
        match self {
            Ran::Unit(_, r) => r.is_err(),
            Ran::Begin(_, r) => r.is_err(),
            Ran::Once(_, r) => r.is_err(),
            Ran::Count(_, r) => r.is_err(),
        }
    }

    /// Answers the caller: its own outcome if the batch committed, else the batch's error.
    /// A caller that stopped waiting is simply not told.
    fn answer(self, batch: Option<&StoreError>) {
        fn pick<T>(
            own: Result<T, StoreError>,
            batch: Option<&StoreError>,
        ) -> Result<T, StoreError> {
            match batch {
                Some(e) => Err(e.clone()),
                None => own,
            }
        }
        match self {
            Ran::Unit(reply, own) => drop(reply.send(pick(own, batch))),
            Ran::Begin(reply, own) => drop(reply.send(pick(own, batch))),
            Ran::Once(reply, own) => drop(reply.send(pick(own, batch))),
            Ran::Count(reply, own) => drop(reply.send(pick(own, batch))),
        }
    }
}

impl Job {
    /// Tells the caller the batch failed before this job ran.
    fn fail(self, e: &StoreError) {
        match self {
            Job::Create { reply, .. }
            | Job::Supersede { reply, .. }
            | Job::Release { reply, .. } => drop(reply.send(Err(e.clone()))),
            Job::CreateOnce { reply, .. } => drop(reply.send(Err(e.clone()))),
            Job::Begin { reply, .. } => drop(reply.send(Err(e.clone()))),
            Job::Purge { reply, .. } => drop(reply.send(Err(e.clone()))),
        }
    }

    async fn run(self, conn: &mut SqliteConnection) -> Ran {
        match self {
            Job::Create {
                quote,
                completion,
                reply,
            } => Ran::Unit(reply, ops::create(conn, &quote, completion.as_ref()).await),
            Job::CreateOnce {
                claim,
                quote,
                body,
                reply,
            } => {
                let insert = Insert {
                    quote,
                    once: Some((claim, body)),
                };
                Ran::Once(reply, apply_one(conn, &insert).await)
            }
            Job::Supersede { id, by, at, reply } => {
                Ran::Unit(reply, ops::supersede(conn, &id, &by, at).await)
            }
            Job::Begin {
                ticket,
                fingerprint,
                now,
                lock_timeout,
                reply,
            } => Ran::Begin(
                reply,
                ops::begin(conn, ticket, &fingerprint, now, lock_timeout).await,
            ),
            Job::Release { ticket, reply } => Ran::Unit(reply, ops::release(conn, &ticket).await),
            Job::Purge { before, reply } => Ran::Count(reply, ops::purge(conn, before).await),
        }
    }
}

async fn apply_one(
    conn: &mut SqliteConnection,
    insert: &Insert,
) -> Result<IdempotentCreate, StoreError> {
    let mut outcomes = bulk::apply(conn, &[insert]).await?;
    outcomes
        .pop()
        .ok_or_else(|| StoreError::Corrupt("a create had no outcome".into()))
}

async fn commit_batch(
    options: &SqliteConnectOptions,
    conn: &mut Option<SqliteConnection>,
    mut jobs: impl Iterator<Item = Job>,
) {
    let mut ran = Vec::new();
    let outcome = match connection(options, conn).await {
        Ok(c) => run_in_one_transaction(c, &mut jobs, &mut ran).await,
        Err(e) => Err(e),
    };
    let batch_error = outcome.err();
    for r in ran {
        r.answer(batch_error.as_ref());
    }
    if let Some(e) = &batch_error {
        tracing::error!(error = %e, "a batch of quote writes failed");
        jobs.for_each(|job| job.fail(e));
        // The connection may be what failed: the next batch opens a new one.
        *conn = None;
    }
}

/// The writer's connection, opened if there is none.
async fn connection<'c>(
    options: &SqliteConnectOptions,
    conn: &'c mut Option<SqliteConnection>,
) -> Result<&'c mut SqliteConnection, StoreError> {
    let open = match conn.take() {
        Some(open) => open,
        None => options.connect().await?,
    };
    Ok(conn.insert(open))
}

async fn run_in_one_transaction(
    conn: &mut SqliteConnection,
    jobs: &mut impl Iterator<Item = Job>,
    ran: &mut Vec<Ran>,
) -> Result<(), StoreError> {
    // IMMEDIATE takes the write lock up front: another process writing the same file makes
    // this wait (busy_timeout) instead of failing later with SQLITE_BUSY.
    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
    for job in jobs {
        if let Err(e) = sqlx::query("SAVEPOINT job").execute(&mut *tx).await {
            let e = StoreError::from(e);
            job.fail(&e);
            return Err(e);
        }
        let r = job.run(&mut tx).await;
        let failed = r.failed();
        ran.push(r);
        if failed {
            sqlx::query("ROLLBACK TO job").execute(&mut *tx).await?;
        }
        sqlx::query("RELEASE job").execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests;
