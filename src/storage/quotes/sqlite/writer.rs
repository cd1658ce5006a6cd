//! The single SQLite writer. It takes every job waiting (up to a batch), runs them in order in
//! one `BEGIN IMMEDIATE` transaction on a connection of its own, commits once, and only then
//! answers (group commit: one fsync serves many quotes). Consecutive inserts are applied
//! together as a run (see [`statements::apply`]); a run that fails is rolled back and its
//! inserts applied one by one, so only the one at fault fails. A purge, and the record of an
//! issued Good Faith Estimate, each run inside a savepoint of their own. A failed COMMIT fails
//! the whole batch.
//!
//! The connection is the writer's for as long as it works: taking one from the pool for each
//! batch cost a ping on the way out and another on the way back, each a round trip to the
//! connection's thread.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use tokio::sync::{mpsc, oneshot};

use super::statements::{self, Insert};
use crate::gfe::IssuedEstimate;
use crate::storage::quotes::vocab::{IdempotencyKey, KeyTaken, StoreError};

/// The most writes one transaction commits.
const MAX_BATCH: usize = 512;

/// Prepared statements the writer's connection keeps: one per length of each bulk statement,
/// and the rest.
const STATEMENT_CACHE: usize = 3 * statements::MAX_ROWS + 32;

/// Where a job's answer goes.
pub(super) type Reply<T> = oneshot::Sender<Result<T, StoreError>>;

/// One write for the writer, with where to send its answer.
pub(super) enum Job {
    /// Store a quote (under its claimed key): `None` once stored, or why the key refused it.
    Insert {
        insert: Box<Insert>,
        reply: Reply<Option<KeyTaken>>,
    },
    /// Forget keys created before `before`.
    Purge {
        before: DateTime<Utc>,
        reply: Reply<u64>,
    },
    /// Keep a Good Faith Estimate as issued.
    RecordEstimate {
        estimate: Box<IssuedEstimate>,
        reply: Reply<()>,
    },
}

/// Serves jobs until every sender is gone.
pub(super) async fn run(options: SqliteConnectOptions, mut jobs: mpsc::Receiver<Job>) {
    let options = options.statement_cache_capacity(STATEMENT_CACHE);
    let mut conn = None;
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while jobs.recv_many(&mut batch, MAX_BATCH).await > 0 {
        commit_batch(&options, &mut conn, batch.drain(..)).await;
    }
}

/// A job that ran, with its own outcome, waiting for the COMMIT.
enum Ran {
    Insert(
        Reply<Option<KeyTaken>>,
        Result<Option<KeyTaken>, StoreError>,
    ),
    Purge(Reply<u64>, Result<u64, StoreError>),
    RecordEstimate(Reply<()>, Result<(), StoreError>),
}

impl Ran {
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
            Ran::Insert(reply, own) => drop(reply.send(pick(own, batch))),
            Ran::Purge(reply, own) => drop(reply.send(pick(own, batch))),
            Ran::RecordEstimate(reply, own) => drop(reply.send(pick(own, batch))),
        }
    }
}

impl Job {
    /// Tells the caller the batch failed before this job ran.
    fn fail(self, e: &StoreError) {
        match self {
            Job::Insert { reply, .. } => drop(reply.send(Err(e.clone()))),
            Job::Purge { reply, .. } => drop(reply.send(Err(e.clone()))),
            Job::RecordEstimate { reply, .. } => drop(reply.send(Err(e.clone()))),
        }
    }
}

/// An insert waiting in a run.
struct Member {
    insert: Box<Insert>,
    reply: Reply<Option<KeyTaken>>,
}

/// Consecutive inserts with distinct keys, applied together.
#[derive(Default)]
struct Run {
    members: Vec<Member>,
    keys: HashSet<(String, IdempotencyKey)>,
}

impl Run {
    /// Whether `member` uses a key already in the run: a second use of a key must see what
    /// the first one did, so the run is applied before it joins.
    fn holds_key_of(&self, member: &Member) -> bool {
        member
            .insert
            .claim
            .as_ref()
            .is_some_and(|c| self.keys.contains(&(c.scope.clone(), c.key.clone())))
    }

    fn push(&mut self, member: Member) {
        if let Some(c) = &member.insert.claim {
            self.keys.insert((c.scope.clone(), c.key.clone()));
        }
        self.members.push(member);
    }

    /// Applies the run, leaving it empty, and records each member's outcome in `ran`. An
    /// error means the transaction itself failed; the members then carry that error.
    async fn flush(
        &mut self,
        conn: &mut SqliteConnection,
        ran: &mut Vec<Ran>,
    ) -> Result<(), StoreError> {
        self.keys.clear();
        let members = std::mem::take(&mut self.members);
        if members.is_empty() {
            return Ok(());
        }
        let inserts: Vec<&Insert> = members.iter().map(|m| &*m.insert).collect();
        let outcomes = apply_run(conn, &inserts).await;
        drop(inserts);
        match outcomes {
            Ok(outcomes) => {
                let answered = members.into_iter().zip(outcomes);
                ran.extend(answered.map(|(m, o)| Ran::Insert(m.reply, o)));
                Ok(())
            }
            Err(e) => {
                ran.extend(
                    members
                        .into_iter()
                        .map(|m| Ran::Insert(m.reply, Err(e.clone()))),
                );
                Err(e)
            }
        }
    }
}

/// Each insert's outcome. The run is applied in one go when it can be; when that fails, it is
/// rolled back and each insert applied alone, so that only the ones at fault fail.
async fn apply_run(
    conn: &mut SqliteConnection,
    inserts: &[&Insert],
) -> Result<Vec<Result<Option<KeyTaken>, StoreError>>, StoreError> {
    if let [insert] = inserts {
        return Ok(vec![
            in_savepoint(conn, async |c| apply_one(c, insert).await).await?,
        ]);
    }
    match in_savepoint(conn, async |c| statements::apply(c, inserts).await).await? {
        Ok(outcomes) => return Ok(outcomes.into_iter().map(Ok).collect()),
        Err(e) => tracing::debug!(error = %e, "a run of inserts failed; applying them one by one"),
    }
    let mut outcomes = Vec::with_capacity(inserts.len());
    for insert in inserts {
        outcomes.push(in_savepoint(conn, async |c| apply_one(c, insert).await).await?);
    }
    Ok(outcomes)
}

async fn apply_one(
    conn: &mut SqliteConnection,
    insert: &Insert,
) -> Result<Option<KeyTaken>, StoreError> {
    let mut outcomes = statements::apply(conn, &[insert]).await?;
    outcomes
        .pop()
        .ok_or_else(|| StoreError::Corrupt("an insert had no outcome".into()))
}

/// Runs `work` inside a savepoint: kept when it succeeds, rolled back when it fails. The outer
/// error is the transaction's own failure; the inner one is `work`'s.
async fn in_savepoint<T>(
    conn: &mut SqliteConnection,
    work: impl AsyncFnOnce(&mut SqliteConnection) -> Result<T, StoreError>,
) -> Result<Result<T, StoreError>, StoreError> {
    sqlx::query("SAVEPOINT job").execute(&mut *conn).await?;
    let outcome = work(&mut *conn).await;
    if outcome.is_err() {
        sqlx::query("ROLLBACK TO job").execute(&mut *conn).await?;
    }
    sqlx::query("RELEASE job").execute(&mut *conn).await?;
    Ok(outcome)
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
    let mut run = Run::default();
    for job in jobs {
        match job {
            Job::Insert { insert, reply } => {
                let member = Member { insert, reply };
                if run.holds_key_of(&member)
                    && let Err(e) = run.flush(&mut tx, ran).await
                {
                    ran.push(Ran::Insert(member.reply, Err(e.clone())));
                    return Err(e);
                }
                run.push(member);
            }
            Job::Purge { before, reply } => {
                if let Err(e) = run.flush(&mut tx, ran).await {
                    drop(reply.send(Err(e.clone())));
                    return Err(e);
                }
                let outcome =
                    in_savepoint(&mut tx, async |c| statements::purge(c, before).await).await?;
                ran.push(Ran::Purge(reply, outcome));
            }
            Job::RecordEstimate { estimate, reply } => {
                if let Err(e) = run.flush(&mut tx, ran).await {
                    drop(reply.send(Err(e.clone())));
                    return Err(e);
                }
                let outcome = in_savepoint(&mut tx, async |c| {
                    statements::record_estimate(c, &estimate).await
                })
                .await?;
                ran.push(Ran::RecordEstimate(reply, outcome));
            }
        }
    }
    run.flush(&mut tx, ran).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests;
